from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    verbose_name = _("Toegangslog")
    name = "ivh.audit"
    label = "audit"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment check)
