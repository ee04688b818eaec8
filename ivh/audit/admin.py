from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import AccessLogEntry, AccessLogQuerySet
from .registry import client_group
from .selectors import normalise_reference


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
        "reason",
        "ip_address",
    ]
    list_filter = ["action", "region"]
    search_fields = ["client_ref", "actor_label"]
    date_hierarchy = "at"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # A child's reference also finds the list pages and searches that showed the child; a
        # family number finds its children's entries (exact matches on the indexed columns).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = normalise_reference(search_term)
        if term:
            results = results | cast(AccessLogQuerySet, queryset).for_clients(*client_group(term))
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
