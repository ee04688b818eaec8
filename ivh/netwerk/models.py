"""The IVH network: regions, gemeenten with their postcodes, and the sociale kaart."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import pghistory
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from .constants import Discipline, OrganisatieModel, OrganisatieSoort

if TYPE_CHECKING:
    from ivh.accounts.models import User

POSTCODE_DIGITS = re.compile(r"^\s*([1-9][0-9]{3})")


def postcode_number(postcode: str) -> int | None:
    """The 4-digit number of a Dutch postcode ('2511 AB' -> 2511), or None if it has none."""
    match = POSTCODE_DIGITS.match(postcode or "")
    return int(match.group(1)) if match else None


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> RegionQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_beheerder:
            return self.all()
        return self.filter(pk__in=user.region_ids())

    def managed_by(self, user: User) -> RegionQuerySet:
        """Regions whose network settings (norms, sociale kaart) the user maintains."""
        if not user.is_authenticated:
            return self.none()
        if user.is_beheerder:
            return self.all()
        return self.filter(pk__in=user.coordinator_region_ids())


@pghistory.track()
class Region(models.Model):
    """An IVH network (regio) with its aanmeldpunt. Its waiting-time norms are versioned rows
    (`ivh.termijnen.models.Norm`, read through `norm_current`)."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    organisatie_model = models.CharField(
        _("organisatiemodel"), max_length=30, choices=OrganisatieModel.choices
    )
    aanmeldpunt_name = models.CharField(_("naam aanmeldpunt"), max_length=150)
    aanmeldpunt_telefoon = models.CharField(_("telefoon aanmeldpunt"), max_length=30)
    aanmeldpunt_email = models.EmailField(_("e-mail aanmeldpunt"))
    aanmeldpunt_adres = models.CharField(_("adres aanmeldpunt"), max_length=200, blank=True)
    aanmeldpunt_bereikbaar = models.CharField(
        _("bereikbaar"), max_length=120, blank=True, help_text=_("Bijvoorbeeld: ma–vr 9–17 uur")
    )
    aanmeldpunt_website = models.URLField(_("website aanmeldpunt"), blank=True)

    prevalentie_procent = models.DecimalField(
        _("prevalentie doelgroep (% van kinderen 0–6 jaar)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("20"))],
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prevalentie_procent__gt=0) & Q(prevalentie_procent__lte=20),
                name="region_prevalentie_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GemeenteQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> GemeenteQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_beheerder:
            return self.all()
        return self.filter(
            Q(region_id__in=user.region_ids(exclude_gemeente=True)) | Q(pk__in=user.gemeente_ids())
        )

    def for_postcode(self, postcode: str) -> GemeenteQuerySet:
        """The gemeente whose postcode ranges contain this postcode (at most one)."""
        number = postcode_number(postcode)
        if number is None:
            return self.none()
        return self.filter(postcodegebieden__van__lte=number, postcodegebieden__tot__gte=number)

    def with_doelgroep(self) -> GemeenteQuerySet:
        """Annotate the estimated target group: children 0–6 × the region's prevalence."""
        return self.annotate(
            doelgroep_schatting=models.ExpressionWrapper(
                Func(
                    models.F("kinderen_0_6") * models.F("region__prevalentie_procent") / 100,
                    function="ROUND",
                ),
                output_field=models.IntegerField(),
            )
        )


@pghistory.track()
class Gemeente(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM[0-9]{4}$", _("Gebruik de vorm GM0518."))],
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="gemeenten", verbose_name=_("regio")
    )
    kinderen_0_6 = models.PositiveIntegerField(_("aantal kinderen 0–6 jaar"), null=True, blank=True)
    kinderen_peiljaar = models.PositiveSmallIntegerField(_("peiljaar"), null=True, blank=True)
    # Where the number of children comes from (the monitor names it beside the target group).
    kinderen_bron = models.CharField(
        _("bron van het aantal kinderen"), max_length=80, blank=True, db_default="CBS StatLine"
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def doelgroep(self) -> int | None:
        """Estimated number of children in the IVH target group (prevalence × children 0–6)."""
        if self.kinderen_0_6 is None:
            return None
        return round(self.kinderen_0_6 * self.region.prevalentie_procent / 100)


@pghistory.track()
class Postcodegebied(models.Model):
    """A range of 4-digit postcodes (inclusive) that belongs to one gemeente."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="postcodegebieden"
    )
    van = models.PositiveSmallIntegerField(
        _("van"), validators=[MinValueValidator(1000), MaxValueValidator(9999)]
    )
    tot = models.PositiveSmallIntegerField(
        _("tot en met"), validators=[MinValueValidator(1000), MaxValueValidator(9999)]
    )

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(van__gte=1000) & Q(tot__lte=9999) & Q(van__lte=models.F("tot")),
                name="postcodegebied_valid_range",
            ),
            # One postcode belongs to one gemeente: ranges never overlap.
            ExclusionConstraint(
                name="postcodegebied_no_overlap",
                expressions=[
                    (
                        Func(
                            models.F("van"),
                            models.F("tot"),
                            models.Value("[]"),
                            function="int4range",
                        ),
                        RangeOperators.OVERLAPS,
                    )
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.van}–{self.tot}"


class OrganisatieQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> OrganisatieQuerySet:
        """The sociale kaart a user may read: organisations active in one of their regions."""
        if not user.is_authenticated:
            return self.none()
        if user.is_beheerder:
            return self.all()
        return self.filter(regions__in=user.region_ids()).distinct()

    # Who may edit an organisation: ivh.netwerk.permissions (organisatie_editable_filter).


@pghistory.track()
class Organisatie(models.Model):
    """A partner organisation on the sociale kaart."""

    name = models.CharField(_("naam"), max_length=150)
    soort = models.CharField(_("soort"), max_length=30, choices=OrganisatieSoort.choices)
    regions = models.ManyToManyField(Region, related_name="organisaties", verbose_name=_("regio's"))
    omschrijving = models.TextField(_("omschrijving"), blank=True, max_length=2000)
    disciplines = ArrayField(
        models.CharField(max_length=30, choices=Discipline.choices),
        verbose_name=_("disciplines"),
        default=list,
        blank=True,
    )
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    adres = models.CharField(_("adres"), max_length=200, blank=True)
    wachttijd_weken = models.PositiveSmallIntegerField(
        _("gemelde wachttijd (weken)"), null=True, blank=True
    )
    wachttijd_reported_at = models.DateField(_("wachttijd gemeld op"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="organisatie_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_discipline_labels(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [str(labels.get(code, code)) for code in self.disciplines]


@pghistory.track()
class Dienst(models.Model):
    """A service an organisation offers (what a family can be referred to)."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="diensten")
    name = models.CharField(_("naam"), max_length=150)
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    wachttijd_weken = models.PositiveSmallIntegerField(
        _("gemelde wachttijd (weken)"), null=True, blank=True
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "name"], name="dienst_unique_per_organisatie"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie}: {self.name}"
