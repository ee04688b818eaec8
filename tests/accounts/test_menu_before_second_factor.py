"""Between the password and the second factor the page shows no staff menu: whoever has only the
password learns neither the account's name nor its role from the links (Trajecten, Toegangslog,
…). Only "Uitloggen" is offered. Once the code is entered the menu is there, the same menu the
middleware then lets the user use."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
# The coordinator's menu: what it would reveal about the account.
STAFF_PAGES = [
    "core:start",
    "casemanagement:caseload",
    "aanmelding:inbox",
    "signalen:overzicht",
    "monitor:overzicht",
    "mdo:overzicht",
    "netwerk:sociale_kaart",
    "audit:access_log",
    "bewaring:kalender",
    "accounts:account",
]


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def _menu(html: str) -> str:
    return re.search(r'<nav class="navbar.*?</nav>', html, re.DOTALL).group(0)


def _links_to(menu: str) -> set[str]:
    return {name for name in STAFF_PAGES if f'href="{reverse(name)}"' in menu}


def test_the_code_page_shows_no_staff_menu_until_the_code_is_entered(client, personas):
    user = personas.coordinator
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    page = client.get(reverse("accounts:2fa_verify"))
    assert page.status_code == 200
    menu = _menu(page.content.decode())
    assert _links_to(menu) == set()
    assert user.full_name not in page.content.decode() and user.email not in menu
    assert "Trajecten" not in menu and "Toegangslog" not in menu
    assert f'action="{reverse("accounts:logout")}"' in menu and "Uitloggen" in menu
    assert page.context["nav"] == {}

    assert client.post(reverse("accounts:2fa_verify"), {"token": _token(device)}).status_code == 302
    start = client.get(reverse("core:start"))
    menu = _menu(start.content.decode())
    assert _links_to(menu) == set(STAFF_PAGES)
    assert user.full_name in menu
    assert start.context["nav"]["trajecten"] is True


@override_settings(IVH_REQUIRE_2FA=True)
def test_while_2fa_must_still_be_set_up_the_page_shows_no_staff_menu(client, personas):
    # Required but no device yet: the set-up page (here refused: no invitation link) is all
    # there is, and it reveals nothing either.
    user = personas.coordinator
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    page = client.get(reverse("accounts:2fa_setup"))
    assert page.status_code == 403
    menu = _menu(page.content.decode())
    assert _links_to(menu) == set() and user.full_name not in page.content.decode()
    assert "Uitloggen" in menu


@override_settings(IVH_REQUIRE_2FA=False)
def test_without_a_device_and_2fa_optional_the_menu_is_there_at_once(client, personas):
    # The middleware lets this user in without a code: the menu follows the same rule.
    user = personas.coordinator
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    menu = _menu(client.get(reverse("core:start")).content.decode())
    assert _links_to(menu) == set(STAFF_PAGES)


def test_a_casemanager_after_the_code_sees_only_the_casemanagers_menu(client, personas):
    # The verified menu is still the role's own: no Toegangslog for a casemanager.
    user = personas.casemanager
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert _links_to(_menu(client.get(reverse("accounts:2fa_verify")).content.decode())) == set()
    client.post(reverse("accounts:2fa_verify"), {"token": _token(device)})
    menu = _menu(client.get(reverse("core:start")).content.decode())
    assert reverse("casemanagement:caseload") in menu
    assert reverse("audit:access_log") not in menu and reverse("aanmelding:inbox") not in menu
