from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verstuurd")
    SKIPPED = "skipped", _("Niet meer nodig")
    FAILED = "failed", _("Mislukt")
