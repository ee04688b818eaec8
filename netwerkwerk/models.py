"""The coordinator's network work that is not about one family: questions answered by phone or
e-mail (consults) and the work on the network itself (training, meetings, convenant, quality
reviews). Neither holds names: a consult is counted, not a dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    CONSULT_MINUTEN_STANDAARD,
    NOTITIE_MAX,
    ActiviteitSoort,
    ConsultKanaal,
    ConsultOnderwerp,
    Vraagsteller,
)

if TYPE_CHECKING:
    from ivh.accounts.models import User


class ConsultQuerySet(models.QuerySet["Consult"]):
    def visible_to(self, user: User) -> ConsultQuerySet:
        """The consults of the user's coordinator regions (`permissions.CONSULT_VIEW`)."""
        # Imported here: the rules module imports these models.
        from .permissions import CONSULT_VIEW

        return CONSULT_VIEW.filter(self, user)


@pghistory.track()
class Consult(models.Model):
    """One question answered (advies/consult). Turned into a registration, it keeps its row and
    gains a link: it stays one consult in every count."""

    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="consulten",
        verbose_name=_("regio"),
    )
    datum = models.DateField(_("datum"), default=timezone.localdate)
    kanaal = models.CharField(_("via"), max_length=20, choices=ConsultKanaal.choices)
    vraagsteller = models.CharField(_("vraag van"), max_length=20, choices=Vraagsteller.choices)
    gemeente = models.ForeignKey(
        "netwerk.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    onderwerpen = ArrayField(
        models.CharField(max_length=30, choices=ConsultOnderwerp.choices),
        verbose_name=_("onderwerpen"),
    )
    minuten = models.PositiveSmallIntegerField(_("minuten"), default=CONSULT_MINUTEN_STANDAARD)
    notitie = models.CharField(_("korte notitie"), max_length=NOTITIE_MAX, blank=True)
    # Set when the question became a registration after all. SET_NULL: a registration is
    # anonymised, not deleted, but should one ever go the consult is still a consult.
    aanmelding = models.ForeignKey(
        "aanmelding.Aanmelding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consulten",
        verbose_name=_("aanmelding"),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = ConsultQuerySet.as_manager()

    class Meta:
        verbose_name = _("consult")
        verbose_name_plural = _("consulten")
        ordering = ["-datum", "-created_at"]
        indexes = [models.Index(fields=["region", "datum"], name="consult_region_datum")]
        constraints = [
            models.CheckConstraint(
                name="consult_has_onderwerp", condition=Q(onderwerpen__len__gt=0)
            ),
            models.CheckConstraint(name="consult_minuten_positive", condition=Q(minuten__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kanaal_display()} {self.datum:%Y-%m-%d}"

    def onderwerp_labels(self) -> list[str]:
        labels = dict(ConsultOnderwerp.choices)
        return [str(labels.get(code, code)) for code in self.onderwerpen]


class NetwerkactiviteitQuerySet(models.QuerySet["Netwerkactiviteit"]):
    def visible_to(self, user: User) -> NetwerkactiviteitQuerySet:
        from .permissions import ACTIVITEIT_VIEW

        return ACTIVITEIT_VIEW.filter(self, user)


@pghistory.track()
class Netwerkactiviteit(models.Model):
    """Work on the network itself: what the partners did to improve the chain (info sheet,
    step 4)."""

    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="netwerkactiviteiten",
        verbose_name=_("regio"),
    )
    datum = models.DateField(_("datum"), default=timezone.localdate)
    soort = models.CharField(_("soort"), max_length=30, choices=ActiviteitSoort.choices)
    titel = models.CharField(_("titel of onderwerp"), max_length=200)
    deelnemers = models.PositiveIntegerField(_("aantal deelnemers"), null=True, blank=True)
    organisaties = models.ManyToManyField(
        "netwerk.Organisatie",
        through="ActiviteitOrganisatie",
        related_name="+",
        blank=True,
        verbose_name=_("betrokken organisaties"),
    )
    uitkomst = models.TextField(_("uitkomst"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = NetwerkactiviteitQuerySet.as_manager()

    class Meta:
        verbose_name = _("netwerkactiviteit")
        verbose_name_plural = _("netwerkactiviteiten")
        ordering = ["-datum", "-created_at"]
        indexes = [models.Index(fields=["region", "datum"], name="activiteit_region_datum")]

    def __str__(self) -> str:
        return self.titel


# An explicit through table so that adding or removing an organisation is in the history too
# (a removal is a deleted row, so deletes are tracked here as well).
@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class ActiviteitOrganisatie(models.Model):
    activiteit = models.ForeignKey(Netwerkactiviteit, on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(
        "netwerk.Organisatie", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("betrokken organisatie")
        verbose_name_plural = _("betrokken organisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["activiteit", "organisatie"], name="activiteit_organisatie_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisatie_id)
