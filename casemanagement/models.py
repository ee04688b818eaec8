"""One family (gezin), its children, and the traject a casemanager walks with them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.core.references import new_reference

from .constants import (
    OPEN_FASEN,
    ActieStatus,
    Afsluitreden,
    AkkoordWijze,
    ContactSoort,
    DoelenBehaald,
    Fase,
)

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
    ouder_name = models.CharField(_("naam ouder of verzorger"), max_length=150)
    ouder_telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    ouder_email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the retention job (or an erasure request) has replaced the family's personal data;
    # the row and its facts stay for the figures. See docs/retention.md.
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    # Retention (docs/retention.md, read by bewaring.registry): how the anonymisation step
    # blanks each field that holds personal data; region and gemeente are facts it keeps.
    RETENTION_BLANK = {
        "ouder_name": "placeholder",
        "ouder_telefoon": "empty",
        "ouder_email": "empty",
        "postcode": "empty",
    }
    RETENTION_KEEP = ("reference",)

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
    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="kinderen")
    first_name = models.CharField(_("voornaam"), max_length=80)
    geboortedatum = models.DateField(_("geboortedatum"))

    # Retention (bewaring.registry): the birth date is reduced to the first of its month.
    RETENTION_BLANK = {"first_name": "placeholder", "geboortedatum": "first_of_month"}
    RETENTION_KEEP = ("reference",)

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        ordering = ["geboortedatum"]

    def __str__(self) -> str:
        return self.first_name


class TrajectQuerySet(models.QuerySet["Traject"]):
    def visible_to(self, user: User) -> TrajectQuerySet:
        """The trajecten the user may see (`casemanagement.permissions.TRAJECT_VIEW`)."""
        # Imported here: the rules module imports these models.
        from .permissions import TRAJECT_VIEW

        return TRAJECT_VIEW.filter(self, user)

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
    # The gemeente the family lived in when the traject started: figures per gemeente keep
    # counting this traject there, even after the family moves (Gezin.gemeente changes).
    gemeente = models.ForeignKey(
        "netwerk.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten",
        verbose_name=_("gemeente bij de start"),
    )
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
    afsluitreden = models.CharField(
        _("reden van afsluiten"), max_length=30, choices=Afsluitreden.choices, blank=True
    )
    doelen_behaald = models.CharField(
        _("doelen behaald"), max_length=10, choices=DoelenBehaald.choices, blank=True
    )
    afsluit_toelichting = models.TextField(
        _("toelichting bij afsluiten"), max_length=2000, blank=True
    )
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Retention (bewaring.registry): the timestamps, reason and outcome are facts; the
    # explanation is free text.
    RETENTION_BLANK = {"afsluit_toelichting": "empty"}

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        indexes = [
            models.Index(fields=["casemanager", "fase"], name="traject_caseload"),
            # A region's trajecten in a phase (an MDO's families waiting for it, the region's list).
            models.Index(fields=["region", "fase"], name="traject_region_fase"),
        ]
        constraints = [
            models.CheckConstraint(
                name="traject_closed_has_time",
                condition=~Q(fase=Fase.AFGESLOTEN) | Q(closed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="traject_assigned_has_time",
                condition=Q(casemanager__isnull=True) | Q(casemanager_assigned_at__isnull=False),
            ),
            # Dates in order: every milestone falls on or after the registration it started
            # from, and a traject can only close after it started.
            *(
                models.CheckConstraint(
                    name=f"traject_{field}_after_receipt",
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": models.F("received_at")}),
                )
                for field in (
                    "first_contact_at",
                    "casemanager_assigned_at",
                    "first_mdo_held_at",
                    "plan_agreed_at",
                    "closed_at",
                )
            ),
            # One family, one plan: a family has at most one open traject at a time.
            models.UniqueConstraint(
                fields=["gezin"],
                condition=Q(fase__in=OPEN_FASEN),
                name="traject_one_open_per_gezin",
            ),
        ]

    def __str__(self) -> str:
        return f"Traject {self.gezin.reference}"

    @property
    def is_open(self) -> bool:
        return self.fase in OPEN_FASEN


class TrajectToewijzing(models.Model):
    """History of who was the casemanager of a traject, and who decided it."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="toewijzingen")
    casemanager = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=300, blank=True)

    # Retention (bewaring.registry): a reason for a change of casemanager may be about the family.
    RETENTION_BLANK = {"reden": "empty"}

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


