"""A signal: a deadline that reached a level (almost due, over, far over). Raised once per
(deadline, level, deadline version): the unique constraint is the claim, so two scans at once
still raise and notify once; a moved deadline has a new version and may signal again."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ivh.termijnen.constants import Niveau, Regel


class SignaalQuerySet(models.QuerySet["Signaal"]):
    def open(self) -> SignaalQuerySet:
        return self.filter(resolved_at__isnull=True)


class Signaal(models.Model):
    # No index of its own: `signaal_once` (termijn, level, deadline_version) serves every
    # lookup by deadline.
    termijn = models.ForeignKey(
        "termijnen.Termijn", on_delete=models.CASCADE, related_name="signalen", db_index=False
    )
    # Copied from the deadline so an overview per kind and region needs no join.
    regel = models.CharField(_("norm"), max_length=20, choices=Regel.choices)
    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("niveau"), max_length=10, choices=Niveau.choices)
    deadline_version = models.PositiveIntegerField()
    raised_at = models.DateTimeField(_("gesignaleerd op"))
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("gezien op"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.CharField(_("notitie"), max_length=300, blank=True)

    # Retention (bewaring.registry): a signal hangs below a family through its deadline; the
    # note written when it was seen may be about the family.
    RETENTION_BLANK = {"acknowledgement": "empty"}

    objects = SignaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["termijn", "level", "deadline_version"], name="signaal_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region", "regel", "level"],
                name="signaal_open",
                condition=Q(resolved_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_regel_display()}: {self.get_level_display()}"
