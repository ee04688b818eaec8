"""Writes for accounts: roles and rights (with their security record), account links sent by
e-mail (invitation, reset of the second factor, forgotten password), and the second factor."""

from __future__ import annotations

import logging
from base64 import b32encode
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ivh.outbox.services import outbox_put

from .constants import DOSSIER_ROLES, LinkPurpose, Role, SecurityEventKind
from .models import AccountLink, RoleAssignment, SecurityEvent, User, normalize_login_email
from .recovery import recovery_code_digest, recovery_code_digests
from .tokens import new_nonce

logger = logging.getLogger(__name__)

DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"
RECOVERY_CODE_COUNT = 10

MAIL_KIND = {
    LinkPurpose.INVITATION: "accounts.uitnodiging",
    LinkPurpose.TWO_FACTOR_RESET: "accounts.tweestaps_herstel",
    LinkPurpose.PASSWORD_RESET: "accounts.wachtwoord_herstel",
}
# Told to the old address when an account's e-mail address is changed.
EMAIL_CHANGED_MAIL = "accounts.adres_gewijzigd"
# Told to a region's coordinators when someone gets a role that opens its dossiers.
ROLE_ANNOUNCED_MAIL = "accounts.rol_gemeld"
# Rights on the user row itself; a change is recorded, and nobody changes their own.
RIGHTS_FIELDS = frozenset({"is_active", "is_staff", "is_superuser", "groups", "user_permissions"})


def link_lifetime(purpose: str) -> timedelta:
    if purpose == LinkPurpose.PASSWORD_RESET:
        return timedelta(hours=settings.IVH_PASSWORD_RESET_HOURS)
    return timedelta(days=settings.IVH_INVITATION_DAYS)


# --- The security record -------------------------------------------------------------------


def security_event_record(
    *,
    kind: str,
    subject: User,
    by: User | None,
    detail: str = "",
    data: Mapping[str, object] | None = None,
    reason: str = "",
    ip_address: str | None = None,
) -> SecurityEvent:
    """Append one event to the security record (who, when, to whom, what, why)."""
    return SecurityEvent.objects.create(
        kind=kind,
        actor=by,
        actor_label=by.email if by is not None else _("(zonder inloggen of opdrachtregel)"),
        subject=subject,
        subject_label=subject.email,
        detail=detail[:300],
        data=dict(data or {}),
        reason=reason.strip(),
        ip_address=ip_address or None,
    )


def _require_account_admin(by: User) -> None:
    if not (by.is_active and (by.is_superuser or by.is_beheerder)):
        raise PermissionDenied(_("Alleen een functioneel beheerder beheert accounts."))


def _require_may_manage(by: User, user: User) -> None:
    """The acting beheerder may change this account: not their own, and a superuser only
    when they are one themselves."""
    _require_account_admin(by)
    if user.pk == by.pk:
        raise PermissionDenied(_("U kunt uw eigen rechten niet wijzigen. Vraag een collega."))
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied(_("Alleen een superuser wijzigt het account van een superuser."))


# --- Roles and rights ------------------------------------------------------------------------


def role_grant_needs_reason(*, role: str, holder_is_beheerder: bool) -> bool:
    """Beheer itself, and dossier access for someone who also holds beheer, are the grants
    that join configuration and dossier rights; they need a reason on record."""
    return role == Role.BEHEERDER or (role in DOSSIER_ROLES and holder_is_beheerder)


def _role_state(assignment: RoleAssignment) -> dict[str, object]:
    return {
        "role": assignment.role,
        "region": assignment.region_id,
        "organisatie": assignment.organisatie_id,
        "gemeente": assignment.gemeente_id,
        "discipline": assignment.discipline,
        "expertise": list(assignment.expertise or []),
        "active": assignment.active,
    }


_GRANT_KEYS = ("role", "region", "organisatie", "gemeente")


