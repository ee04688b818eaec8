from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkwerkConfig(AppConfig):
    name = "netwerkwerk"
    verbose_name = _("Netwerkwerk")
