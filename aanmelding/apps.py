from django.apps import AppConfig


class AanmeldingConfig(AppConfig):
    name = "aanmelding"

    def ready(self) -> None:
        from .feiten import register_rules

        register_rules()