def role_assignment_save(
    *, assignment: RoleAssignment, by: User, reason: str = "", ip_address: str | None = None
) -> SecurityEvent | None:
    """Create or change one role of a user. Nobody changes their own roles; granting beheer, or
    a dossier role to a beheerder, needs a reason. Writes the security record; returns None
    when nothing changed."""
    _require_may_manage(by, assignment.user)
    with transaction.atomic():
        before = (
            RoleAssignment.objects.select_for_update().filter(pk=assignment.pk).first()
            if assignment.pk
            else None
        )
        old = _role_state(before) if before is not None else None
        new = _role_state(assignment)
        if old == new:
            return None
        granted = assignment.active and (
            old is None or not old["active"] or any(old[k] != new[k] for k in _GRANT_KEYS)
        )
        holder_is_beheerder = (
            RoleAssignment.objects.filter(
                user_id=assignment.user_id, role=Role.BEHEERDER, active=True
            )
            .exclude(pk=assignment.pk)
            .exists()
        )
        if (
            granted
            and role_grant_needs_reason(
                role=assignment.role, holder_is_beheerder=holder_is_beheerder
            )
            and not reason.strip()
        ):
            raise ValidationError(
                _("Geef een reden voor deze rol: %(role)s.") % {"role": str(assignment)}
            )
        assignment.save()
        if granted and assignment.role in DOSSIER_ROLES:
            _announce_dossier_role(assignment=assignment, by=by)
        if old is None:
            kind = SecurityEventKind.ROLE_GRANTED
        elif old["active"] and not new["active"]:
            kind = SecurityEventKind.ROLE_REVOKED
        else:
            kind = SecurityEventKind.ROLE_GRANTED if granted else SecurityEventKind.ROLE_CHANGED
        return security_event_record(
            kind=kind,
            subject=assignment.user,
            by=by,
            detail=str(assignment),
            data={"role_assignment": assignment.pk, "before": old, "after": new},
            reason=reason,
            ip_address=ip_address,
        )


def _announce_dossier_role(*, assignment: RoleAssignment, by: User) -> None:
    """Tell the region's coordinators that someone was given access to their region's dossiers:
    an account made up by a beheerder for themselves (or anyone) does not go unnoticed. The
    mail names the account and the role, no client data."""
    coordinators = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.COORDINATOR,
            role_assignments__region_id=assignment.region_id,  # type: ignore[misc]  # None: IS NULL, as Django allows
            role_assignments__active=True,
        )
        .exclude(pk__in=[assignment.user_id, by.pk])
        .distinct()
    )
    for coordinator in coordinators:
        outbox_put(
            key=f"{ROLE_ANNOUNCED_MAIL}:{assignment.pk}:{coordinator.pk}:{timezone.now().timestamp()}",
            kind=ROLE_ANNOUNCED_MAIL,
            recipient=coordinator.email,
            context={"role_assignment_id": assignment.pk, "by_id": by.pk},
        )


def role_assignment_delete(
    *, assignment: RoleAssignment, by: User, reason: str = "", ip_address: str | None = None
) -> SecurityEvent:
    """Take a role away (delete the row). Nobody removes their own roles either."""
    _require_may_manage(by, assignment.user)
    with transaction.atomic():
        event = security_event_record(
            kind=SecurityEventKind.ROLE_REVOKED,
            subject=assignment.user,
            by=by,
            detail=str(assignment),
            data={"role_assignment": assignment.pk, "before": _role_state(assignment)},
            reason=reason,
            ip_address=ip_address,
        )
        assignment.delete()
    return event


def _label(value: object) -> object:
    if isinstance(value, bool | int | str) or value is None:
        return value
    # groups, permissions: querysets or lists
    return sorted(str(item) for item in cast("Iterable[object]", value))


