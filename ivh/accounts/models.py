"""Staff accounts (login by e-mail) and their roles, each scoped to a region, organisation
or gemeente."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.netwerk.constants import Discipline, ZorgDomein

from .constants import LinkPurpose, Role, SecurityEventKind


def normalize_login_email(value: str | None) -> str:
    """The one spelling of a login name. E-mail addresses are stored lower-case (and unique on
    lower(email)), so " Jan@X.nl " and "jan@x.nl" are one account with one lockout."""
    return (value or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Addresses are stored lower-case: an exact match on the normalised spelling. A
        # case-insensitive match in the database would also fold look-alike letters (long s,
        # dotless i) onto an account, each spelling with its own lockout counter.
        return self.get(email=normalize_login_email(username))

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


@pghistory.track(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"), default=False, help_text=_("Mag inloggen in de beheeromgeving.")
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    # Role helpers. The assignments are read once per request (request.user is loaded per
    # request), so permission checks in one view cost one query in total.
    @cached_property
    def active_roles(self) -> list[RoleAssignment]:
        return list(
            self.role_assignments.filter(active=True).select_related(
                "region", "organisatie", "gemeente", "gemeente__region"
            )
        )

    def roles(self) -> set[str]:
        return {assignment.role for assignment in self.active_roles}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    @property
    def is_beheerder(self) -> bool:
        return self.has_role(Role.BEHEERDER)

    def _assignments(self, roles: Iterable[str] | None) -> list[RoleAssignment]:
        wanted = set(roles) if roles else None
        return [a for a in self.active_roles if wanted is None or a.role in wanted]

    def region_ids(self, *roles: str, exclude_gemeente: bool = False) -> set[int]:
        """Regions in which the user works, optionally only for the given roles."""
        ids: set[int] = set()
        for assignment in self._assignments(roles):
            if assignment.region_id:
                ids.add(assignment.region_id)
            elif assignment.gemeente and not exclude_gemeente:
                ids.add(assignment.gemeente.region_id)
        return ids

    def coordinator_region_ids(self) -> set[int]:
        return self.region_ids(Role.COORDINATOR)

    def gemeente_ids(self) -> set[int]:
        return {a.gemeente_id for a in self._assignments([Role.GEMEENTE]) if a.gemeente_id}

    def organisatie_ids(self, *roles: str) -> set[int]:
        return {a.organisatie_id for a in self._assignments(roles) if a.organisatie_id}


@pghistory.track()
class RoleAssignment(models.Model):
    """One role of one user, with the scope it applies to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("regio"),
    )
    organisatie = models.ForeignKey(
        "netwerk.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisatie"),
    )
    gemeente = models.ForeignKey(
        "netwerk.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("gemeente"),
    )
    discipline = models.CharField(
        _("discipline"), max_length=30, choices=Discipline.choices, blank=True
    )
    # For casemanagers: where and in what they work, used to suggest a match at intake.
    werkgebied = models.ManyToManyField(
        "netwerk.Gemeente", blank=True, related_name="+", verbose_name=_("werkgebied (gemeenten)")
    )
    expertise = ArrayField(
        models.CharField(max_length=30, choices=ZorgDomein.choices),
        default=list,
        blank=True,
        verbose_name=_("expertise"),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            # Each role carries exactly the scope it needs, enforced by the database.
            models.CheckConstraint(
                name="roleassignment_scope_matches_role",
                condition=(
                    Q(
                        role=Role.COORDINATOR,
                        region__isnull=False,
                        organisatie__isnull=True,
                        gemeente__isnull=True,
                    )
                    | Q(
                        role=Role.CASEMANAGER,
                        region__isnull=False,
                        organisatie__isnull=False,
                        gemeente__isnull=True,
                    )
                    | (
                        Q(
                            role=Role.MDO_EXPERT,
                            region__isnull=False,
                            organisatie__isnull=False,
                            gemeente__isnull=True,
                        )
                        & ~Q(discipline="")
                    )
                    | Q(
                        role=Role.GEMEENTE,
                        region__isnull=True,
                        organisatie__isnull=True,
                        gemeente__isnull=False,
                    )
                    | Q(
                        role=Role.BEHEERDER,
                        region__isnull=True,
                        organisatie__isnull=True,
                        gemeente__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "organisatie", "gemeente"],
                nulls_distinct=False,
                name="roleassignment_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.organisatie or self.gemeente or self.region
        label = self.get_role_display()
        return f"{label} – {scope}" if scope else str(label)


class SecurityEvent(models.Model):
    """One security-relevant change to a staff account: a role or right granted or taken away,
    an invitation or reset link sent, a second factor reset or set up. Who did it, when, to
    whom, what and why. Append-only: a database trigger refuses updates and deletes."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    kind = models.CharField(_("soort"), max_length=40, choices=SecurityEventKind.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
        help_text=_("Leeg bij de opdrachtregel of bij een aanvraag zonder inloggen."),
    )
    # Snapshots, so the record keeps saying who it was after a name or address changes.
    actor_label = models.CharField(_("door (naam)"), max_length=200)
    subject = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="security_events",
        verbose_name=_("account"),
    )
    subject_label = models.CharField(_("account (naam)"), max_length=200)
    detail = models.CharField(_("wat"), max_length=300, blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingslog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"], name="securityevent_subject_at")]
        triggers = [
            pgtrigger.Protect(
                name="securityevent_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.get_kind_display()} {self.subject_label}"


class AccountLinkQuerySet(models.QuerySet):
    def usable(self) -> AccountLinkQuerySet:
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class AccountLink(models.Model):
    """A single-use, expiring link sent by e-mail: an invitation, a reset of the second factor,
    or a forgotten password. The token in the link is a signature over the id and the nonce
    (see `ivh.accounts.tokens`): nothing secret is stored, and the renderer of the e-mail can
    rebuild the link from this row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_links")
    purpose = models.CharField(_("doel"), max_length=30, choices=LinkPurpose.choices)
    nonce = models.CharField(max_length=40)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = AccountLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("accountlink")
        verbose_name_plural = _("accountlinks")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "purpose"], name="accountlink_user_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.user}"

    def is_usable(self) -> bool:
        return (
            self.used_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.user.is_active
        )
