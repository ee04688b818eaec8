from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "Accounts"
    name = "ivh.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy checks
