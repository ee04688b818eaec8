from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    verbose_name = "Kern"
    name = "ivh.core"
    label = "core"

    def ready(self) -> None:
        from .history import install_after_migrate

        # After every migrate (once: post_migrate is sent per app, this one names pghistory),
        # later than pghistory's own receiver: the history triggers' functions that never raise.
        post_migrate.connect(
            install_after_migrate,
            sender=apps.get_app_config("pghistory"),
            dispatch_uid="ivh.core.history",
        )
