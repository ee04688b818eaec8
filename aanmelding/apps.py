from django.apps import AppConfig


class AanmeldingConfig(AppConfig):
    name = "aanmelding"
