"""Pen test issue 15, finding 3: nobody raises their own rights in the account admin; granting
beheer, or dossier access to a beheerder, needs a reason and lands in the security record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from aanmelding.models import Aanmelding
from ivh.accounts.constants import Role, SecurityEventKind
from ivh.accounts.models import AccountLink, RoleAssignment, SecurityEvent, User
from ivh.accounts.services import role_assignment_save, user_changes_record
from ivh.outbox.models import OutboxMessage
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PREFIX = "role_assignments"


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def form_data(user: User, *, new_roles: list[dict] = (), **overrides: object) -> dict:
    """The admin change form as the browser posts it: the user's fields and every role row."""
    data: dict[str, object] = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "reden": "",
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    rows = list(user.role_assignments.order_by("pk"))
    for index, row in enumerate(rows):
        data.update(
            _row(
                index,
                user,
                row.role,
                pk=row.pk,
                region=row.region_id,
                organisatie=row.organisatie_id,
                gemeente=row.gemeente_id,
                discipline=row.discipline,
                active=row.active,
            )
        )
    for offset, extra in enumerate(new_roles):
        data.update(_row(len(rows) + offset, user, **extra))
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": len(rows) + len(new_roles),
            f"{PREFIX}-INITIAL_FORMS": len(rows),
            f"{PREFIX}-MIN_NUM_FORMS": 0,
            f"{PREFIX}-MAX_NUM_FORMS": 1000,
        }
    )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _row(
    index: int,
    user: User,
    role: str,
    *,
    pk: int | None = None,
    region: int | None = None,
    organisatie: int | None = None,
    gemeente: int | None = None,
    discipline: str = "",
    active: bool = True,
    reden: str = "",
) -> dict:
    row = {
        "id": pk or "",
        "user": user.pk,
        "role": role,
        "region": region or "",
        "organisatie": organisatie or "",
        "gemeente": gemeente or "",
        "discipline": discipline,
        "expertise": "",
        "reden": reden,
    }
    if active:
        row["active"] = "on"
    return {f"{PREFIX}-{index}-{key}": value for key, value in row.items()}


@pytest.fixture
def beheerder(personas) -> User:
    user = personas.beheerder
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def other_beheerder(personas) -> User:
    user = RoleAssignmentFactory(beheerder=True, user__is_staff=True).user
    return user


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(
        "root@example.org", "een-lang-wachtwoord-1", full_name="Root"
    )


# --- What the beheerder sees -------------------------------------------------------------------


def test_beheerder_sees_no_superuser_group_or_permission_fields(login, beheerder, personas):
    page = login(beheerder).get(change_url(personas.coordinator))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="is_active"' in content
    for field in ("is_superuser", "groups", "user_permissions", "password"):
        assert f'name="{field}"' not in content, field


def test_a_superuser_made_on_the_command_line_does_see_them(login, superuser, personas):
    content = login(superuser).get(change_url(personas.coordinator)).content.decode()
    for field in ("is_superuser", "groups", "user_permissions"):
        assert f'name="{field}"' in content, field