@pghistory.track()
class Vervanging(models.Model):
    """A logged substitution: during leave, the substitute sees the absent casemanager's
    families of the same region."""

    afwezige = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("afwezige casemanager"),
    )
    vervanger = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="vervangingen",
        verbose_name=_("vervanger"),
    )
    region = models.ForeignKey("netwerk.Region", on_delete=models.PROTECT, related_name="+")
    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"))
    reden = models.CharField(_("reden"), max_length=200)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vervanging")
        verbose_name_plural = _("vervangingen")
        ordering = ["-van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__gte=models.F("van")), name="vervanging_period_valid"
            ),
            models.CheckConstraint(
                condition=~Q(afwezige=models.F("vervanger")), name="vervanging_other_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vervanger} voor {self.afwezige} ({self.van}–{self.tot})"


@pghistory.track()
class Contactmoment(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="contacten")
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort contact"), max_length=20, choices=ContactSoort.choices)
    minuten = models.PositiveSmallIntegerField(_("minuten"))
    notitie = models.TextField(_("korte notitie"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geschreven door"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Retention (bewaring.registry): date, kind and minutes are facts; the note is free text.
    RETENTION_BLANK = {"notitie": "empty"}
    RETENTION_KEEP = ("datum",)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-datum", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minuten__gte=1) & Q(minuten__lte=600), name="contact_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.get_soort_display()}"


@pghistory.track()
class Verwijzing(models.Model):
    """A referral to vervolghulp; its waiting time runs from referred to started."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="verwijzingen")
    organisatie = models.ForeignKey(
        "netwerk.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    dienst = models.ForeignKey(
        "netwerk.Dienst",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dienst"),
    )
    referred_at = models.DateField(_("verwezen op"))
    started_at = models.DateField(_("gestart op"), null=True, blank=True)
    ended_at = models.DateField(_("beëindigd op"), null=True, blank=True)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    # Retention (bewaring.registry): the dates are the waiting time the monitor counts.
    RETENTION_BLANK = {"toelichting": "empty"}
    RETENTION_KEEP = ("referred_at", "started_at", "ended_at")

    class Meta:
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        ordering = ["-referred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__gte=models.F("referred_at")),
                name="verwijzing_start_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | (Q(started_at__isnull=False) & Q(ended_at__gte=models.F("started_at"))),
                name="verwijzing_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} ({self.referred_at})"

    def wachtdagen(self, today: date) -> int:
        return ((self.started_at or today) - self.referred_at).days


class Ondersteuningsplan(models.Model):
    """One family, one plan. Its content lives in versions; the newest is the current plan."""

    gezin = models.OneToOneField(Gezin, on_delete=models.PROTECT, related_name="plan")
    created_at = models.DateTimeField(default=timezone.now)

    # Retention (bewaring.registry).
    RETENTION_NOT_PERSONAL = "Alleen de koppeling met het gezin; de inhoud staat in de versies."

    class Meta:
        verbose_name = _("ondersteuningsplan")
        verbose_name_plural = _("ondersteuningsplannen")

    def __str__(self) -> str:
        return f"Plan {self.gezin.reference}"


class PlanVersie(models.Model):
    """A version of the plan; never changed once written (a change makes a new version).

    `doelen`: [{"domein", "omschrijving"}]; `acties`: [{"wat", "wie", "organisatie_id",
    "organisatie_naam", "wanneer", "status"}] with the organisation's name kept as it was.
    """

    plan = models.ForeignKey(Ondersteuningsplan, on_delete=models.PROTECT, related_name="versies")
    nummer = models.PositiveIntegerField(_("versie"))
    gezinsvraag = models.TextField(_("de vraag van het gezin"), max_length=4000)
    doelen = models.JSONField(_("doelen"), default=list)
    acties = models.JSONField(_("acties"), default=list)
    evaluatie_datum = models.DateField(_("evaluatie op"))
    # The first day this version asks something by: its evaluation or an open action's day
    # (`plan_next_day`), stored when the version is written, so that a list of trajecten
    # sorts on it without reading every version's actions.
    volgende_dag = models.DateField(_("eerstvolgende dag"), editable=False)
    wijziging = models.CharField(_("wat is er veranderd"), max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Retention (bewaring.registry): the one change a version ever gets (the immutability
    # trigger is skipped for exactly this update). Number, dates, goal domains and action
    # status stay; the words go.
    RETENTION_BLANK = {
        "gezinsvraag": "placeholder",
        "doelen": "json_empty:omschrijving",
        "acties": "json_empty:wat",
        "wijziging": "empty",
    }
    RETENTION_KEEP = ("evaluatie_datum", "volgende_dag")

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="planversie_unique_number"),
        ]
        indexes = [
            # The current version of a plan and its next day, from the index alone.
            models.Index(
                fields=["plan", "-nummer"], name="planversie_current", include=["volgende_dag"]
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="planversie_immutable", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.nummer}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self._state.adding:
            self.volgende_dag = plan_next_day(self.evaluatie_datum, self.acties)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def plan_next_day(evaluatie_datum: date, acties: list[dict]) -> date:
    """The first day a plan version asks something by: its evaluation or the day (`wanneer`)
    of an action not yet done (open or under way), whichever comes first."""
    days = [
        date.fromisoformat(actie["wanneer"])
        for actie in acties
        if actie.get("status") in (ActieStatus.OPEN, ActieStatus.BEZIG) and actie.get("wanneer")
    ]
    return min([evaluatie_datum, *days])


class PlanAkkoord(models.Model):
    """The parents agree to one version of the plan."""

    versie = models.OneToOneField(PlanVersie, on_delete=models.PROTECT, related_name="akkoord")
    agreed_at = models.DateTimeField(_("akkoord op"))
    wijze = models.CharField(_("hoe"), max_length=20, choices=AkkoordWijze.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Retention (bewaring.registry).
    RETENTION_NOT_PERSONAL = "Wanneer en hoe de ouders akkoord gaven: een feit dat de monitor telt."

    class Meta:
        verbose_name = _("akkoord van de ouders")
        verbose_name_plural = _("akkoorden van de ouders")

    def __str__(self) -> str:
        return f"{self.versie}: {self.agreed_at:%Y-%m-%d}"


class OuderLinkQuerySet(models.QuerySet):
    def usable(self) -> OuderLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class OuderLink(models.Model):
    """A parent's personal link to their family's page. The token itself is never stored."""

    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="ouderlinks")
    # Links made before signed tokens stored the hash of a random token; they were all revoked
    # by migration 0006 and are never looked up any more. Kept for the record of old links.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Signed links: the token is rebuilt from the id and this random value with the server's
    # key (casemanagement.tokens), so the outbox can resend the mail without keeping a secret,
    # and the database alone is not enough to make a working link.
    nonce = models.CharField(max_length=32, blank=True)
    email = models.EmailField(_("verstuurd naar"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    # Retention (bewaring.registry): without its nonce a link can never be rebuilt or used.
    RETENTION_BLANK = {"email": "empty", "nonce": "empty"}
    # The hash of a random token of the old, revoked links: no personal data.
    RETENTION_KEEP = ("token_hash",)

    objects = OuderLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("ouderlink")
        verbose_name_plural = _("ouderlinks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.gezin} ({self.created_at:%Y-%m-%d})"

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class OuderVraag(models.Model):
    """A question or a call-back request from a parent, to be answered by the team."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="oudervragen")
    tekst = models.TextField(_("vraag"), max_length=2000)
    terugbellen = models.BooleanField(_("wil teruggebeld worden"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Retention (bewaring.registry).
    RETENTION_BLANK = {"tekst": "placeholder"}

    class Meta:
        verbose_name = _("vraag van ouders")
        verbose_name_plural = _("vragen van ouders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.traject} {self.created_at:%Y-%m-%d}"


class Tevredenheid(models.Model):
    """The parents' satisfaction after closure (one per traject)."""

    traject = models.OneToOneField(Traject, on_delete=models.PROTECT, related_name="tevredenheid")
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("cijfer"), null=True, blank=True)
    opmerking = models.TextField(_("opmerking"), max_length=2000, blank=True)
    terugbellen = models.BooleanField(_("wil teruggebeld worden"), default=False)
    answered_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)

    # Retention (bewaring.registry): the score is a fact the monitor counts; the remark is not.
    RETENTION_BLANK = {"opmerking": "empty"}

    class Meta:
        verbose_name = _("tevredenheid")
        verbose_name_plural = _("tevredenheid")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=10)),
                name="tevredenheid_score_1_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.traject}: {self.score}"
