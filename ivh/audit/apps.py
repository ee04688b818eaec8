from django.apps import AppConfig


class AuditConfig(AppConfig):
    verbose_name = "Toegangslog"
    name = "ivh.audit"
    label = "audit"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment check)
