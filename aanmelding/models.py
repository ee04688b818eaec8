"""A registration (aanmelding) at the aanmeldpunt, from a parent or a professional, and the
consents given with it. The fact timestamps here start the waiting-time clock."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.core.dates import age_years_months
from ivh.core.references import new_reference  # also importable here: migration 0001 names it
from ivh.netwerk.constants import ZorgDomein

from .constants import (
    OPEN_STATUSES,
    AndereGezagsdrager,
    ContactVoorkeur,
    ContactWijze,
    Gezag,
    Kanaal,
    Status,
    ToestemmingDoel,
    VerwijzerSoort,
)

if TYPE_CHECKING:
    from ivh.accounts.models import User

# Seven years (2,557 days at most) plus a month and a day: see the constraint on Aanmelding.
CHILD_AGE_LIMIT_IN_DAYS = timedelta(days=7 * 366 + 32)


class AanmeldingQuerySet(models.QuerySet["Aanmelding"]):
    def visible_to(self, user: User) -> AanmeldingQuerySet:
        """Coordinators see the registrations of their regions. Registrations that no region
        could be found for are seen by every coordinator, to forward them."""
        # Imported here: the rules module imports these models.
        from .permissions import AANMELDING_VIEW

        return AANMELDING_VIEW.filter(self, user)

    def open(self) -> AanmeldingQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def counted(self) -> AanmeldingQuerySet:
        """The registrations every figure counts: not those closed as a duplicate of an
        earlier one (that one is counted, once)."""
        return self.exclude(status=Status.DUBBEL)


@pghistory.track()
class Aanmelding(models.Model):
    reference = models.CharField(_("referentie"), max_length=20, unique=True, default=new_reference)
    # Idempotency key from the form: a double submit finds the first registration.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    kanaal = models.CharField(_("aangemeld door"), max_length=20, choices=Kanaal.choices)
    verwijzer_soort = models.CharField(
        _("soort verwijzer"), max_length=20, choices=VerwijzerSoort.choices, blank=True
    )
    verwijzer_name = models.CharField(_("naam verwijzer"), max_length=150, blank=True)
    verwijzer_organisatie = models.CharField(_("organisatie verwijzer"), max_length=150, blank=True)
    verwijzer_telefoon = models.CharField(_("telefoon verwijzer"), max_length=30, blank=True)
    verwijzer_email = models.EmailField(_("e-mail verwijzer"), blank=True)
    ouders_op_de_hoogte = models.BooleanField(
        _("ouders weten van de aanmelding en geven toestemming"), default=False
    )

    kind_first_name = models.CharField(_("voornaam kind"), max_length=80)
    kind_geboortedatum = models.DateField(_("geboortedatum kind"))

    ouder_name = models.CharField(_("naam ouder of verzorger"), max_length=150)
    ouder_telefoon = models.CharField(_("telefoon ouder"), max_length=30, blank=True)
    ouder_email = models.EmailField(_("e-mail ouder"), blank=True)
    contact_voorkeur = models.CharField(
        _("contactvoorkeur"),
        max_length=10,
        choices=ContactVoorkeur.choices,
        default=ContactVoorkeur.MAAKT_NIET_UIT,
    )
    postcode = models.CharField(_("postcode"), max_length=7)
    gemeente = models.ForeignKey(
        "netwerk.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen",
        verbose_name=_("gemeente"),
    )
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen",
        verbose_name=_("regio"),
    )

    zorg = models.TextField(_("zorg in eigen woorden"), max_length=4000)
    zorg_domeinen = ArrayField(
        models.CharField(max_length=30, choices=ZorgDomein.choices),
        default=list,
        blank=True,
        verbose_name=_("waar gaat de zorg over"),
    )
    betrokken = models.TextField(_("wie is al betrokken"), max_length=2000, blank=True)
    gezag = models.CharField(_("gezag"), max_length=20, choices=Gezag.choices)
    andere_gezagsdrager = models.CharField(
        _("andere gezagsdrager op de hoogte"), max_length=20, choices=AndereGezagsdrager.choices
    )
    taal = models.CharField(_("taal van het formulier"), max_length=8, default="nl")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NIEUW
    )
    # Fact timestamps (DESIGN §2).
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now, db_index=True)
    first_contact_at = models.DateTimeField(_("eerste contact op"), null=True, blank=True)
    first_contact_wijze = models.CharField(
        _("eerste contact via"), max_length=20, choices=ContactWijze.choices, blank=True
    )
    first_contact_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uitkomst_toelichting = models.TextField(_("toelichting"), max_length=4000, blank=True)
    verwezen_naar = models.ForeignKey(
        "netwerk.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verwezen naar"),
    )
    verwezen_dienst = models.ForeignKey(
        "netwerk.Dienst",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dienst"),
    )
    doorgestuurd_van = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorgestuurd vanuit"),
    )
    doorgestuurd_naar = models.CharField(_("doorgestuurd naar"), max_length=150, blank=True)
    # Closed as "dubbele aanmelding": the earlier registration of the same child it was merged
    # into. Set together with status DUBBEL (constraint below).
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("dubbel van"),
    )
    # The coordinator's notes of the intake (vraagverheldering); every version is kept by the
    # history trigger.
    intake_notities = models.TextField(_("notities van de intake"), max_length=8000, blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("bevestiging verstuurd op"), null=True, blank=True
    )
    # Set when the retention job (or an erasure request) has replaced the personal data; the
    # row and its facts stay for the figures. See docs/retention.md.
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    # Retention (docs/retention.md, read by bewaring.registry): how the anonymisation step
    # blanks each field that holds personal data. What is kept are the facts the monitor counts
    # (region, gemeente, channel, domains, outcome, the flow's timestamps) and the reference.
    RETENTION_BLANK = {
        "verwijzer_name": "empty",
        "verwijzer_organisatie": "empty",
        "verwijzer_telefoon": "empty",
        "verwijzer_email": "empty",
        "kind_first_name": "placeholder",
        "kind_geboortedatum": "first_of_month",
        "ouder_name": "placeholder",
        # The placeholder keeps "aanmelding_parent_reachable" (a phone or an e-mail) true.
        "ouder_telefoon": "placeholder",
        "ouder_email": "empty",
        "postcode": "empty",
        "zorg": "placeholder",
        "betrokken": "empty",
        "uitkomst_toelichting": "empty",
        "doorgestuurd_naar": "empty",
        "intake_notities": "empty",
    }
    RETENTION_KEEP = ("reference", "taal")

    objects = AanmeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["received_at"]
        indexes = [
            models.Index(fields=["region", "status", "received_at"], name="aanmelding_inbox"),
            # Likely duplicates (`selectors.likely_duplicates`): candidates share the first
            # name, case-folded, and the birth date; the expression must be the query's.
            models.Index(
                Lower("kind_first_name"), "kind_geboortedatum", name="aanmelding_dubbel_sleutel"
            ),
            # The inbox's search by name (`selectors.inbox_search`): `icontains` is
            # UPPER(column) LIKE '%TERM%', which only a trigram index on that expression serves.
            GinIndex(
                OpClass(Upper("kind_first_name"), name="gin_trgm_ops"),
                name="aanmelding_kind_naam_trgm",
            ),
            GinIndex(
                OpClass(Upper("ouder_name"), name="gin_trgm_ops"),
                name="aanmelding_ouder_naam_trgm",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="aanmelding_professional_has_referrer",
                condition=Q(kanaal=Kanaal.OUDER)
                | (~Q(verwijzer_soort="") & Q(ouders_op_de_hoogte=True)),
            ),
            models.CheckConstraint(
                name="aanmelding_parent_reachable",
                condition=~Q(ouder_telefoon="") | ~Q(ouder_email=""),
            ),
            models.CheckConstraint(
                name="aanmelding_closed_has_time",
                condition=Q(status__in=[*OPEN_STATUSES]) | Q(closed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="aanmelding_duplicate_has_original",
                condition=(Q(status=Status.DUBBEL) & Q(duplicate_of__isnull=False))
                | (~Q(status=Status.DUBBEL) & Q(duplicate_of__isnull=True)),
            ),
            models.CheckConstraint(
                name="aanmelding_not_duplicate_of_itself",
                condition=~Q(duplicate_of=models.F("pk")),
            ),
            # The target group (child_age_problem: born, and not yet seven, on the day of
            # registration). The database allows a day's margin either side for the time zone and,
            # at the old end, a month for the retention step's birth date moved to the 1st.
            models.CheckConstraint(
                name="aanmelding_child_born_by_registration",
                condition=Q(
                    kind_geboortedatum__lte=models.ExpressionWrapper(
                        models.F("received_at") + timedelta(days=1),
                        output_field=models.DateTimeField(),
                    )
                ),
            ),
            models.CheckConstraint(
                name="aanmelding_child_under_seven_at_registration",
                condition=Q(
                    kind_geboortedatum__gt=models.ExpressionWrapper(
                        models.F("received_at") - CHILD_AGE_LIMIT_IN_DAYS,
                        output_field=models.DateTimeField(),
                    )
                ),
            ),
            models.CheckConstraint(
                name="aanmelding_contact_after_receipt",
                condition=Q(first_contact_at__isnull=True)
                | Q(first_contact_at__gte=models.F("received_at")),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    # Access-log identity: the reference stays the child's client reference.
    @property
    def audit_client_ref(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def zorg_domein_labels(self) -> list[str]:
        labels = dict(ZorgDomein.choices)
        return [str(labels.get(code, code)) for code in self.zorg_domeinen]

    def leeftijd_op(self, day: date) -> tuple[int, int]:
        """Age in (years, months) on `day`."""
        return age_years_months(self.kind_geboortedatum, day)


@pghistory.track()
class Toestemming(models.Model):
    """A parent's consent (or refusal) for one purpose, with the wording's version and time."""

    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.PROTECT, related_name="toestemmingen"
    )
    doel = models.CharField(_("doel"), max_length=20, choices=ToestemmingDoel.choices)
    gegeven = models.BooleanField(_("gegeven"))
    toelichting = models.CharField(
        _("toelichting"),
        max_length=500,
        blank=True,
        help_text=_("Bij delen met organisaties: welke organisaties de ouder noemt."),
    )
    tekst_versie = models.CharField(_("versie van de tekst"), max_length=20)
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    # Retention (bewaring.registry): the organisations a parent names may name people.
    RETENTION_BLANK = {"toelichting": "empty"}
    RETENTION_KEEP = ("tekst_versie",)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.UniqueConstraint(
                fields=["aanmelding", "doel"], name="toestemming_one_per_purpose"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_doel_display()}: {'ja' if self.gegeven else 'nee'}"

    @property
    def geldig(self) -> bool:
        return self.gegeven and self.withdrawn_at is None
