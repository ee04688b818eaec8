from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkkalenderConfig(AppConfig):
    name = "ivh.werkkalender"
    label = "werkkalender"
    verbose_name = _("Werkkalender")
