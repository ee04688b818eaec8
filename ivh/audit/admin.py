from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (a database trigger and the database role refuse
    changes too)."""

    list_display = [
        "at",
        "actor_label",
        "role",
        "action",
        "object_type",
        "client_ref",
        "view_name",
        "ip_address",
    ]
    list_filter = ["action", "region"]
    search_fields = ["client_ref", "actor_label"]
    date_hierarchy = "at"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # A child's reference also finds the list pages and searches that showed the child.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().upper()
        if term:
            results = results | queryset.filter(Q(client_refs__contains=[term]))
        return results, may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AccessLogEntry | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AccessLogEntry | None = None
    ) -> bool:
        return False
