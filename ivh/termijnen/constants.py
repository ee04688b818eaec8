from django.db import models
from django.utils.translation import gettext_lazy as _


class Regel(models.TextChoices):
    """What a waiting-time norm measures (DESIGN §3)."""

    EERSTE_CONTACT = "eerste_contact", _("eerste contact na aanmelding")
    MDO = "mdo", _("MDO na aanmelding")
    VERVOLGHULP = "vervolghulp", _("start vervolghulp na verwijzing")
    PLAN = "plan", _("plan akkoord na start traject")
    EVALUATIE = "evaluatie", _("evaluatie van het plan")
    TEVREDENHEID = "tevredenheid", _("tevredenheid ingevuld na afsluiting")
    DOORLOOPTIJD = "doorlooptijd", _("aanmelding tot start vervolghulp")


class Eenheid(models.TextChoices):
    WERKDAGEN = "werkdagen", _("werkdagen")
    WEKEN = "weken", _("weken")
    MAANDEN = "maanden", _("maanden")


class PauzeReden(models.TextChoices):
    OUDERS = "ouders", _("op verzoek van de ouders")
    ZIEKENHUIS = "ziekenhuis", _("kind in het ziekenhuis")
    ANDERE_AANBIEDER = "aanbieder", _("wachten op een andere aanbieder")
    ANDERS = "anders", _("andere reden")


class Niveau(models.TextChoices):
    """How far a deadline has run: the levels a signal is raised at."""

    BIJNA = "bijna", _("bijna over de norm")
    OVER = "over", _("over de norm")
    VER_OVER = "ver_over", _("ver over de norm")


# Worst first: the order in which pages list signals and levels.
LEVELS_WORST_FIRST = (Niveau.VER_OVER, Niveau.OVER, Niveau.BIJNA)
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS_WORST_FIRST)}

# DESIGN §3 defaults; a region changes them (a new version of its norm).
DEFAULT_NORMS: dict[str, tuple[int, str]] = {
    Regel.EERSTE_CONTACT: (5, Eenheid.WERKDAGEN),
    Regel.MDO: (6, Eenheid.WEKEN),
    Regel.VERVOLGHULP: (8, Eenheid.WEKEN),
    Regel.PLAN: (6, Eenheid.WEKEN),
    Regel.EVALUATIE: (6, Eenheid.MAANDEN),
    Regel.TEVREDENHEID: (4, Eenheid.WEKEN),
    Regel.DOORLOOPTIJD: (16, Eenheid.WEKEN),
}
DEFAULT_WARN_PERCENT = 80
DEFAULT_FAR_PERCENT = 150


class Onderwerp(models.TextChoices):
    """What a deadline is about: the domain object whose id `Termijn.subject_id` holds."""

    AANMELDING = "aanmelding", _("aanmelding")
    TRAJECT = "traject", _("traject")
    VERWIJZING = "verwijzing", _("verwijzing")
