"""Waiting-time norms (versioned per region) and the deadlines that run against them.

A `Termijn` is one clock: a subject (the registration, the traject, the referral), the rule it is
measured by, when it started, and its stored deadline (`warn_at`, `due_at`, `far_at`), recomputed
in the transaction of every event that moves it (a pause, a changed norm, a closure day). The scan
reads these columns with one query per rule and never computes a clock per row. Pauses are rows, so
gross and net waits can both be derived.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    DEFAULT_FAR_PERCENT,
    DEFAULT_WARN_PERCENT,
    Eenheid,
    Niveau,
    Onderwerp,
    PauzeReden,
    Regel,
)


class Norm(models.Model):
    """One version of a region's norm for one rule, valid from `valid_from` until the next one."""

    region = models.ForeignKey("netwerk.Region", on_delete=models.CASCADE, related_name="normen")
    regel = models.CharField(_("norm voor"), max_length=20, choices=Regel.choices)
    amount = models.PositiveSmallIntegerField(_("binnen"))
    unit = models.CharField(_("eenheid"), max_length=10, choices=Eenheid.choices)
    warn_percent = models.PositiveSmallIntegerField(
        _("waarschuwen bij (% van de norm)"), default=DEFAULT_WARN_PERCENT
    )
    far_percent = models.PositiveSmallIntegerField(
        _("ver over de norm bij (%)"), default=DEFAULT_FAR_PERCENT
    )
    valid_from = models.DateTimeField(_("geldt vanaf"), default=timezone.now)
    reason = models.CharField(_("reden van de wijziging"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["region", "regel", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "regel", "valid_from"], name="norm_one_version_per_moment"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=1)
                & Q(warn_percent__gte=1)
                & Q(warn_percent__lt=100)
                & Q(far_percent__gt=100),
                name="norm_sensible_levels",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_regel_display()}: {self.amount} {self.get_unit_display()}"


class TermijnQuerySet(models.QuerySet["Termijn"]):
    def open(self) -> TermijnQuerySet:
        return self.filter(stopped_at__isnull=True)


class Termijn(models.Model):
    subject_kind = models.CharField(_("over"), max_length=30, choices=Onderwerp.choices)
    subject_id = models.BigIntegerField()
    regel = models.CharField(_("norm"), max_length=20, choices=Regel.choices)
    # A rule that repeats for the same subject (the plan evaluation) counts its occurrences.
    occurrence = models.PositiveSmallIntegerField(default=1)
    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="+")
    norm = models.ForeignKey(Norm, on_delete=models.PROTECT, related_name="termijnen")
    started_at = models.DateTimeField(_("gestart op"))
    # Empty while the clock is paused: a paused clock raises nothing.
    warn_at = models.DateTimeField(_("waarschuwen vanaf"), null=True, blank=True)
    due_at = models.DateTimeField(_("over de norm vanaf"), null=True, blank=True)
    far_at = models.DateTimeField(_("ver over de norm vanaf"), null=True, blank=True)
    # Raised by one each time the deadline moves: a moved deadline may notify again.
    deadline_version = models.PositiveIntegerField(default=1)
    deadline_reason = models.CharField(_("laatst verschoven omdat"), max_length=200, blank=True)
    stopped_at = models.DateTimeField(_("gestopt op"), null=True, blank=True)

    objects = TermijnQuerySet.as_manager()

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id", "regel", "occurrence"],
                name="termijn_once_per_subject",
            ),
        ]
        indexes = [
            models.Index(
                fields=["regel", "warn_at"],
                name="termijn_open_warn",
                condition=Q(stopped_at__isnull=True),
            ),
            models.Index(
                fields=["regel", "due_at"],
                name="termijn_open_due",
                condition=Q(stopped_at__isnull=True),
            ),
            models.Index(fields=["subject_kind", "subject_id"], name="termijn_subject"),
            # A subject's running deadline with a day, first due first (a caseload's next
            # step, `casemanagement.termijnen.next_termijn_of_traject`), from the index alone.
            models.Index(
                fields=["subject_kind", "subject_id", "due_at", "id"],
                include=["regel"],
                condition=Q(stopped_at__isnull=True, due_at__isnull=False)
                & ~Q(regel=Regel.DOORLOOPTIJD),
                name="termijn_next_with_day",
            ),
            models.Index(fields=["region", "regel", "started_at"], name="termijn_monitor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_regel_display()} {self.subject_kind} {self.subject_id}"

    def level_at(self, now: datetime) -> str:
        """The level the stored deadline has reached ("" within the norm, stopped or held); the
        scan raises signals by the same comparisons in SQL (`signalen.scan`)."""
        if self.stopped_at is not None or self.due_at is None:
            return ""
        if self.far_at is not None and self.far_at <= now:
            return Niveau.VER_OVER
        if self.due_at <= now:
            return Niveau.OVER
        if self.warn_at is not None and self.warn_at <= now:
            return Niveau.BIJNA
        return ""

    def level_reached(self, now: datetime) -> str:
        """The level reached now; for a stopped deadline, whether it stopped late (the fact
        came after the norm: still worth showing; "almost" no longer is)."""
        if self.stopped_at is None:
            return self.level_at(now)
        running = Termijn(warn_at=self.warn_at, due_at=self.due_at, far_at=self.far_at)
        level = running.level_at(min(now, self.stopped_at))
        return level if level != Niveau.BIJNA else ""

    @property
    def last_day(self) -> date | None:
        """The last day within the norm (`due_at` is the first moment after it)."""
        if self.due_at is None:
            return None
        return timezone.localdate(self.due_at) - timedelta(days=1)


class Pauze(models.Model):
    termijn = models.ForeignKey(Termijn, on_delete=models.CASCADE, related_name="pauzes")
    started_at = models.DateTimeField(_("gepauzeerd op"))
    ended_at = models.DateTimeField(_("hervat op"), null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=20, choices=PauzeReden.choices)
    toelichting = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pauze")
        verbose_name_plural = _("pauzes")
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["termijn"],
                condition=Q(ended_at__isnull=True),
                name="pauze_one_open_per_termijn",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="pauze_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reden_display()} ({self.started_at:%Y-%m-%d})"
