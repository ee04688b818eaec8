from django.db import models
from django.utils.translation import gettext_lazy as _


class MdoStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEHOUDEN = "gehouden", _("Gehouden")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


class DeelnemerSoort(models.TextChoices):
    EXPERT = "expert", _("Deskundige")
    CASEMANAGER = "casemanager", _("Casemanager")
    OUDER = "ouder", _("Ouder of verzorger")


class Antwoord(models.TextChoices):
    OPEN = "open", _("Nog geen antwoord")
    KOMT = "komt", _("Komt")
    KOMT_NIET = "komt_niet", _("Komt niet")


class AdviesactieStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Voorgesteld")
    OVERGENOMEN = "overgenomen", _("In het plan")
    AFGEWEZEN = "afgewezen", _("Niet overgenomen")
