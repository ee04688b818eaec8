"""Security review follow-up: a beheerder cannot take over an account by changing its e-mail
address; look-alike spellings of an address find no account; reset mails to one account are
capped in the database, also with the cache down."""

import secrets

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ivh.accounts.models import AccountLink, User
from ivh.accounts.services import user_changes_record
from ivh.outbox.models import OutboxMessage
from tests.accounts.factories import UserFactory
from tests.accounts.test_admin_rights import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(personas) -> User:
    personas.beheerder.is_staff = True
    personas.beheerder.save()
    return personas.beheerder


def test_a_beheerder_cannot_change_the_address_of_an_account_with_a_role(
    personas, beheerder, login
):
    victim = personas.coordinator
    original = victim.email
    page = login(beheerder).get(change_url(victim)).content.decode()
    assert 'name="email"' not in page  # shown, not editable
    login(beheerder).post(change_url(victim), form_data(victim, email="beheer-alias@example.org"))
    victim.refresh_from_db()
    assert victim.email == original
    with pytest.raises(PermissionDenied):
        user_changes_record(
            user=victim, changes={"email": (original, "beheer-alias@example.org")}, by=beheerder
        )


def test_a_superuser_changes_an_address_and_the_old_address_is_told(personas):
    root = UserFactory(is_superuser=True, is_staff=True)
    victim = personas.coordinator
    old = victim.email
    user_changes_record(user=victim, changes={"email": (old, "nieuw@example.org")}, by=root)
    message = OutboxMessage.objects.get(kind="accounts.adres_gewijzigd")
    assert message.recipient == old and message.context == {"user_id": victim.pk}


def test_a_beheerder_may_correct_the_address_of_an_account_without_a_role(beheerder, login):
    newcomer = UserFactory(email="typfout@exampel.org")
    login(beheerder).post(change_url(newcomer), form_data(newcomer, email="goed@example.org"))
    newcomer.refresh_from_db()
    assert newcomer.email == "goed@example.org"
    assert OutboxMessage.objects.get(kind="accounts.adres_gewijzigd").recipient == (
        "typfout@exampel.org"
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "ca\u017femanager@example.org",  # long s: Postgres' upper() makes it S
        "casemanager@example.\u0131o",  # dotless i
        " CaseManager@Example.org ",
    ],
)
def test_look_alike_spellings_find_no_account_but_case_and_spaces_do(spelling, rf):
    user = UserFactory(email="casemanager@example.org")
    user.set_password("Een-Goed-Wachtwoord-2026")
    user.save()
    request = rf.post("/account/inloggen/")
    found = authenticate(request, username=spelling, password="Een-Goed-Wachtwoord-2026")
    expected = user if spelling.isascii() else None
    assert found == expected


def test_reset_mails_to_one_account_are_capped_in_the_database(client, settings):
    settings.IVH_PASSWORD_RESET_RATE_PER_ADDRESS = "1000/h"  # the cache limit out of the way
    settings.IVH_ACCOUNT_LINKS_PER_HOUR = 2
    user = UserFactory(email=f"vaak-{secrets.token_hex(4)}@example.org")
    for _ in range(4):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": user.email},
            REMOTE_ADDR="10.{}.{}.{}".format(*secrets.token_bytes(3)),
        )
        assert response.url == reverse("accounts:password_reset_sent")
    assert AccountLink.objects.filter(user=user).count() == 2


def test_the_login_lookup_is_an_exact_match_not_a_case_folding_one():
    """Case folding in the database (UPPER under a Unicode collation) maps look-alike letters
    onto an account; the lookup must compare the normalised spelling exactly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory(email="casemanager@example.org")
    with CaptureQueriesContext(connection) as queries:
        User.objects.get_by_natural_key(" CaseManager@Example.org ")
    sql = queries.captured_queries[-1]["sql"]
    assert "UPPER(" not in sql and "LIKE" not in sql


def test_a_new_dossier_role_is_announced_to_the_regions_coordinators(personas, beheerder):
    from ivh.accounts.models import RoleAssignment
    from ivh.accounts.services import role_assignment_save
    from ivh.outbox.services import outbox_sweep

    newcomer = UserFactory(email="nieuw@example.org")
    role_assignment_save(
        assignment=RoleAssignment(
            user=newcomer, role="coordinator", region=personas.region, active=True
        ),
        by=beheerder,
    )
    recipients = set(
        OutboxMessage.objects.filter(kind="accounts.rol_gemeld").values_list("recipient", flat=True)
    )
    assert recipients == {personas.coordinator.email, personas.colleague_coordinator.email}
    outbox_sweep()
    from django.core import mail

    body = mail.outbox[0].body
    assert "nieuw@example.org" in body and beheerder.full_name in body
