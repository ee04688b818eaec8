from django.db import models
from django.utils.translation import gettext_lazy as _


class Fase(models.TextChoices):
    """Phase of a traject (the casemanager's path with one family)."""

    START = "start", _("Start")
    MDO = "mdo", _("MDO")
    PLAN = "plan", _("Plan maken")
    UITVOERING = "uitvoering", _("Uitvoering")
    EVALUATIE = "evaluatie", _("Evaluatie")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


OPEN_FASEN = (Fase.START, Fase.MDO, Fase.PLAN, Fase.UITVOERING, Fase.EVALUATIE)
