from django.db import models
from django.utils.translation import gettext_lazy as _


class Kanaal(models.TextChoices):
    OUDER = "ouder", _("Ouder of verzorger")
    PROFESSIONAL = "professional", _("Professional")


class VerwijzerSoort(models.TextChoices):
    JGZ = "jgz", _("Jeugdgezondheidszorg (consultatiebureau, GGD)")
    HUISARTS = "huisarts", _("Huisarts")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang of peuterspeelzaal")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    WIJKTEAM = "wijkteam", _("Wijkteam of CJG")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis of kinderarts")
    ANDERS = "anders", _("Anders")


class Gezag(models.TextChoices):
    BEIDE_OUDERS = "beide_ouders", _("Beide ouders samen")
    EEN_OUDER = "een_ouder", _("Eén ouder")
    VOOGD = "voogd", _("Een voogd")
    WEET_NIET = "weet_niet", _("Weet ik niet")


class AndereGezagsdrager(models.TextChoices):
    WEET_EN_AKKOORD = "akkoord", _("Ja, de andere ouder weet ervan en is het ermee eens")
    WEET_NIET_AKKOORD = (
        "niet_akkoord",
        _("De andere ouder weet ervan, maar is het er niet mee eens"),
    )
    WEET_NIET = "weet_niet", _("Nee, de andere ouder weet het nog niet")
    NVT = "nvt", _("Niet van toepassing")


class ContactVoorkeur(models.TextChoices):
    TELEFOON = "telefoon", _("Bellen")
    EMAIL = "email", _("E-mail")
    MAAKT_NIET_UIT = "geen", _("Maakt niet uit")


class Status(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    ADVIES = "advies", _("Afgesloten met advies")
    VERWEZEN = "verwezen", _("Afgesloten met verwijzing")
    DOORGESTUURD = "doorgestuurd", _("Doorgestuurd naar andere regio")
    BUITEN_DOELGROEP = "buiten_doelgroep", _("Buiten de doelgroep")
    TRAJECT = "traject", _("Traject gestart")
    # The same child registered again: closed into the earlier registration (duplicate_of) and
    # never counted as a registration of its own.
    DUBBEL = "dubbel", _("Dubbele aanmelding")


OPEN_STATUSES = (Status.NIEUW, Status.IN_BEHANDELING)


class ContactWijze(models.TextChoices):
    TELEFONISCH = "telefonisch", _("Telefonisch")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    BEELDBELLEN = "beeldbellen", _("Beeldbellen")
    OP_LOCATIE = "op_locatie", _("Gesprek op locatie")
    EMAIL = "email", _("Per e-mail")


class ToestemmingDoel(models.TextChoices):
    """What a parent consents to, per purpose. The exact wording shown is kept per version."""

    INFORMATIE_UITWISSELING = "informatie", _("Informatie uitwisselen met het IVH-netwerk")
    MDO = "mdo", _("Bespreken in een multidisciplinair overleg (MDO)")
    DELEN_MET_PARTNERS = "partners", _("Gegevens delen met de genoemde organisaties")


# The consent texts as shown on the form. A new wording gets a new version; stored consents
# keep the version they were given under. A professional records the parents' consent in other
# words than a parent gives it (aanmelding.forms.CONSENT_LABELS), so each channel has its own.
TOESTEMMING_VERSIE = "2026-11-v1"
TOESTEMMING_VERSIE_PROFESSIONAL = "2026-11-prof-v1"
TOESTEMMING_VERSIES: dict[str, str] = {
    Kanaal.OUDER: TOESTEMMING_VERSIE,
    Kanaal.PROFESSIONAL: TOESTEMMING_VERSIE_PROFESSIONAL,
}

# Likely duplicates: the same child (first name and birth date) with the same postcode or the
# same parent contact, received within this many days of each other.
DUBBEL_BINNEN_DAGEN = 180

UITERSTE_LEEFTIJD_JAREN = 7
