from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkwerkConfig(AppConfig):
    name = "netwerkwerk"
    verbose_name = _("Netwerkwerk")

    def ready(self) -> None:
        # A consult that became the family's registration, in its AVG export.
        from . import export

        export.register()
