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


class ContactSoort(models.TextChoices):
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    BEELDBELLEN = "beeldbellen", _("Beeldbellen")
    OVERLEG_PARTNER = "overleg_partner", _("Overleg met netwerkpartner")
    CONSULT = "consult", _("Consult")
    GESPREK_LOCATIE = "gesprek_locatie", _("Gesprek op locatie")
    EMAIL = "email", _("E-mail of brief")
    OVERIG = "overig", _("Overig")


class Afsluitreden(models.TextChoices):
    DOELEN_BEREIKT = "doelen_bereikt", _("Doelen bereikt")
    SPECIALISTISCHE_ZORG = "specialistische_zorg", _("Verder in specialistische zorg")
    REGULIERE_ZORG = "reguliere_zorg", _("Verder met reguliere ondersteuning (JGZ, school, opvang)")
    VERHUISD = "verhuisd", _("Gezin is verhuisd")
    OUDERS_GESTOPT = "ouders_gestopt", _("Ouders wilden stoppen")
    GEEN_CONTACT = "geen_contact", _("Geen contact meer met het gezin")
    OVERIG = "overig", _("Anders")


class DoelenBehaald(models.TextChoices):
    JA = "ja", _("Ja")
    DEELS = "deels", _("Deels")
    NEE = "nee", _("Nee")


class ActieStatus(models.TextChoices):
    OPEN = "open", _("Nog niet begonnen")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    VERVALLEN = "vervallen", _("Vervallen")


class ActieWie(models.TextChoices):
    ORGANISATIE = "organisatie", _("Een organisatie")
    OUDERS = "ouders", _("De ouders zelf")
    CASEMANAGER = "casemanager", _("De casemanager")


class AkkoordWijze(models.TextChoices):
    GESPREK = "gesprek", _("In een gesprek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    SCHRIFTELIJK = "schriftelijk", _("Schriftelijk of per e-mail")
    OUDERLINK = "ouderlink", _("Zelf, via de persoonlijke link")


# Phases a casemanager may move a traject to from each phase (closing has its own service).
FASE_OVERGANGEN: dict[str, tuple[Fase, ...]] = {
    Fase.START: (Fase.MDO, Fase.PLAN),
    Fase.MDO: (Fase.PLAN,),
    Fase.PLAN: (Fase.MDO, Fase.UITVOERING),
    Fase.UITVOERING: (Fase.EVALUATIE, Fase.MDO),
    Fase.EVALUATIE: (Fase.UITVOERING, Fase.PLAN, Fase.MDO),
}
