from django.apps import AppConfig


class AuditConfig(AppConfig):
    verbose_name = "Toegangslog"
    name = "ivh.audit"
    label = "audit"
