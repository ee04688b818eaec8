"""Pen test issue 15, finding 5 and walkthrough issue 9 item 15: a first second factor is set up
only through a single-use link from an invitation or reset; recovery codes; 2FA reset."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ivh.accounts.constants import LinkPurpose, SecurityEventKind
from ivh.accounts.models import AccountLink, SecurityEvent, User
from ivh.accounts.recovery import recovery_code_digest
from ivh.accounts.services import (
    password_reset_request,
    staff_invitation_send,
    two_factor_reset,
)
from ivh.accounts.tokens import account_link_token
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_send
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:2fa_setup")
VERIFY = reverse("accounts:2fa_verify")
PAGE = reverse("netwerk:sociale_kaart")
NEW_PASSWORD = "Paardenbloem-Zonnig-2026"


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def mailed_link(link: AccountLink) -> str:
    """Send the link's outbox row as the worker would; return the path in the e-mail."""
    message = OutboxMessage.objects.get(key=f"accounts.link.{link.pk}")
    assert outbox_send(message_id=message.pk) == "sent"
    body = mail.outbox[-1].body
    url = re.search(r"https?://\S+/account/link/\S+/", body).group(0)
    return url.removeprefix(settings.IVH_BASE_URL.rstrip("/"))


@pytest.fixture
def invited(personas) -> tuple[User, AccountLink]:
    user = User.objects.create_user("nieuw@example.org", None, full_name="Nieuwe Collega")
    link = staff_invitation_send(user=user, by=personas.beheerder)
    return user, link


# --- A password alone is not enough -----------------------------------------------------------


@override_settings(IVH_REQUIRE_2FA=True)
def test_a_password_alone_cannot_set_up_the_first_device(client, personas):
    user = personas.coordinator
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert client.get(PAGE).url.startswith(SETUP)

    page = client.get(SETUP)
    assert page.status_code == 403
    assert "Vraag de functioneel beheerder om een nieuwe uitnodiging" in page.content.decode()
    assert "<svg" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()

    client.post(SETUP, {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(PAGE).status_code == 302  # still no dossiers, no pages


@override_settings(IVH_REQUIRE_2FA=True)
def test_an_invited_colleague_sets_a_password_and_2fa_in_one_go(client, invited):
    user, link = invited
    path = mailed_link(link)
    email = mail.outbox[-1]
    assert email.subject == "Uw account voor IVH-coördinatie"
    assert "tweestapsverificatie" in email.body
    assert account_link_token(link) not in str(OutboxMessage.objects.get().context)

    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == SETUP
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    codes_page = client.post(SETUP, {"token": code(device)})
    assert codes_page.status_code == 200
    assert "no-store" in codes_page["Cache-Control"]
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", codes_page.content.decode())
    assert len(shown) == 10
    stored = set(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))
    # Stored as digests: the codes themselves are not in the database.
    assert {recovery_code_digest(c.replace("-", "")) for c in shown} == stored
    assert not stored & {c.replace("-", "") for c in shown}
    assert client.get(PAGE).status_code == 200
    assert SecurityEvent.objects.filter(
        subject=user, kind=SecurityEventKind.TWO_FACTOR_ENROLLED
    ).exists()

    # The link worked once.
    link.refresh_from_db()
    assert link.used_at is not None
    assert Client().get(path).status_code == 410


@override_settings(IVH_REQUIRE_2FA=True)
def test_after_logging_out_halfway_the_invited_person_needs_a_new_invitation(client, invited):
    user, link = invited
    path = mailed_link(link)
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("accounts:logout"))

    client.post(LOGIN, {"username": user.email, "password": NEW_PASSWORD})
    assert client.get(SETUP).status_code == 403
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_enrolment_grant_of_one_session_does_not_help_another(invited):
    user, link = invited
    path = mailed_link(link)
    first = Client()
    first.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    other = Client()
    other.post(LOGIN, {"username": user.email, "password": NEW_PASSWORD})
    assert other.get(SETUP).status_code == 403
    assert first.get(SETUP).status_code == 200


