"""Admin permissions that follow from a role, so a beheerder needs no hand-made group."""

from django.contrib.auth.backends import BaseBackend

from .constants import Role

# What a functioneel beheerder maintains in the admin: configuration, never dossier content.
BEHEER_MODELS = {
    "accounts": ["user", "roleassignment"],
    "netwerk": ["region", "gemeente", "postcodegebied", "organisatie", "dienst"],
    "django_celery_beat": [
        "periodictask",
        "crontabschedule",
        "intervalschedule",
    ],
    "axes": ["accessattempt", "accesslog"],
    # Closure days of a region, and the norms and deadlines (read-only in their admin).
    "werkkalender": ["sluitingsdag"],
    "termijnen": ["norm", "termijn"],
}
# Records the application writes itself: the beheerder reads them and may clear one, but never
# makes or edits one by hand.
BEHEER_VIEW_DELETE = {"django_celery_results": ["taskresult"]}
BEHEER_PERMISSIONS = frozenset(
    {
        f"{app}.{action}_{model}"
        for app, models in BEHEER_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    }
    | {
        f"{app}.{action}_{model}"
        for app, models in BEHEER_VIEW_DELETE.items()
        for model in models
        for action in ("delete", "view")
    }
    | {"audit.view_accesslogentry", "accounts.view_securityevent", "outbox.view_outboxmessage"}
)


class RolePermissionBackend(BaseBackend):
    # The stubs want a set; Django only iterates the result, and a shared frozenset is safe.
    def get_all_permissions(self, user_obj, obj=None) -> frozenset[str]:  # type: ignore[override]  # noqa: ANN001
        if obj is not None or not user_obj.is_active or not user_obj.is_authenticated:
            return frozenset()
        return BEHEER_PERMISSIONS if user_obj.has_role(Role.BEHEERDER) else frozenset()

    def has_module_perms(self, user_obj, app_label: str) -> bool:  # noqa: ANN001
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
