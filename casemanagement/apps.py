from django.apps import AppConfig


class CasemanagementConfig(AppConfig):
    name = "casemanagement"

    def ready(self) -> None:
        from .feiten import register_rules

        register_rules()