def user_changes_record(
    *,
    user: User,
    changes: Mapping[str, tuple[object, object]],
    by: User,
    reason: str = "",
    ip_address: str | None = None,
) -> list[SecurityEvent]:
    """Check and record changes to a user's rights and e-mail address (field → (old, new)),
    before they are saved. Nobody changes their own rights; only a superuser changes superuser
    status, groups or permissions, and with a reason. A new address ends the open links that
    went to the old one."""
    rights = {name: change for name, change in changes.items() if name in RIGHTS_FIELDS}
    events: list[SecurityEvent] = []
    if rights:
        _require_may_manage(by, user)
        if {"is_superuser", "groups", "user_permissions"} & rights.keys():
            if not by.is_superuser:
                raise PermissionDenied(_("Alleen een superuser wijzigt deze rechten."))
            if not reason.strip():
                raise ValidationError(_("Geef een reden voor deze wijziging van de rechten."))
        events.append(
            security_event_record(
                kind=SecurityEventKind.RIGHTS_CHANGED,
                subject=user,
                by=by,
                detail=", ".join(
                    f"{name}: {_label(old)} → {_label(new)}"
                    for name, (old, new) in sorted(rights.items())
                ),
                data={name: [_label(old), _label(new)] for name, (old, new) in rights.items()},
                reason=reason,
                ip_address=ip_address,
            )
        )
    if "email" in changes:
        old_email, new_email = changes["email"]
        if user.pk is not None and user.pk != by.pk:
            _require_may_manage(by, user)
            # The address is where invitations, password and 2FA resets go: whoever changes it
            # could take the account over. For an account with a role that takes a superuser
            # (command line), and the old address is always told.
            if not by.is_superuser and user.role_assignments.filter(active=True).exists():
                raise PermissionDenied(
                    _(
                        "Het e-mailadres van een account met een rol wijzigt alleen een "
                        "superuser. Vraag dat aan, of maak een nieuw account."
                    )
                )
        AccountLink.objects.filter(user=user).usable().update(revoked_at=timezone.now())
        if user.pk is not None and old_email:
            outbox_put(
                key=f"{EMAIL_CHANGED_MAIL}:{user.pk}:{timezone.now().timestamp()}",
                kind=EMAIL_CHANGED_MAIL,
                recipient=str(old_email),
                context={"user_id": user.pk},
            )
        events.append(
            security_event_record(
                kind=SecurityEventKind.EMAIL_CHANGED,
                subject=user,
                by=by,
                detail=f"{old_email} → {new_email}",
                reason=reason,
                ip_address=ip_address,
            )
        )
    return events


# --- Account links: invitation, reset of the second factor, forgotten password ---------------


def _account_link_create(
    *,
    user: User,
    purpose: str,
    by: User | None,
    event_kind: str,
    reason: str = "",
    ip_address: str | None = None,
) -> AccountLink:
    """A new link replaces any open link of the same purpose; the e-mail goes through the
    outbox after commit. The outbox row holds the link's id only, never the token."""
    now = timezone.now()
    AccountLink.objects.filter(user=user, purpose=purpose).usable().update(revoked_at=now)
    link = AccountLink.objects.create(
        user=user,
        purpose=purpose,
        nonce=new_nonce(),
        created_at=now,
        created_by=by,
        expires_at=now + link_lifetime(purpose),
    )
    outbox_put(
        key=f"accounts.link.{link.pk}",
        kind=MAIL_KIND[LinkPurpose(purpose)],
        recipient=user.email,
        context={"link_id": link.pk},
    )
    security_event_record(
        kind=event_kind,
        subject=user,
        by=by,
        detail=str(LinkPurpose(purpose).label),
        data={"link": link.pk, "expires_at": link.expires_at.isoformat()},
        reason=reason,
        ip_address=ip_address,
    )
    return link


def _links_sent_recently_check(*, user: User, purpose: str) -> None:
    """A handful of links per account per hour: a mailbox is not to be flooded from the admin
    either. Counted in the database, so it holds with the cache down."""
    limit = settings.IVH_ACCOUNT_LINKS_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    if (
        AccountLink.objects.filter(user=user, purpose=purpose, created_at__gte=since).count()
        >= limit
    ):
        raise ValidationError(
            _("Er zijn het afgelopen uur al %(n)s links naar %(user)s gestuurd. Probeer het later.")
            % {"n": limit, "user": user.email}
        )


