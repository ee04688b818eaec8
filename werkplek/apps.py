from django.apps import AppConfig


class WerkplekConfig(AppConfig):
    name = "werkplek"
    verbose_name = "Werkplek"
