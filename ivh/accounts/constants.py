from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator")
    CASEMANAGER = "casemanager", _("Casemanager")
    MDO_EXPERT = "mdo_expert", _("MDO-deelnemer")
    GEMEENTE = "gemeente", _("Gemeente")
    BEHEERDER = "beheerder", _("Functioneel beheerder")
