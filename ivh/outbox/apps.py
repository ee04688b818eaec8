from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "ivh.outbox"
    label = "outbox"
    verbose_name = _("Uitgaande berichten")

    def ready(self) -> None:
        # Each app that sends mail keeps its renderers in `<app>/outbox.py`; importing them here
        # registers them, so the core never imports a domain app by name.
        autodiscover_modules("outbox")
