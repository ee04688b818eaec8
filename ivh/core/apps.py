from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Kern"
    name = "ivh.core"
    label = "core"