def test_beheerder_cannot_make_anyone_superuser_by_posting_the_field(login, beheerder, personas):
    client = login(beheerder)
    for target in (beheerder, personas.coordinator):
        response = client.post(
            change_url(target), form_data(target, is_superuser="on", reden="mag ik")
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.is_superuser is False
    assert not SecurityEvent.objects.filter(data__has_key="is_superuser").exists()


def test_nobody_changes_their_own_staff_or_active_flags(login, beheerder):
    response = login(beheerder).post(change_url(beheerder), form_data(beheerder, is_staff=None))
    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert beheerder.is_staff is True  # read-only for oneself: the missing box changed nothing


def test_the_service_refuses_rights_changes_of_oneself_and_superuser_fields_of_a_beheerder(
    beheerder, personas
):
    with pytest.raises(PermissionDenied):
        user_changes_record(user=beheerder, changes={"is_staff": (True, False)}, by=beheerder)
    with pytest.raises(PermissionDenied):
        user_changes_record(
            user=personas.coordinator,
            changes={"is_superuser": (False, True)},
            by=beheerder,
            reason="omdat het kan",
        )


def test_beheerder_cannot_change_or_delete_a_superuser_or_set_passwords(
    login, beheerder, superuser, personas
):
    client = login(beheerder)
    response = client.post(change_url(superuser), form_data(superuser, full_name="Overgenomen"))
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.full_name == "Root"
    delete = reverse("admin:accounts_user_delete", args=[superuser.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=superuser.pk).exists()
    password = reverse("admin:auth_user_password_change", args=[personas.coordinator.pk])
    assert client.get(password).status_code == 403
    assert (
        client.post(
            password, {"password1": "Nieuw-wachtwoord-99", "password2": "Nieuw-wachtwoord-99"}
        )
    ).status_code == 403


# --- Own roles --------------------------------------------------------------------------------


def test_beheerder_cannot_give_itself_a_coordinator_role(login, beheerder, personas):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    client = login(beheerder)
    before = set(RoleAssignment.objects.filter(user=beheerder).values_list("pk", "role"))
    response = client.post(
        change_url(beheerder),
        form_data(
            beheerder,
            new_roles=[{"role": Role.COORDINATOR, "region": personas.region.pk, "reden": "even"}],
        ),
    )
    # The inline is read-only for oneself: the posted row is ignored (the service would refuse
    # it as well, see test_the_service_refuses_a_role_for_oneself).
    assert response.status_code == 302
    assert set(RoleAssignment.objects.filter(user=beheerder).values_list("pk", "role")) == before
    # Still no dossier: a fresh request loads the roles anew.
    assert client.get(reverse("casemanagement:intake", args=[aanmelding.pk])).status_code in (
        403,
        404,
    )
    assert Aanmelding.objects.filter(pk=aanmelding.pk).exists()


def test_own_roles_are_shown_read_only(login, beheerder):
    content = login(beheerder).get(change_url(beheerder)).content.decode()
    assert f'name="{PREFIX}-0-role"' not in content
    assert "Functioneel beheerder" in content


def test_the_service_refuses_a_role_for_oneself(beheerder, personas):
    assignment = RoleAssignment(user=beheerder, role=Role.COORDINATOR, region=personas.region)
    with pytest.raises(PermissionDenied):
        role_assignment_save(assignment=assignment, by=beheerder, reason="waarom niet")
    assert not RoleAssignment.objects.filter(user=beheerder, role=Role.COORDINATOR).exists()


def test_a_coordinator_cannot_grant_roles_even_through_the_service(personas):
    assignment = RoleAssignment(user=personas.casemanager, role=Role.BEHEERDER)
    with pytest.raises(PermissionDenied):
        role_assignment_save(assignment=assignment, by=personas.coordinator, reason="x")


# --- Roles for others, with a reason and a record ---------------------------------------------


def test_another_beheerder_gives_a_beheerder_dossier_access_with_a_reason_on_record(
    login, beheerder, other_beheerder, personas
):
    client = login(other_beheerder)
    new_role = {"role": Role.COORDINATOR, "region": personas.region.pk}

    refused = client.post(change_url(beheerder), form_data(beheerder, new_roles=[new_role]))
    assert refused.status_code == 200
    assert "Geef een reden" in refused.content.decode()
    assert not beheerder.role_assignments.filter(role=Role.COORDINATOR).exists()

    response = client.post(
        change_url(beheerder),
        form_data(
            beheerder, new_roles=[{**new_role, "reden": "Vervangt coördinator tijdens verlof"}]
        ),
    )
    assert response.status_code == 302
    assert beheerder.role_assignments.filter(role=Role.COORDINATOR, active=True).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_GRANTED, subject=beheerder)
    assert event.actor == other_beheerder
    assert event.reason == "Vervangt coördinator tijdens verlof"
    assert "Coördinator" in event.detail
    assert event.ip_address == "127.0.0.1"


def test_granting_beheer_needs_a_reason_for_anyone(login, beheerder, personas):
    target = personas.casemanager
    client = login(beheerder)
    refused = client.post(
        change_url(target), form_data(target, new_roles=[{"role": Role.BEHEERDER}])
    )
    assert refused.status_code == 200
    assert not target.role_assignments.filter(role=Role.BEHEERDER).exists()

    client.post(
        change_url(target),
        form_data(target, new_roles=[{"role": Role.BEHEERDER, "reden": "Tweede beheerder regio"}]),
    )
    assert target.role_assignments.filter(role=Role.BEHEERDER).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ROLE_GRANTED, subject=target, reason="Tweede beheerder regio"
    ).exists()


def test_an_ordinary_role_needs_no_reason_and_is_recorded_too(login, beheerder, personas):
    target = UserFactory()
    response = login(beheerder).post(
        change_url(target),
        form_data(target, new_roles=[{"role": Role.COORDINATOR, "region": personas.region.pk}]),
    )
    assert response.status_code == 302
    event = SecurityEvent.objects.get(subject=target)
    assert event.kind == SecurityEventKind.ROLE_GRANTED
    assert event.reason == ""


def test_taking_a_role_away_is_recorded(login, beheerder, personas):
    target = personas.casemanager
    data = form_data(target)
    data[f"{PREFIX}-0-DELETE"] = "on"
    assert login(beheerder).post(change_url(target), data).status_code == 302
    assert not target.role_assignments.exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ROLE_REVOKED, subject=target
    ).exists()


