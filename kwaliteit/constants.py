"""The IVH quality criteria (info sheet "Integrale Vroeghulp", step 3: randvoorwaarden en
kwaliteitscriteria), in the sheet's order, and the judgements of the yearly self-review."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterium(models.TextChoices):
    REGIE = "regie", _("Ouders hebben de regie; hun vragen en ondersteuningsbehoefte zijn leidend")
    LOKET = "loket", _("Eén herkenbaar loket voor ouders, met toegang tot passende hulp")
    WACHTTIJDEN = (
        "wachttijden",
        _(
            "Beperkte wachttijden, geen onnodig herhaald onderzoek, partners bouwen voort op "
            "eerdere inzichten"
        ),
    )
    EXPERTISE = (
        "expertise",
        _(
            "Expertise jonge kind en kennis van de sociale kaart zijn aanwezig en worden "
            "bijgehouden"
        ),
    )
    PARTNERS = (
        "partners",
        _("De partners kennen elkaar; het is duidelijk wie waarvoor verantwoordelijk is"),
    )
    RICHTLIJNEN = "richtlijnen", _("De werkwijze volgt de landelijke richtlijnen JGZ en Jeugdhulp")
    AFSPRAKEN = (
        "afspraken",
        _("Afspraken over inzet, procedure en financiën zijn vastgelegd en bestuurlijk gedragen"),
    )
    SAMENWERKING = (
        "samenwerking",
        _("Samenwerkingsafspraken zijn gedeeld met alle betrokkenen en vastgelegd"),
    )


# A few words per criterion, for a stuurgroep decision that names where it came from.
KORT = {
    Criterium.REGIE: _("regie bij ouders"),
    Criterium.LOKET: _("één herkenbaar loket"),
    Criterium.WACHTTIJDEN: _("wachttijden"),
    Criterium.EXPERTISE: _("expertise"),
    Criterium.PARTNERS: _("partners kennen elkaar"),
    Criterium.RICHTLIJNEN: _("landelijke richtlijnen"),
    Criterium.AFSPRAKEN: _("afspraken vastgelegd"),
    Criterium.SAMENWERKING: _("samenwerking geborgd"),
}


class Oordeel(models.TextChoices):
    VOLDOET = "voldoet", _("Voldoet")
    DEELS = "deels", _("Voldoet deels")
    VOLDOET_NIET = "voldoet_niet", _("Voldoet niet")


class ReviewStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
