from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    verbose_name = _("Gebruikers en rollen")
    name = "ivh.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the deploy checks
            signals,  # noqa: F401 - connects the login stamp and the lockout record
        )