def test_a_superuser_changes_superuser_status_only_with_a_reason(login, superuser, personas):
    target = personas.coordinator
    client = login(superuser)
    refused = client.post(change_url(target), form_data(target, is_superuser="on"))
    assert refused.status_code == 200
    target.refresh_from_db()
    assert not target.is_superuser

    client.post(change_url(target), form_data(target, is_superuser="on", reden="Noodherstel"))
    target.refresh_from_db()
    assert target.is_superuser
    event = SecurityEvent.objects.get(kind=SecurityEventKind.RIGHTS_CHANGED, subject=target)
    assert event.reason == "Noodherstel"
    assert event.data["is_superuser"] == [False, True]


def test_the_security_record_is_append_only(beheerder, personas):
    with pytest.raises(ValidationError):
        role_assignment_save(
            assignment=RoleAssignment(user=personas.casemanager, role=Role.BEHEERDER), by=beheerder
        )
    role_assignment_save(
        assignment=RoleAssignment(user=personas.casemanager, role=Role.BEHEERDER),
        by=beheerder,
        reason="test",
    )
    event = SecurityEvent.objects.get()
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(reason="anders")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()


def test_beheerder_reads_the_security_record_in_the_admin(login, beheerder):
    assert (
        login(beheerder).get(reverse("admin:accounts_securityevent_changelist")).status_code == 200
    )


# --- Invitations from the admin ----------------------------------------------------------------


def test_adding_a_user_asks_no_password_and_sends_an_invitation(login, beheerder):
    client = login(beheerder)
    page = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="password1"' not in page
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nieuwe.Collega@Example.org",
            "full_name": "Nieuwe Collega",
            "phone": "",
            "uitnodiging_versturen": "on",
            f"{PREFIX}-TOTAL_FORMS": 0,
            f"{PREFIX}-INITIAL_FORMS": 0,
            f"{PREFIX}-MIN_NUM_FORMS": 0,
            f"{PREFIX}-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.collega@example.org")
    assert not user.has_usable_password()
    link = AccountLink.objects.get(user=user)
    message = OutboxMessage.objects.get(kind="accounts.uitnodiging")
    assert message.recipient == user.email
    assert message.context == {"link_id": link.pk}  # no token in the outbox row
    event = SecurityEvent.objects.get(kind=SecurityEventKind.INVITATION_SENT)
    assert (event.actor, event.subject) == (beheerder, user)


def test_invitation_action_sends_to_others_but_not_to_oneself(login, beheerder, personas):
    target = UserFactory()
    response = login(beheerder).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_invitation", "_selected_action": [target.pk, beheerder.pk]},
    )
    assert response.status_code == 302
    assert AccountLink.objects.filter(user=target).count() == 1
    assert not AccountLink.objects.filter(user=beheerder).exists()


def test_reset_two_factor_action_asks_a_reason_and_records_it(login, beheerder, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    target = personas.casemanager
    TOTPDevice.objects.create(user=target, name="app", confirmed=True)
    client = login(beheerder)
    changelist = reverse("admin:accounts_user_changelist")
    confirm = client.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [target.pk]}
    )
    assert confirm.status_code == 200
    assert "Reden" in confirm.content.decode()
    without_reason = client.post(
        changelist,
        {
            "action": "reset_two_factor",
            "_selected_action": [target.pk],
            "bevestigd": "1",
            "reden": "",
        },
    )
    assert without_reason.status_code == 200
    assert TOTPDevice.objects.filter(user=target).exists()

    done = client.post(
        changelist,
        {
            "action": "reset_two_factor",
            "_selected_action": [target.pk],
            "bevestigd": "1",
            "reden": "Telefoon kwijt, zelf gemeld",
        },
    )
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TWO_FACTOR_RESET)
    assert event.reason == "Telefoon kwijt, zelf gemeld"
    assert OutboxMessage.objects.filter(kind="accounts.tweestaps_herstel").count() == 1


def test_the_service_asks_a_reason_for_dossier_access_of_a_beheerder_only(
    other_beheerder, beheerder, personas
):
    to_beheerder = RoleAssignment(user=beheerder, role=Role.COORDINATOR, region=personas.region)
    with pytest.raises(ValidationError):
        role_assignment_save(assignment=to_beheerder, by=other_beheerder)
    assert not beheerder.role_assignments.filter(role=Role.COORDINATOR).exists()

    to_colleague = RoleAssignment(
        user=personas.casemanager, role=Role.COORDINATOR, region=personas.region
    )
    event = role_assignment_save(assignment=to_colleague, by=other_beheerder)
    assert event.kind == SecurityEventKind.ROLE_GRANTED
