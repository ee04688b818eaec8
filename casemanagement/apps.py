from django.apps import AppConfig


class CasemanagementConfig(AppConfig):
    name = "casemanagement"