def staff_invitation_send(*, user: User, by: User, ip_address: str | None = None) -> AccountLink:
    """Invite a colleague by e-mail: a single-use link to choose a password and set up the
    second factor. For accounts that have no second factor yet."""
    _require_may_manage(by, user)
    if not user.is_active:
        raise ValidationError(_("%(user)s is niet actief.") % {"user": user.email})
    if user_has_device(user):
        raise ValidationError(
            _(
                "%(user)s heeft al tweestapsverificatie. Gebruik 'Tweestapsverificatie opnieuw laten instellen'."
            )
            % {"user": user.email}
        )
    _links_sent_recently_check(user=user, purpose=LinkPurpose.INVITATION)
    with transaction.atomic():
        return _account_link_create(
            user=user,
            purpose=LinkPurpose.INVITATION,
            by=by,
            event_kind=SecurityEventKind.INVITATION_SENT,
            ip_address=ip_address,
        )


def two_factor_reset(
    *, user: User, by: User, reason: str, ip_address: str | None = None
) -> AccountLink:
    """Remove a user's second factor (lost phone) and send them a link to set up a new one.
    Their sessions lose their verification at once (the device is gone)."""
    _require_may_manage(by, user)
    if not reason.strip():
        raise ValidationError(_("Geef een reden voor het opnieuw instellen."))
    if not user.is_active:
        raise ValidationError(_("%(user)s is niet actief.") % {"user": user.email})
    _links_sent_recently_check(user=user, purpose=LinkPurpose.TWO_FACTOR_RESET)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        return _account_link_create(
            user=user,
            purpose=LinkPurpose.TWO_FACTOR_RESET,
            by=by,
            event_kind=SecurityEventKind.TWO_FACTOR_RESET,
            reason=reason,
            ip_address=ip_address,
        )