def test_an_enrolment_grant_is_for_the_user_it_was_given_to(rf, personas):
    from ivh.accounts.enrolment import SESSION_KEY, enrolment_allowed

    request = rf.get(SETUP)
    request.session = {SESSION_KEY: {"user": personas.coordinator.pk, "until": 2**40}}
    request.user = personas.coordinator
    assert enrolment_allowed(request)
    request.user = personas.casemanager
    assert not enrolment_allowed(request)
    request.user = personas.coordinator
    request.session[SESSION_KEY]["until"] = 1
    assert not enrolment_allowed(request)


def test_a_forged_expired_or_replaced_link_does_nothing(client, invited, personas):
    user, link = invited
    assert client.get(reverse("accounts:link", args=[f"{link.pk}.forged"])).status_code == 410
    assert client.get(reverse("accounts:link", args=["garbage"])).status_code == 410

    token = account_link_token(link)
    # A new invitation replaces the old one.
    staff_invitation_send(user=user, by=personas.beheerder)
    response = client.post(
        reverse("accounts:link", args=[token]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 410
    user.refresh_from_db()
    assert not user.has_usable_password()

    newest = AccountLink.objects.filter(user=user).usable().get()
    AccountLink.objects.filter(pk=newest.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert (
        client.get(reverse("accounts:link", args=[account_link_token(newest)])).status_code == 410
    )


def test_a_used_or_revoked_link_is_not_mailed(invited):
    _user, link = invited
    AccountLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    message = OutboxMessage.objects.get(key=f"accounts.link.{link.pk}")
    assert outbox_send(message_id=message.pk) == "skipped"
    assert mail.outbox == []


def test_a_link_is_not_mailed_to_an_address_the_account_no_longer_has(invited):
    user, link = invited
    User.objects.filter(pk=user.pk).update(email="ander@example.org")
    message = OutboxMessage.objects.get(key=f"accounts.link.{link.pk}")
    assert outbox_send(message_id=message.pk) == "skipped"


def test_an_account_with_2fa_gets_no_invitation(personas):
    TOTPDevice.objects.create(user=personas.casemanager, name="app", confirmed=True)
    with pytest.raises(Exception, match="heeft al tweestapsverificatie"):
        staff_invitation_send(user=personas.casemanager, by=personas.beheerder)


# --- Recovery codes ---------------------------------------------------------------------------


def _enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    from ivh.accounts.services import recovery_codes_create

    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device, recovery_codes_create(user=user)


def test_a_recovery_code_logs_in_once(client, personas):
    user = personas.casemanager
    _device, codes = _enrolled(user)
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    response = client.post(VERIFY, {"token": f"{codes[0][:4]}-{codes[0][4:].upper()}"})
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200
    assert SecurityEvent.objects.filter(
        subject=user, kind=SecurityEventKind.RECOVERY_CODE_USED
    ).exists()

    again = Client()
    again.post(LOGIN, {"username": user.email, "password": PASSWORD})
    refused = again.post(VERIFY, {"token": codes[0]})
    assert refused.status_code == 200
    assert "Deze code klopt niet" in refused.content.decode()
    assert again.get(PAGE).status_code == 302


def test_a_recovery_code_still_works_after_the_secret_key_is_rotated(client, personas, settings):
    user = personas.casemanager
    _device, codes = _enrolled(user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert client.post(VERIFY, {"token": codes[1]}).status_code == 302
    assert StaticDevice.objects.get(user=user).token_set.count() == len(codes) - 1


def test_codes_stored_before_digests_are_converted_by_the_migration(personas):
    """The data step of accounts 0005, run on a code stored as typed."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("ivh.accounts.migrations.0005_recovery_codes_as_digests")
    device = StaticDevice.objects.create(user=personas.casemanager, name="herstel", confirmed=True)
    device.token_set.create(token="abcd2345")
    already = device.token_set.create(token=recovery_code_digest("efgh6789"))
    migration.codes_to_digests(apps, None)
    assert set(device.token_set.values_list("token", flat=True)) == {
        recovery_code_digest("abcd2345"),
        already.token,
    }


def test_a_wrong_recovery_code_does_not_slow_down_the_app_code(client, personas):
    user = personas.casemanager
    device, _codes = _enrolled(user)
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    client.post(VERIFY, {"token": "aaaaaaaa"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302


# --- 2FA reset by the beheerder ---------------------------------------------------------------


@override_settings(IVH_REQUIRE_2FA=True)
def test_a_2fa_reset_ends_verified_sessions_and_its_link_sets_up_a_new_device(personas):
    user = personas.casemanager
    device, _codes = _enrolled(user)
    session = Client()
    session.post(LOGIN, {"username": user.email, "password": PASSWORD})
    session.post(VERIFY, {"token": code(device)})
    assert session.get(PAGE).status_code == 200

    link = two_factor_reset(user=user, by=personas.beheerder, reason="Nieuwe telefoon")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert session.get(PAGE).status_code == 302  # the old verification is gone

    path = mailed_link(link)
    assert "tweestapsverificatie uitgezet" in mail.outbox[-1].body
    client = Client()
    client.post(path, {"new_password1": PASSWORD + "x", "new_password2": PASSWORD + "x"})
    assert client.get(SETUP).status_code == 200


def test_a_beheerder_cannot_reset_their_own_2fa_and_must_give_a_reason(personas):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        two_factor_reset(user=personas.beheerder, by=personas.beheerder, reason="x")
    with pytest.raises(ValidationError):
        two_factor_reset(user=personas.casemanager, by=personas.beheerder, reason=" ")
    with pytest.raises(PermissionDenied):
        two_factor_reset(user=personas.casemanager, by=personas.coordinator, reason="x")


# --- Forgotten password and the second factor ---------------------------------------------------


@override_settings(IVH_REQUIRE_2FA=True)
def test_a_password_reset_keeps_the_existing_second_factor(personas):
    user = personas.casemanager
    device, _codes = _enrolled(user)
    link = password_reset_request(email=user.email.upper())
    client = Client()
    response = client.post(
        mailed_link(link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.url == reverse("core:start")
    assert client.get(PAGE).url.startswith(VERIFY)
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    assert client.get(PAGE).status_code == 200


@override_settings(IVH_REQUIRE_2FA=True)
def test_a_password_reset_does_not_enrol_an_account_that_never_had_2fa(personas):
    link = password_reset_request(email=personas.coordinator.email)
    client = Client()
    client.post(mailed_link(link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(SETUP).status_code == 403


@override_settings(IVH_REQUIRE_2FA=True)
def test_a_password_reset_enrols_again_while_a_2fa_reset_is_open(personas):
    user = personas.casemanager
    _enrolled(user)
    reset = two_factor_reset(user=user, by=personas.beheerder, reason="Telefoon kwijt")
    link = password_reset_request(email=user.email)
    client = Client()
    client.post(mailed_link(link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(SETUP).status_code == 200
    reset.refresh_from_db()
    assert reset.used_at is not None  # the reset's own link is used up with it


def test_links_of_each_kind_carry_their_purpose_in_the_signature(personas):
    link = password_reset_request(email=personas.coordinator.email)
    token = account_link_token(link)
    AccountLink.objects.filter(pk=link.pk).update(purpose=LinkPurpose.INVITATION)
    assert Client().get(reverse("accounts:link", args=[token])).status_code == 410


def test_a_mailbox_is_not_flooded_with_invitations(personas, settings):
    from django.core.exceptions import ValidationError

    settings.IVH_ACCOUNT_LINKS_PER_HOUR = 2
    user = UserFactory()
    staff_invitation_send(user=user, by=personas.beheerder)
    staff_invitation_send(user=user, by=personas.beheerder)
    with pytest.raises(ValidationError, match="al 2 links"):
        staff_invitation_send(user=user, by=personas.beheerder)
    assert OutboxMessage.objects.filter(recipient=user.email).count() == 2
