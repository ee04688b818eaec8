from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (a database trigger refuses changes too)."""

    list_display = [
        "at",
        "actor_label",
        "role",
        "action",
        "object_type",
        "client_ref",
        "ip_address",
    ]
    list_filter = ["action", "region"]
    search_fields = ["client_ref", "actor_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
