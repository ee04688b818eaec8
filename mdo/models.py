"""The multidisciplinary meeting (MDO): when and where, who comes, which families are discussed
with which question, and the team's advice."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.netwerk.constants import Discipline

from .constants import AdviesactieStatus, Antwoord, DeelnemerSoort, MdoStatus

if TYPE_CHECKING:
    from ivh.accounts.models import User


def inzage_window() -> tuple[timedelta, timedelta]:
    """How long before and after the meeting an invited expert may read the case summaries."""
    return (
        timedelta(days=settings.IVH_MDO_INZAGE_DAGEN_VOOR),
        timedelta(days=settings.IVH_MDO_INZAGE_DAGEN_NA),
    )


class MdoQuerySet(models.QuerySet["Mdo"]):
    def visible_to(self, user: User) -> MdoQuerySet:
        """The MDOs the user may see (`mdo.permissions.MDO_VIEW`)."""
        # Imported here: the rules module imports these models.
        from .permissions import MDO_VIEW

        return MDO_VIEW.filter(self, user)


@pghistory.track()
class Mdo(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="mdos")
    starts_at = models.DateTimeField(_("begint om"))
    duur_minuten = models.PositiveSmallIntegerField(_("duur (minuten)"), default=120)
    locatie = models.CharField(_("plaats"), max_length=200, blank=True)
    video_link = models.URLField(_("link voor beeldbellen"), blank=True)
    voorzitter = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorzitter"),
    )
    max_agendapunten = models.PositiveSmallIntegerField(_("plaatsen op de agenda"), default=4)
    status = models.CharField(
        _("status"), max_length=20, choices=MdoStatus.choices, default=MdoStatus.GEPLAND
    )
    # RFC 5545 SEQUENCE: raised when time, place or status change, so calendars update the event.
    sequence = models.PositiveIntegerField(default=0)
    # When date, time or place last changed: every answer given before it was reset then.
    rescheduled_at = models.DateTimeField(_("verplaatst op"), null=True, blank=True)
    notulen = models.TextField(_("verslag"), max_length=10000, blank=True)
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Retention (bewaring.registry): the minutes of a meeting are about the families on its
    # agenda; they are blanked when the last of those families is anonymised (a family kept
    # longer must not lose its part). Place and video link are the meeting's, not a family's.
    RETENTION_BLANK = {"notulen": "empty"}
    RETENTION_KEEP = ("locatie", "video_link")

    objects = MdoQuerySet.as_manager()

    class Meta:
        verbose_name = _("MDO")
        verbose_name_plural = _("MDO's")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["region", "starts_at"], name="mdo_region_start")]
        constraints = [
            models.CheckConstraint(
                name="mdo_held_has_time",
                condition=~Q(status=MdoStatus.GEHOUDEN) | Q(held_at__isnull=False),
            ),
            models.CheckConstraint(
                name="mdo_duration_range",
                condition=Q(duur_minuten__gte=15) & Q(duur_minuten__lte=480),
            ),
        ]

    def __str__(self) -> str:
        return f"MDO {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duur_minuten)

    def inzage_open(self, now: datetime | None = None) -> bool:
        """Whether invited experts may read case summaries now."""
        now = now or timezone.now()
        before, after = inzage_window()
        return (
            self.status != MdoStatus.GEANNULEERD
            and self.starts_at - before <= now <= self.ends_at + after
        )


@pghistory.track()
class Agendapunt(models.Model):
    """One family on the agenda, with the question for the team and the disciplines needed."""

    mdo = models.ForeignKey(Mdo, on_delete=models.CASCADE, related_name="agendapunten")
    traject = models.ForeignKey(
        "casemanagement.Traject", on_delete=models.PROTECT, related_name="agendapunten"
    )
    vraag = models.TextField(_("vraag aan het team"), max_length=2000)
    disciplines = ArrayField(
        models.CharField(max_length=30, choices=Discipline.choices),
        default=list,
        verbose_name=_("nodige disciplines"),
    )
    # The item's own slot: parents are invited for this part of the meeting only.
    start_minuut = models.PositiveSmallIntegerField(_("begint na (minuten)"), default=0)
    minuten = models.PositiveSmallIntegerField(_("tijd (minuten)"), default=30)
    ouders_aanwezig = models.BooleanField(_("ouders waren erbij"), null=True, blank=True)
    advies = models.TextField(_("advies van het team"), max_length=6000, blank=True)
    advice_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    advice_at = models.DateTimeField(_("advies vastgelegd op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Retention (bewaring.registry): whether the parents were there is a fact; the question
    # and the advice are about the child.
    RETENTION_BLANK = {"vraag": "placeholder", "advies": "empty"}

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["start_minuut", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mdo", "traject"], name="agendapunt_once_per_mdo"),
            models.CheckConstraint(
                name="agendapunt_minutes_range", condition=Q(minuten__gte=5) & Q(minuten__lte=240)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mdo}: {self.traject}"

    @property
    def discipline_labels(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [str(labels.get(d, d)) for d in self.disciplines]

    @property
    def starts_at(self) -> datetime:
        return self.mdo.starts_at + timedelta(minutes=self.start_minuut)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minuten)


@pghistory.track()
class Deelnemer(models.Model):
    """Someone invited to an MDO: an expert or casemanager with an account, or a parent for
    their own agenda item. The invitation e-mail carries an .ics and a signed link to answer
    (`mdo.tokens.antwoord_token`), so nothing secret is stored."""

    mdo = models.ForeignKey(Mdo, on_delete=models.CASCADE, related_name="deelnemers")
    soort = models.CharField(_("soort"), max_length=20, choices=DeelnemerSoort.choices)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agendapunt = models.ForeignKey(
        Agendapunt, on_delete=models.CASCADE, null=True, blank=True, related_name="ouders"
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mail"))
    discipline = models.CharField(
        _("discipline"), max_length=30, choices=Discipline.choices, blank=True
    )
    organisatie = models.ForeignKey(
        "netwerk.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    antwoord = models.CharField(
        _("antwoord"), max_length=20, choices=Antwoord.choices, default=Antwoord.OPEN
    )
    answered_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    # When a change of date, time or place cleared this person's answer (a fact for signals:
    # who has not answered since).
    antwoord_reset_at = models.DateTimeField(_("antwoord gewist op"), null=True, blank=True)
    aanwezig = models.BooleanField(_("aanwezig"), null=True, blank=True)
    # The MDO.sequence last mailed to this person; less than the MDO's means an update is due.
    sent_sequence = models.IntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancel_sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("uitnodiging ingetrokken op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Retention (bewaring.registry): the parents' invitation for their family's agenda item
    # (an expert's invitation hangs below no family and is not touched).
    RETENTION_BLANK = {"name": "placeholder", "email": "empty"}

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["soort", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mdo", "user"],
                condition=Q(user__isnull=False, withdrawn_at__isnull=True),
                name="deelnemer_user_once",
            ),
            models.UniqueConstraint(
                fields=["agendapunt"],
                condition=Q(agendapunt__isnull=False, withdrawn_at__isnull=True),
                name="deelnemer_ouders_once_per_item",
            ),
            models.CheckConstraint(
                name="deelnemer_ouder_has_item",
                condition=~Q(soort=DeelnemerSoort.OUDER) | Q(agendapunt__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_soort_display()})"

    @property
    def slot(self) -> tuple[datetime, datetime]:
        """When this person is expected: parents for their own agenda item, others for the
        whole meeting."""
        if self.agendapunt:
            return self.agendapunt.starts_at, self.agendapunt.ends_at
        return self.mdo.starts_at, self.mdo.ends_at


@pghistory.track()
class Adviesactie(models.Model):
    """Agreed follow-up from the MDO: a proposed action for the family's plan, which the
    casemanager takes into the plan or declines."""

    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.PROTECT, related_name="acties")
    wat = models.CharField(_("wat"), max_length=300)
    organisatie = models.ForeignKey(
        "netwerk.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie (organisatie)"),
    )
    wanneer = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AdviesactieStatus.choices,
        default=AdviesactieStatus.VOORGESTELD,
    )
    proposed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    # Retention (bewaring.registry): the date is the planning of an action, not the child's.
    RETENTION_BLANK = {"wat": "placeholder"}
    RETENTION_KEEP = ("wanneer",)

    class Meta:
        verbose_name = _("actie uit het MDO")
        verbose_name_plural = _("acties uit het MDO")
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return self.wat
