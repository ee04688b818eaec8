from django.apps import AppConfig


class WerkplekConfig(AppConfig):
    name = "werkplek"
    verbose_name = "Werkplek"

    def ready(self) -> None:
        from .audit_labels import register

        register()
