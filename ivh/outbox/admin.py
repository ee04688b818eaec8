from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .constants import OutboxStatus
from .models import OutboxMessage

_STATUS_FILTERS: dict[str, Q] = {
    OutboxStatus.PENDING: Q(sent_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True),
    OutboxStatus.SENT: Q(sent_at__isnull=False),
    OutboxStatus.SKIPPED: Q(skipped_at__isnull=False),
    OutboxStatus.FAILED: Q(failed_at__isnull=False),
}


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(OutboxStatus.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        condition = _STATUS_FILTERS.get(self.value() or "")
        return queryset.filter(condition) if condition is not None else queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what waits and what failed. Rows are written by the
    application only; the content is rendered at sending time and not stored."""

    list_display = ["created_at", "kind", "recipient", "status_label", "attempts", "sent_at"]
    list_filter = [StatusFilter, "kind"]
    search_fields = ["recipient", "key"]
    date_hierarchy = "created_at"

    @admin.display(description=_("status"))
    def status_label(self, obj: OutboxMessage) -> str:
        return obj.get_status_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
