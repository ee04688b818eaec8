"""The region's yearly self-review against the IVH quality criteria (kwaliteitsbewaking).

A review is a concept while the coordinator works on it: the measured figures are read live from
the monitor. Adopting it (`review_vaststellen`) freezes those figures on each criterion, turns
every action into a stuurgroep decision to follow up, and records the review as a network
activity. An adopted review does not change any more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Criterium, Oordeel, ReviewStatus

if TYPE_CHECKING:
    from ivh.accounts.models import User


class KwaliteitsreviewQuerySet(models.QuerySet["Kwaliteitsreview"]):
    def visible_to(self, user: User) -> KwaliteitsreviewQuerySet:
        # Imported here: the rules module imports these models.
        from .permissions import REVIEW_VIEW

        return REVIEW_VIEW.filter(self, user)


@pghistory.track()
class Kwaliteitsreview(models.Model):
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="kwaliteitsreviews",
        verbose_name=_("regio"),
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.CONCEPT
    )
    samenvatting = models.TextField(_("samenvatting"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    vastgesteld_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )

    objects = KwaliteitsreviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("kwaliteitsreview")
        verbose_name_plural = _("kwaliteitsreviews")
        ordering = ["-jaar"]
        constraints = [
            models.UniqueConstraint(fields=["region", "jaar"], name="kwaliteitsreview_once_a_year"),
            models.CheckConstraint(
                name="kwaliteitsreview_vastgesteld_has_moment",
                condition=Q(status=ReviewStatus.CONCEPT, vastgesteld_at__isnull=True)
                | Q(status=ReviewStatus.VASTGESTELD, vastgesteld_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.jaar}"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == ReviewStatus.VASTGESTELD


@pghistory.track()
class Beoordeling(models.Model):
    """One criterion of one review: what was measured, the region's own judgement, and the
    action that follows (a stuurgroep decision once the review is adopted)."""

    review = models.ForeignKey(
        Kwaliteitsreview, on_delete=models.CASCADE, related_name="beoordelingen"
    )
    criterium = models.CharField(_("criterium"), max_length=20, choices=Criterium.choices)
    oordeel = models.CharField(_("oordeel"), max_length=20, choices=Oordeel.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), max_length=2000, blank=True)
    actie = models.TextField(_("actie"), max_length=1000, blank=True)
    actie_wie = models.CharField(_("wie voert de actie uit"), max_length=150, blank=True)
    actie_uiterlijk = models.DateField(_("actie uiterlijk klaar"), null=True, blank=True)
    # The figures as they were when the review was adopted: [[label, value as printed], ...].
    metingen = models.JSONField(_("gemeten"), default=list, blank=True)
    besluit = models.OneToOneField(
        "netwerkwerk.Besluit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kwaliteitsbeoordeling",
        verbose_name=_("besluit van de stuurgroep"),
    )

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterium"], name="beoordeling_once_per_criterium"
            )
        ]

    def __str__(self) -> str:
        return self.get_criterium_display()

    @property
    def volgorde(self) -> int:
        return list(Criterium.values).index(self.criterium)
