"""The coordinator's network work that is not about one family: questions answered by phone or
e-mail (consults) and the work on the network itself (training, meetings, convenant, quality
reviews). Neither holds names: a consult is counted, not a dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bestanden import private_storage
from .constants import (
    BESLUIT_LOPEND,
    BESLUIT_WAT_MAX,
    BESLUIT_WIE_MAX,
    CONSULT_MINUTEN_STANDAARD,
    DOCUMENT_TYPES,
    NOTITIE_MAX,
    VERSIE_NOTITIE_MAX,
    ActiviteitSoort,
    BesluitStatus,
    ConsultKanaal,
    ConsultOnderwerp,
    DocumentSoort,
    Vraagsteller,
)

if TYPE_CHECKING:
    from datetime import date

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


# --- the stuurgroep ----------------------------------------------------------------------------
# The region's governing body: the directors of the partner organisations, with the gemeenten
# that fund the network; the coordinator is its policy officer. Its members, meetings, decisions
# and documents are the region's, not a family's: they hold professionals' names and functions,
# never a child.


class StuurgroepLidQuerySet(models.QuerySet["StuurgroepLid"]):
    def visible_to(self, user: User) -> StuurgroepLidQuerySet:
        from .permissions import STUURGROEPLID_VIEW

        return STUURGROEPLID_VIEW.filter(self, user)

    def huidig(self, op: date | None = None) -> StuurgroepLidQuerySet:
        """Members whose membership has not ended on that day (today by default)."""
        dag = op or timezone.localdate()
        return self.filter(Q(tot__isnull=True) | Q(tot__gte=dag))

    def voormalig(self, op: date | None = None) -> StuurgroepLidQuerySet:
        dag = op or timezone.localdate()
        return self.filter(tot__lt=dag)


@pghistory.track()
class StuurgroepLid(models.Model):
    """A seat in the stuurgroep: a partner organisation or a gemeente (as funder), and the
    person who represents it."""

    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="stuurgroepleden",
        verbose_name=_("regio"),
    )
    organisatie = models.ForeignKey(
        "netwerk.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    gemeente = models.ForeignKey(
        "netwerk.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    naam = models.CharField(_("naam vertegenwoordiger"), max_length=150)
    functie = models.CharField(_("functie"), max_length=150, blank=True)
    sinds = models.DateField(_("lid sinds"), default=timezone.localdate)
    tot = models.DateField(_("lid tot"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = StuurgroepLidQuerySet.as_manager()

    class Meta:
        verbose_name = _("stuurgroeplid")
        verbose_name_plural = _("stuurgroepleden")
        ordering = ["region", "naam"]
        indexes = [models.Index(fields=["region", "tot"], name="stuurgroeplid_region_tot")]
        constraints = [
            # A seat belongs to an organisation or to a gemeente, never both, never neither.
            models.CheckConstraint(
                name="stuurgroeplid_organisatie_of_gemeente",
                condition=Q(organisatie__isnull=False, gemeente__isnull=True)
                | Q(organisatie__isnull=True, gemeente__isnull=False),
            ),
            models.CheckConstraint(
                name="stuurgroeplid_tot_na_sinds",
                condition=Q(tot__isnull=True) | Q(tot__gte=F("sinds")),
            ),
            models.CheckConstraint(name="stuurgroeplid_naam", condition=~Q(naam="")),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.namens})"

    @property
    def namens(self) -> str:
        """The organisation or gemeente this member represents."""
        if self.organisatie_id is not None:
            return self.organisatie.name  # type: ignore[union-attr]
        return self.gemeente.name  # type: ignore[union-attr]

    @property
    def is_huidig(self) -> bool:
        return self.tot is None or self.tot >= timezone.localdate()


class StuurgroepVergaderingQuerySet(models.QuerySet["StuurgroepVergadering"]):
    def visible_to(self, user: User) -> StuurgroepVergaderingQuerySet:
        from .permissions import VERGADERING_VIEW

        return VERGADERING_VIEW.filter(self, user)


@pghistory.track()
class StuurgroepVergadering(models.Model):
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="stuurgroepvergaderingen",
        verbose_name=_("regio"),
    )
    datum = models.DateField(_("datum"))
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    verslag = models.TextField(_("korte notulen"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = StuurgroepVergaderingQuerySet.as_manager()

    class Meta:
        verbose_name = _("stuurgroepvergadering")
        verbose_name_plural = _("stuurgroepvergaderingen")
        ordering = ["-datum", "-created_at"]
        indexes = [models.Index(fields=["region", "datum"], name="sgvergadering_region_datum")]

    def __str__(self) -> str:
        return f"{_('Stuurgroep')} {self.datum:%Y-%m-%d}"


class BesluitQuerySet(models.QuerySet["Besluit"]):
    def visible_to(self, user: User) -> BesluitQuerySet:
        from .permissions import BESLUIT_VIEW

        return BESLUIT_VIEW.filter(self, user)

    def lopend(self) -> BesluitQuerySet:
        return self.filter(status__in=BESLUIT_LOPEND)


@pghistory.track()
class Besluit(models.Model):
    """A decision or action of the stuurgroep: what, who carries it out, by when, and where it
    stands. It comes from a meeting, or from elsewhere (the yearly quality review) without one."""

    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="stuurgroepbesluiten",
        verbose_name=_("regio"),
    )
    vergadering = models.ForeignKey(
        StuurgroepVergadering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="besluiten",
        verbose_name=_("vergadering"),
    )
    wat = models.TextField(_("wat"), max_length=BESLUIT_WAT_MAX)
    wie = models.CharField(_("wie"), max_length=BESLUIT_WIE_MAX)
    uiterlijk = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BesluitStatus.choices, default=BesluitStatus.OPEN
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = BesluitQuerySet.as_manager()

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "status"], name="besluit_region_status")]
        constraints = [
            models.CheckConstraint(
                name="besluit_status_valid", condition=Q(status__in=BesluitStatus.values)
            ),
            models.CheckConstraint(name="besluit_wat", condition=~Q(wat="")),
            models.CheckConstraint(name="besluit_wie", condition=~Q(wie="")),
        ]

    def __str__(self) -> str:
        return self.wat[:80]

    @property
    def is_lopend(self) -> bool:
        return self.status in BESLUIT_LOPEND

    @property
    def is_te_laat(self) -> bool:
        """Still open or under way, and its date has passed."""
        return (
            self.is_lopend and self.uiterlijk is not None and self.uiterlijk < timezone.localdate()
        )


class RegioDocumentQuerySet(models.QuerySet["RegioDocument"]):
    def visible_to(self, user: User) -> RegioDocumentQuerySet:
        from .permissions import DOCUMENT_VIEW

        return DOCUMENT_VIEW.filter(self, user)


@pghistory.track()
class RegioDocument(models.Model):
    """One of the region's documents (the convenant, a werkplan, a jaarverslag) with all its
    versions: a new version is added, an old one never replaced."""

    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        related_name="documenten",
        verbose_name=_("regio"),
    )
    soort = models.CharField(_("soort"), max_length=20, choices=DocumentSoort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = RegioDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("regiodocument")
        verbose_name_plural = _("regiodocumenten")
        ordering = ["soort", "titel"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "soort", "titel"], name="regiodocument_titel_once"
            ),
            models.CheckConstraint(name="regiodocument_titel", condition=~Q(titel="")),
        ]

    def __str__(self) -> str:
        return self.titel


class DocumentVersieQuerySet(models.QuerySet["DocumentVersie"]):
    def visible_to(self, user: User) -> DocumentVersieQuerySet:
        from .permissions import DOCUMENTVERSIE_VIEW

        return DOCUMENTVERSIE_VIEW.filter(self, user)


@pghistory.track()
class DocumentVersie(models.Model):
    """One uploaded version of a region document. The file is in the private storage under a
    random name; its original name, type (read from the content), size and SHA-256 are here."""

    document = models.ForeignKey(
        RegioDocument,
        on_delete=models.PROTECT,
        related_name="versies",
        verbose_name=_("document"),
    )
    versie = models.PositiveIntegerField(_("versie"))
    bestand = models.FileField(
        _("bestand"), storage=private_storage, upload_to="stuurgroep/", max_length=255
    )
    bestandsnaam = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    notitie = models.CharField(_("notitie"), max_length=VERSIE_NOTITIE_MAX, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    objects = DocumentVersieQuerySet.as_manager()

    class Meta:
        verbose_name = _("documentversie")
        verbose_name_plural = _("documentversies")
        ordering = ["document", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["document", "versie"], name="documentversie_once"),
            models.CheckConstraint(name="documentversie_vanaf_1", condition=Q(versie__gte=1)),
            models.CheckConstraint(name="documentversie_niet_leeg", condition=Q(grootte__gt=0)),
            models.CheckConstraint(
                name="documentversie_type", condition=Q(content_type__in=list(DOCUMENT_TYPES))
            ),
            models.CheckConstraint(
                name="documentversie_sha256", condition=Q(sha256__regex=r"^[0-9a-f]{64}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.versie}"

    @property
    def soort_label(self) -> str:
        return DOCUMENT_TYPES[self.content_type][1]

    @property
    def downloadnaam(self) -> str:
        from .bestanden import downloadnaam

        return downloadnaam(
            self.bestandsnaam, self.content_type, f"{self.document.soort}-v{self.versie}"
        )
