"""The access log (NEN 7513 style): who read which client's data, when, how and from where."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import AccessAction

if TYPE_CHECKING:
    from ivh.accounts.models import User


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> AccessLogQuerySet:
        """A beheerder reads the whole log, a coordinator the entries of their regions."""
        if not user.is_authenticated:
            return self.none()
        if user.is_beheerder:
            return self.all()
        regions = user.coordinator_region_ids()
        if not regions:
            return self.none()
        return self.filter(region_id__in=regions)


class AccessLogEntry(models.Model):
    """One read (or export, print, ...) of a child's or family's data.

    Written synchronously in the request by `ivh.audit.services.access_log_record`, never via the
    broker, and append-only: a database trigger refuses updates and deletes.
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    # Snapshots, so the entry keeps saying who it was if a role or name changes later.
    actor_label = models.CharField(_("wie"), max_length=200)
    role = models.CharField(_("rol"), max_length=40, blank=True)
    organisatie_name = models.CharField(_("organisatie"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=60)
    object_id = models.CharField(_("nummer gegeven"), max_length=40)
    client_ref = models.CharField(
        _("cliëntreferentie"),
        max_length=40,
        db_index=True,
        help_text=_("Het vaste nummer van het kind of gezin, nooit een naam."),
    )
    region = models.ForeignKey(
        "netwerk.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regio"),
    )
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("pagina"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client_ref", "-at"], name="accesslog_client_at")]
        constraints = [
            models.CheckConstraint(condition=~Q(client_ref=""), name="accesslog_client_required"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="accesslog_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.client_ref}"
