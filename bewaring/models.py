"""The record of retention: each run (a batch), what it did to each dossier root, and the
erasure requests of parents (AVG article 17). None of it holds what was erased: a root keeps
its row (anonymised), and these rows say only that, when, why and by whom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    Aanvrager,
    AfwijsReden,
    BatchSoort,
    Blokkade,
    Regel,
    RootSoort,
    Uitkomst,
    VerzoekReden,
    VerzoekStatus,
)

if TYPE_CHECKING:
    from aanmelding.models import Aanmelding
    from casemanagement.models import Gezin
    from ivh.accounts.models import User


def _one_root() -> Q:
    return Q(root_soort=RootSoort.AANMELDING, aanmelding__isnull=False, gezin__isnull=True) | Q(
        root_soort=RootSoort.GEZIN, gezin__isnull=False, aanmelding__isnull=True
    )


class BewaarbatchQuerySet(models.QuerySet["Bewaarbatch"]):
    def visible_to(self, user: User) -> BewaarbatchQuerySet:
        from .permissions import BATCH_VIEW

        return BATCH_VIEW.filter(self, user)


class Bewaarbatch(models.Model):
    """One run of the retention step: the daily job, the command, or one erasure request."""

    soort = models.CharField(_("soort"), max_length=20, choices=BatchSoort.choices)
    dry_run = models.BooleanField(_("proef"), default=False)
    # A batch of one region (an erasure request); empty: every region (the daily job).
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regio"),
    )
    started_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    # Empty while running, or when the run was interrupted (its roots are not lost: each was
    # done in its own transaction, and the next run takes the rest).
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    started_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    reden = models.CharField(_("aanleiding"), max_length=200, blank=True)
    # The terms as they were applied, in words ({"aanmelding": "12 maanden …", …}).
    regels = models.JSONField(_("toegepaste termijnen"), default=dict)
    # Totals per kind and outcome, written when the batch finishes.
    counts = models.JSONField(_("aantallen"), default=dict)
    toegangslog_verwijderd = models.PositiveIntegerField(
        _("regels toegangslog verwijderd"), null=True, blank=True
    )

    objects = BewaarbatchQuerySet.as_manager()

    RETENTION_NOT_PERSONAL = "Een run van de bewaartermijnen: tijden, termijnen en aantallen."

    class Meta:
        verbose_name = _("bewaarbatch")
        verbose_name_plural = _("bewaarbatches")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="bewaarbatch_automatic_has_no_person",
                condition=~Q(soort=BatchSoort.AUTOMATISCH) | Q(started_by__isnull=True),
            ),
            models.CheckConstraint(
                name="bewaarbatch_finished_after_start",
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def number(self) -> str:
        """The batch id as the certificate and the access log show it."""
        return f"B{self.pk:06d}"


class Bewaaractie(models.Model):
    """What one batch did with one dossier root. A root is anonymised once (the unique
    constraints): a second batch that reaches it finds it done and records nothing."""

    batch = models.ForeignKey(Bewaarbatch, on_delete=models.PROTECT, related_name="acties")
    root_soort = models.CharField(_("soort"), max_length=20, choices=RootSoort.choices)
    aanmelding = models.ForeignKey(
        "aanmelding.Aanmelding", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gezin = models.ForeignKey(
        "casemanagement.Gezin", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "netwerk.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    regel = models.CharField(_("regel"), max_length=20, choices=Regel.choices)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices)
    blokkades = ArrayField(
        models.CharField(max_length=20, choices=Blokkade.choices),
        default=list,
        blank=True,
        verbose_name=_("tegengehouden door"),
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    RETENTION_NOT_PERSONAL = (
        "Alleen dát een dossier is behandeld, door welke regel en met welke uitkomst."
    )

    class Meta:
        verbose_name = _("bewaaractie")
        verbose_name_plural = _("bewaaracties")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["batch", "region"], name="bewaaractie_batch_region")]
        constraints = [
            models.CheckConstraint(name="bewaaractie_one_root", condition=_one_root()),
            models.UniqueConstraint(
                fields=["aanmelding"],
                condition=Q(uitkomst=Uitkomst.GEANONIMISEERD),
                name="bewaaractie_aanmelding_once",
            ),
            models.UniqueConstraint(
                fields=["gezin"],
                condition=Q(uitkomst=Uitkomst.GEANONIMISEERD),
                name="bewaaractie_gezin_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.root_soort} {self.uitkomst}"


class VerwijderverzoekQuerySet(models.QuerySet["Verwijderverzoek"]):
    def visible_to(self, user: User) -> VerwijderverzoekQuerySet:
        from .permissions import VERZOEK_VIEW

        return VERZOEK_VIEW.filter(self, user)

    def open(self) -> VerwijderverzoekQuerySet:
        return self.filter(status=VerzoekStatus.OPEN)


class Verwijderverzoek(models.Model):
    """A request of the parents, or of the young person from 12, to erase the family's data
    (AVG article 17). Once carried out, it is the record that an erasure happened: when, by
    whom, on which ground and in which batch, not what was erased."""

    root_soort = models.CharField(_("soort dossier"), max_length=20, choices=RootSoort.choices)
    aanmelding = models.ForeignKey(
        "aanmelding.Aanmelding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verwijderverzoeken",
    )
    gezin = models.ForeignKey(
        "casemanagement.Gezin",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verwijderverzoeken",
    )
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regio"),
    )
    aanvrager = models.CharField(_("gevraagd door"), max_length=20, choices=Aanvrager.choices)
    reden = models.CharField(_("reden"), max_length=20, choices=VerzoekReden.choices)
    toelichting = models.CharField(
        _("toelichting"),
        max_length=500,
        blank=True,
        help_text=_(
            "Zonder namen of gegevens over de gezondheid: deze toelichting wordt gewist als het "
            "verzoek is uitgevoerd."
        ),
    )
    ontvangen_op = models.DateField(_("ontvangen op"))
    status = models.CharField(
        _("status"), max_length=20, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN
    )
    ingediend_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    ingediend_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    afgehandeld_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    afgehandeld_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afwijsreden = models.CharField(
        _("reden van afwijzen"), max_length=20, choices=AfwijsReden.choices, blank=True
    )
    batch = models.ForeignKey(
        Bewaarbatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verzoeken",
        verbose_name=_("batch"),
    )

    objects = VerwijderverzoekQuerySet.as_manager()

    # Retention (bewaring.registry): the request itself is the record that stays; only its
    # free text goes (when carried out, and with the family).
    RETENTION_BLANK = {"toelichting": "empty"}
    RETENTION_KEEP = ("ontvangen_op",)

    class Meta:
        verbose_name = _("verzoek tot verwijderen")
        verbose_name_plural = _("verzoeken tot verwijderen")
        ordering = ["-ingediend_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="verwijderverzoek_one_root", condition=_one_root()),
            models.UniqueConstraint(
                fields=["aanmelding"],
                condition=Q(status=VerzoekStatus.OPEN),
                name="verwijderverzoek_one_open_per_aanmelding",
            ),
            models.UniqueConstraint(
                fields=["gezin"],
                condition=Q(status=VerzoekStatus.OPEN),
                name="verwijderverzoek_one_open_per_gezin",
            ),
            models.CheckConstraint(
                name="verwijderverzoek_done_has_batch",
                condition=~Q(status=VerzoekStatus.UITGEVOERD)
                | (Q(batch__isnull=False) & Q(afgehandeld_at__isnull=False)),
            ),
            models.CheckConstraint(
                name="verwijderverzoek_rejected_has_reason",
                condition=~Q(status=VerzoekStatus.AFGEWEZEN) | ~Q(afwijsreden=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_root_soort_display()} {self.ontvangen_op:%Y-%m-%d}"

    @property
    def root(self) -> Aanmelding | Gezin:
        return self.aanmelding if self.aanmelding_id else self.gezin  # type: ignore[return-value]
