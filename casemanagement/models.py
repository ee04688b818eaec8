"""One family (gezin), its children, and the traject a casemanager walks with them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aanmelding.models import new_reference
from ivh.accounts.constants import Role

from .constants import OPEN_FASEN, Fase

if TYPE_CHECKING:
    from ivh.accounts.models import User


def new_gezin_reference() -> str:
    return new_reference("G")


def new_kind_reference() -> str:
    return new_reference("K")


@pghistory.track()
class Gezin(models.Model):
    reference = models.CharField(
        _("gezinsnummer"), max_length=20, unique=True, default=new_gezin_reference
    )
    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="gezinnen")
    gemeente = models.ForeignKey(
        "netwerk.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="gezinnen"
    )
    ouder_naam = models.CharField(_("naam ouder of verzorger"), max_length=150)
    ouder_telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    ouder_email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")

    def __str__(self) -> str:
        return self.reference


@pghistory.track()
class Kind(models.Model):
    # The child's client reference in the access log; a child registered through the public form
    # keeps the registration's reference, so one search finds everything about that child.
    reference = models.CharField(
        _("kindnummer"), max_length=20, unique=True, default=new_kind_reference
    )
    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="kinderen")
    voornaam = models.CharField(_("voornaam"), max_length=80)
    geboortedatum = models.DateField(_("geboortedatum"))

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        ordering = ["geboortedatum"]

    def __str__(self) -> str:
        return self.voornaam


class TrajectQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> TrajectQuerySet:
        """A casemanager sees their own trajecten; a coordinator those of their regions.
        Nobody else (experts, gemeenten, beheer) sees a traject through this queryset."""
        if not user.is_authenticated:
            return self.none()
        condition = Q(casemanager=user) if user.has_role(Role.CASEMANAGER) else Q(pk__in=[])
        regions = user.coordinator_region_ids()
        if regions:
            condition |= Q(region_id__in=regions)
        return self.filter(condition)

    def open(self) -> TrajectQuerySet:
        return self.filter(fase__in=OPEN_FASEN)


@pghistory.track()
class Traject(models.Model):
    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="trajecten")
    aanmelding = models.OneToOneField(
        "aanmelding.Aanmelding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="traject",
    )
    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="trajecten")
    casemanager = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten",
    )
    fase = models.CharField(_("fase"), max_length=20, choices=Fase.choices, default=Fase.START)
    # Fact timestamps (DESIGN §2), copied from the registration where they started there.
    received_at = models.DateTimeField(_("aangemeld op"))
    first_contact_at = models.DateTimeField(_("eerste contact op"), null=True, blank=True)
    casemanager_assigned_at = models.DateTimeField(
        _("casemanager toegewezen op"), null=True, blank=True
    )
    first_mdo_held_at = models.DateTimeField(_("eerste MDO gehouden op"), null=True, blank=True)
    plan_agreed_at = models.DateTimeField(_("plan akkoord ouders op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        indexes = [models.Index(fields=["casemanager", "fase"], name="traject_caseload")]
        constraints = [
            models.CheckConstraint(
                name="traject_closed_has_time",
                condition=~Q(fase=Fase.AFGESLOTEN) | Q(closed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="traject_assigned_has_time",
                condition=Q(casemanager__isnull=True) | Q(casemanager_assigned_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Traject {self.gezin.reference}"

    @property
    def is_open(self) -> bool:
        return self.fase in OPEN_FASEN


class TrajectToewijzing(models.Model):
    """History of who was the casemanager of a traject, and who decided it."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="toewijzingen")
    casemanager = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject"],
                condition=Q(ended_at__isnull=True),
                name="toewijzing_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.casemanager} ({self.assigned_at:%Y-%m-%d})"