def password_reset_request(*, email: str, ip_address: str | None = None) -> AccountLink | None:
    """'Wachtwoord vergeten': mail a link to an active account with a password. An unknown
    address gets nothing, and the caller answers the same either way."""
    # Exact match on the stored (lower-case) spelling: case-insensitive matching in the
    # database would also fold look-alike letters (long s, dotless i) onto an account.
    user = User.objects.filter(email=normalize_login_email(email), is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    try:
        # Counted in the database: holds with the cache down, and stops a flood of mails (and
        # of cancelled links) to a colleague. Silent: the page answers the same either way.
        _links_sent_recently_check(user=user, purpose=LinkPurpose.PASSWORD_RESET)
    except ValidationError:
        return None
    with transaction.atomic():
        return _account_link_create(
            user=user,
            purpose=LinkPurpose.PASSWORD_RESET,
            by=None,
            event_kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
            ip_address=ip_address,
        )


class LinkNotUsable(Exception):
    """The link was used, revoked or has expired meanwhile."""


def account_link_redeem(
    *, link: AccountLink, password: str, ip_address: str | None = None
) -> tuple[User, bool]:
    """Set the password through a link and use the link up. Returns the user and whether this
    session may set up a first second factor: after an invitation or a 2FA reset, and after a
    forgotten-password link only while a 2FA reset by a beheerder is still open."""
    with transaction.atomic():
        link = AccountLink.objects.select_for_update().select_related("user").get(pk=link.pk)
        if not link.is_usable():
            raise LinkNotUsable
        user = link.user
        now = timezone.now()
        user.set_password(password)
        user.save(update_fields=["password"])
        link.used_at = now
        link.save(update_fields=["used_at"])
        may_enrol = link.purpose in (LinkPurpose.INVITATION, LinkPurpose.TWO_FACTOR_RESET)
        if link.purpose == LinkPurpose.PASSWORD_RESET:
            may_enrol = (
                AccountLink.objects.filter(user=user, purpose=LinkPurpose.TWO_FACTOR_RESET)
                .usable()
                .update(used_at=now)
                > 0
            )
        # The password is chosen now: every other open link of this account ends.
        AccountLink.objects.filter(user=user).usable().update(revoked_at=now)
        security_event_record(
            kind=SecurityEventKind.PASSWORD_SET,
            subject=user,
            by=user,
            detail=str(link.get_purpose_display()),
            data={"link": link.pk},
            ip_address=ip_address,
        )
    return user, may_enrol and not user_has_device(user)


# --- The second factor -----------------------------------------------------------------------


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device that the setup page shows as a QR code (created once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(
    *, user: User, device: TOTPDevice, token: str, ip_address: str | None = None
) -> list[str] | None:
    """Confirm the pending device with a first code from the app. Returns the new recovery
    codes (to be shown once), or None if the code is wrong. The caller checks that this
    session may set up a first device."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = recovery_codes_create(user=user)
        security_event_record(
            kind=SecurityEventKind.TWO_FACTOR_ENROLLED,
            subject=user,
            by=user,
            detail=DEVICE_NAME,
            ip_address=ip_address,
        )
    return codes


def recovery_codes_create(*, user: User) -> list[str]:
    """Ten new single-use recovery codes (django-otp static tokens, stored as digests:
    ivh.accounts.recovery); the old ones end."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
        )
    return codes


def normalise_code(value: str) -> str:
    """What the user typed, without spaces or dashes, in lower case."""
    return "".join(ch for ch in value if ch not in " -").lower()


def otp_token_verify(*, user: User, token: str, ip_address: str | None = None) -> Device | None:
    """Check a code from the app (digits) or a recovery code (letters and digits) against the
    user's confirmed devices. A recovery code is used up and recorded."""
    want_recovery = not token.isdigit()
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            # A recovery code must not count as a wrong app code (that slows the app down).
            if isinstance(device, StaticDevice) != want_recovery:
                continue
            allowed, _details = device.verify_is_allowed()
            if allowed and device.verify_token(_stored_form(device, token)):
                if want_recovery:
                    security_event_record(
                        kind=SecurityEventKind.RECOVERY_CODE_USED,
                        subject=user,
                        by=user,
                        detail=_("nog %(n)s over") % {"n": device.token_set.count()},
                        ip_address=ip_address,
                    )
                return device
    return None


def _stored_form(device: Device, token: str) -> str:
    """What the device stores for this code: the code itself for the app, its digest for a
    recovery code (under whichever secret key made it)."""
    if not isinstance(device, StaticDevice):
        return token
    digests = recovery_code_digests(token)
    stored = device.token_set.filter(token__in=digests).values_list("token", flat=True).first()
    return stored or digests[0]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret_display(device: TOTPDevice) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- Lockouts ----------------------------------------------------------------------------------


def account_lockout_record(*, username: str) -> SecurityEvent | None:
    """Record that the login of `username` was locked after repeated wrong passwords (django-axes
    decides that). One log line with the login name only (no address, nothing typed); the
    security record only for an existing account (a guessed name has no account to file it on;
    axes keeps its own record of those attempts)."""
    logger.warning("Login locked after repeated wrong passwords for account %s.", username)
    user = User.objects.filter(email=normalize_login_email(username)).first()
    if user is None:
        return None
    return security_event_record(
        kind=SecurityEventKind.ACCOUNT_LOCKED,
        subject=user,
        by=None,
        detail=_("%(n)s foute pogingen") % {"n": settings.AXES_FAILURE_LIMIT},
    )


def two_factor_lockout_record(*, user: User) -> SecurityEvent:
    """Record that the second-factor check of `user` is refused for a while after too many wrong
    codes (IVH_2FA_RATE_PER_USER). A log line with the login name only, and the security
    record: someone who knows the password is guessing codes, or the user's phone is off."""
    logger.warning(
        "Second-factor check locked after repeated wrong codes for account %s.", user.email
    )
    return security_event_record(
        kind=SecurityEventKind.TWO_FACTOR_LOCKED,
        subject=user,
        by=user,
        detail=_("te veel foute codes (%(rate)s)") % {"rate": settings.IVH_2FA_RATE_PER_USER},
    )
