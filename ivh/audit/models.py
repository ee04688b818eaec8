"""The access log (NEN 7513 style): who read which client's data, when, how and from where."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import LIST_ACTIONS, REASON_MAX_LENGTH, AccessAction

if TYPE_CHECKING:
    from ivh.accounts.models import User


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> AccessLogQuerySet:
        """The entries the user may read (`ivh.audit.permissions.ACCESSLOG_VIEW`)."""
        # Imported here: the rules module imports this model.
        from .permissions import ACCESSLOG_VIEW

        return ACCESSLOG_VIEW.filter(self, user)

    def for_clients(self, *refs: str) -> AccessLogQuerySet:
        """Entries about any of these clients: reads of their own data (`client_ref`) and list
        pages or searches that showed them (`client_refs`, served by the GIN index)."""
        refs = tuple(r for r in refs if r)
        if not refs:
            return self.none()
        return self.filter(Q(client_ref__in=refs) | Q(client_refs__overlap=list(refs)))


class AccessLogEntry(models.Model):
    """One read (or export, print, ...) of a child's or family's data, or one view of a list
    page or search that showed several clients.

    Written synchronously in the request by `ivh.audit.services` (`access_log_record`,
    `access_log_record_list`), never via the broker, and append-only: a database trigger refuses
    updates and deletes, and the application's database role may only INSERT and SELECT here
    (docs/security-database.md).
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
        blank=True,
        help_text=_(
            "Het vaste nummer van het kind of gezin, nooit een naam. Leeg bij een lijst of "
            "zoekopdracht: die noemt de getoonde cliënten hieronder."
        ),
    )
    client_refs = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("getoonde cliënten"),
        default=list,
        blank=True,
        help_text=_("Bij een lijst of zoekopdracht: de vaste nummers van de getoonde cliënten."),
    )
    query = models.JSONField(
        _("zoekopdracht en filters"),
        default=dict,
        blank=True,
        help_text=_("Bij een lijst of zoekopdracht: de zoekterm, de filters en de pagina."),
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
    # The route and the path without secrets: a personal link's token is never stored here.
    view_name = models.CharField(_("paginanaam"), max_length=100, blank=True)
    path = models.CharField(_("pagina"), max_length=300, blank=True)
    # Why, where the access needs a reason (a substitute, a beheerder who also holds a dossier
    # role): what the user typed or confirmed (ivh.audit.reasons). A database default too, so
    # rows written by COPY or raw SQL (the load generator) need not name it.
    reason = models.CharField(
        _("reden"), max_length=REASON_MAX_LENGTH, blank=True, default="", db_default=""
    )

    # Retention (bewaring.registry, docs/retention.md): entries are deleted, never anonymised,
    # when their own period has passed and no client they name is still kept.
    RETENTION_DELETE = "Verwijderd na de eigen bewaartermijn van het toegangslog."

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        permissions = [
            # The privacy officer's (functionaris gegevensbescherming) one right: the whole
            # log, and nothing of the dossiers (ivh.audit.permissions).
            ("read_whole_log", _("Mag het hele toegangslog lezen")),
        ]
        indexes = [
            models.Index(fields=["client_ref", "-at"], name="accesslog_client_at"),
            GinIndex(fields=["client_refs"], name="accesslog_client_refs"),
        ]
        constraints = [
            # Every entry names its client, except a list or search: that names the clients it
            # showed in client_refs (possibly none: a search that found nothing still counts).
            models.CheckConstraint(
                condition=~Q(client_ref="") | Q(action__in=LIST_ACTIONS),
                name="accesslog_client_or_list",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="accesslog_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        client = self.client_ref or f"{len(self.client_refs)}×"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {client}"

    @property
    def is_list(self) -> bool:
        return not self.client_ref

    def query_display(self) -> str:
        """The search term and filters as one readable line ('q: Daan, status: open')."""
        return ", ".join(f"{key}: {value}" for key, value in sorted(self.query.items()))
