"""The monitor's read model: fact tables rebuilt from the dossier tables by a Celery job, never
read from the dossiers at request time (DESIGN §5), and the frozen releases.

A fact row holds no name, no date of birth and no free text: the region, the gemeente, the
day a fact happened and the categories and durations the figures count. The source row's id is
kept only to refresh the fact in place; nothing links it back to a page.
"""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AanmeldingFeit(models.Model):
    """One counted registration (a duplicate is not a registration of its own)."""

    aanmelding_id = models.BigIntegerField(unique=True)
    region_id = models.BigIntegerField()
    gemeente_id = models.BigIntegerField(null=True)
    received_on = models.DateField()
    kanaal = models.CharField(max_length=20)
    verwijzer_soort = models.CharField(max_length=20, blank=True)
    domeinen = ArrayField(models.CharField(max_length=30), default=list)
    # Whole years at registration (0–7); the figures group them in bands.
    leeftijd = models.PositiveSmallIntegerField(null=True)
    # Reached: the aanmeldpunt spoke with the family (first contact recorded).
    bereikt = models.BooleanField()
    uitkomst = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["region_id", "received_on"], name="feit_aanm_period")]

    def __str__(self) -> str:
        return f"aanmelding {self.aanmelding_id}"


class WachtFeit(models.Model):
    """One waiting time (a stored deadline of `ivh.termijnen`), gross and net of its pauses,
    in calendar days and in working days of the region's calendar."""

    termijn_id = models.BigIntegerField(unique=True)
    regel = models.CharField(max_length=20)
    region_id = models.BigIntegerField()
    gemeente_id = models.BigIntegerField(null=True)
    # The organisation of the sociale kaart a referral went to (vervolghulp only).
    organisatie_id = models.BigIntegerField(null=True)
    started_on = models.DateField()
    stopped_on = models.DateField(null=True)
    gross_days = models.IntegerField(null=True)
    net_days = models.IntegerField(null=True)
    gross_workdays = models.IntegerField(null=True)
    net_workdays = models.IntegerField(null=True)
    paused = models.BooleanField(default=False)
    within_norm = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["region_id", "regel", "stopped_on"], name="feit_wacht_period"),
        ]

    def __str__(self) -> str:
        return f"termijn {self.termijn_id}"


class TrajectFeit(models.Model):
    traject_id = models.BigIntegerField(unique=True)
    region_id = models.BigIntegerField()
    gemeente_id = models.BigIntegerField(null=True)
    received_on = models.DateField()
    mdo_on = models.DateField(null=True)
    # Whether the parents were there when their child was discussed at the MDO (NULL: not
    # discussed, or not recorded).
    ouders_bij_mdo = models.BooleanField(null=True)
    plan_agreed_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)
    afsluitreden = models.CharField(max_length=30, blank=True)
    doelen_behaald = models.CharField(max_length=10, blank=True)
    tevredenheid_on = models.DateField(null=True)
    tevredenheid_score = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["region_id", "received_on"], name="feit_traject_period")]

    def __str__(self) -> str:
        return f"traject {self.traject_id}"


class MdoFeit(models.Model):
    mdo_id = models.BigIntegerField(unique=True)
    region_id = models.BigIntegerField()
    held_on = models.DateField()
    gezinnen = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["region_id", "held_on"], name="feit_mdo_period")]

    def __str__(self) -> str:
        return f"mdo {self.mdo_id}"


class Verversing(models.Model):
    """One refresh of the read model: when, how long, what."""

    class Soort(models.TextChoices):
        VOLLEDIG = "volledig", _("volledig opnieuw opgebouwd")
        BIJWERKEN = "bijwerken", _("bijgewerkt")

    soort = models.CharField(max_length=10, choices=Soort.choices)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True)
    rows = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"{self.soort} {self.started_at:%Y-%m-%d %H:%M}"


class Release(models.Model):
    """Published figures of one region and half-year: the protected tables as they were shown,
    frozen. A later correction of a dossier appears in the next release, never in this one."""

    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # What the read model was built from: the refresh it was published after.
    refreshed_at = models.DateTimeField(null=True)
    # The raw cells of the half-year (its quarters and itself), frozen: every later view of
    # these periods is made from them, and protected as any other figure.
    cells = models.JSONField()
    # A dossier of an earlier published half-year was corrected after its release: the
    # correction counts in this half-year, and the page says so (without a number).
    includes_corrections = models.BooleanField(default=False)
    note = models.TextField(_("toelichting"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period_start", "period_end"], name="release_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period_start}–{self.period_end}"


@pghistory.track()
class Quickscan(models.Model):
    """A gemeente's own answers to the yearly quickscan (the questions of the national
    Vroeghulp quickscan), one per gemeente and year. It is the gemeente's view, about policy and
    not about any child; the page shows the measured figures beside it (`monitor.quickscan`).
    Every change is kept in the history (pghistory, with the person who saved it)."""

    class Antwoord(models.TextChoices):
        JA = "ja", _("Ja")
        DEELS = "deels", _("Deels")
        NEE = "nee", _("Nee")

    gemeente = models.ForeignKey("netwerk.Gemeente", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))

    doelgroep_known = models.CharField(
        _("Weet uw gemeente hoe groot de doelgroep is?"), max_length=5, choices=Antwoord.choices
    )
    doelgroep_count = models.PositiveIntegerField(
        _("Hoeveel kinderen zijn dat volgens uw gemeente?"), null=True, blank=True
    )
    children_reached = models.PositiveIntegerField(
        _("Hoeveel kinderen kregen Vroeghulp?"), null=True, blank=True
    )
    mdo_funding = models.CharField(
        _("Is de financiering van het MDO geregeld?"), max_length=5, choices=Antwoord.choices
    )
    mdo_funding_how = models.TextField(
        _("Hoe is de financiering van het MDO geregeld?"), max_length=1000, blank=True
    )
    wait_insight = models.CharField(
        _("Heeft uw gemeente zicht op de wachttijden?"), max_length=5, choices=Antwoord.choices
    )
    wait_acceptable = models.TextField(
        _("Welke wachttijd vindt uw gemeente aanvaardbaar?"), max_length=1000, blank=True
    )
    parents_at_mdo_percent = models.PositiveSmallIntegerField(
        _("Bij hoeveel procent van de kinderen in het MDO waren de ouders erbij?"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    parent_involvement = models.TextField(
        _("Hoe worden ouders betrokken?"), max_length=2000, blank=True
    )
    loket = models.CharField(
        _("Is er één herkenbaar loket voor ouders?"), max_length=5, choices=Antwoord.choices
    )
    loket_which = models.CharField(_("Welk loket is dat?"), max_length=200, blank=True)
    note = models.TextField(_("Toelichting"), max_length=2000, blank=True)

    filled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    filled_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quickscan")
        verbose_name_plural = _("quickscans")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "year"], name="quickscan_once_per_year"),
            models.CheckConstraint(
                condition=models.Q(parents_at_mdo_percent__lte=100),
                name="quickscan_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"quickscan {self.gemeente_id} {self.year}"
