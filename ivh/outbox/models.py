"""The outbox: every e-mail the application sends is first a row here, written in the same
transaction as the change that causes it. See `ivh.outbox.services`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import OutboxStatus


class OutboxQuerySet(models.QuerySet):
    def pending(self) -> OutboxQuerySet:
        return self.filter(sent_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True)

    def due(self, now=None) -> OutboxQuerySet:  # noqa: ANN001 - a datetime
        """Pending rows whose time has come and that nobody holds a claim on."""
        now = now or timezone.now()
        return self.pending().filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), not_before__lte=now
        )


class OutboxMessage(models.Model):
    """One e-mail to one recipient. The context holds ids only: never a child's name or
    concerns, never a secret token (a renderer rebuilds links from stored state)."""

    key = models.CharField(
        _("sleutel"),
        max_length=200,
        unique=True,
        help_text=_("Maakt een tweede bericht voor hetzelfde voorval onmogelijk."),
    )
    kind = models.CharField(_("soort"), max_length=60)
    recipient = models.EmailField(_("ontvanger"))
    language = models.CharField(_("taal"), max_length=10, default="nl")
    context = models.JSONField(_("gegevens (alleen nummers)"), default=dict, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    not_before = models.DateTimeField(_("niet versturen voor"), default=timezone.now)
    # A sender holds the row until this moment; a worker that dies leaves the claim to expire,
    # after which the sweep takes the row again.
    claimed_until = models.DateTimeField(_("bezet tot"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    skipped_at = models.DateTimeField(_("overgeslagen op"), null=True, blank=True)
    failed_at = models.DateTimeField(_("opgegeven op"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep reads only open rows, by time.
            models.Index(
                fields=["not_before"],
                name="outbox_pending_not_before",
                condition=Q(sent_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True),
            ),
            models.Index(fields=["kind", "-created_at"], name="outbox_kind_created"),
        ]
        constraints = [
            models.CheckConstraint(
                name="outbox_one_outcome",
                condition=~Q(sent_at__isnull=False, skipped_at__isnull=False)
                & ~Q(sent_at__isnull=False, failed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    @property
    def status(self) -> str:
        if self.sent_at:
            return OutboxStatus.SENT
        if self.skipped_at:
            return OutboxStatus.SKIPPED
        if self.failed_at:
            return OutboxStatus.FAILED
        return OutboxStatus.PENDING

    def get_status_display(self) -> str:
        return str(OutboxStatus(self.status).label)


class Delivery(models.TextChoices):
    DIRECT = "direct", _("direct per e-mail")
    DIGEST = "overzicht", _("in het dagoverzicht")
    OFF = "uit", _("niet")


class NotificationPreference(models.Model):
    """How one person wants one kind of staff message (none stored: directly)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("soort bericht"), max_length=60)
    delivery = models.CharField(_("ontvangen"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class DigestItem(models.Model):
    """A staff message held for the person's daily overview instead of mailed at once."""

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("item voor het dagoverzicht")
        verbose_name_plural = _("items voor het dagoverzicht")
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                name="digest_pending",
                condition=Q(digested_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.key
