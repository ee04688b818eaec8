from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ivh.accounts.models import User
from ivh.werkkalender.models import Sluitingsdag

from .models import Norm, Termijn
from .services import sluitingsdag_remove, sluitingsdag_set


@admin.register(Sluitingsdag)
class SluitingsdagAdmin(admin.ModelAdmin):
    """Closure days go through the service, so the open deadlines move with them."""

    list_display = ["day", "region", "reason"]
    list_filter = ["region"]
    date_hierarchy = "day"
    fields = ["region", "day", "reason"]

    def save_model(self, request: HttpRequest, obj: Sluitingsdag, form: Any, change: bool) -> None:
        by = request.user if isinstance(request.user, User) else None
        saved, _moved = sluitingsdag_set(region=obj.region, day=obj.day, reason=obj.reason, by=by)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Sluitingsdag) -> None:
        sluitingsdag_remove(region=obj.region, day=obj.day)


@admin.register(Norm)
class NormAdmin(admin.ModelAdmin):
    """Read-only history of the norms: a region changes its norms on its settings page."""

    list_display = [
        "region",
        "regel",
        "amount",
        "unit",
        "warn_percent",
        "far_percent",
        "valid_from",
    ]
    list_filter = ["region", "regel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Termijn)
class TermijnAdmin(NormAdmin):
    list_display = [
        "regel",
        "subject_kind",
        "subject_id",
        "region",
        "started_at",
        "due_at",
        "stopped_at",
    ]
    list_filter = ["regel", "region"]
