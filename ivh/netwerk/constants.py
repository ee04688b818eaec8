from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieModel(models.TextChoices):
    """How a region has organised its IVH network (see the domain articles)."""

    CENTRAAL_AANMELDPUNT = "centraal_aanmeldpunt", _("Centraal aanmeldpunt met veldpartijen")
    GGD = "ggd", _("Gecoördineerd door de GGD/JGZ")
    WIJKTEAMS = "wijkteams", _("Geïntegreerd in wijkteams")
    ANDERS = "anders", _("Anders")


class OrganisatieSoort(models.TextChoices):
    MEE = "mee", _("MEE")
    JGZ = "jgz", _("JGZ / GGD")
    KINDERREVALIDATIE = "kinderrevalidatie", _("Kinderrevalidatie")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis")
    GGZ = "ggz", _("GGZ")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    KINDERDIENSTENCENTRUM = "kdc", _("Kinderdienstencentrum")
    PARAMEDISCH = "paramedisch", _("Paramedische praktijk")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang / peuterspeelzaal")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    CJG = "cjg", _("Centrum voor Jeugd en Gezin")
    HUISARTS = "huisarts", _("Huisarts")
    GEMEENTE = "gemeente", _("Gemeente")
    OVERIG = "overig", _("Overig")


class Discipline(models.TextChoices):
    KINDERARTS = "kinderarts", _("Kinderarts")
    ORTHOPEDAGOOG = "orthopedagoog", _("Orthopedagoog")
    GZ_PSYCHOLOOG = "gz_psycholoog", _("GZ-psycholoog")
    LOGOPEDIST = "logopedist", _("Logopedist")
    FYSIOTHERAPEUT = "fysiotherapeut", _("Fysiotherapeut")
    ERGOTHERAPEUT = "ergotherapeut", _("Ergotherapeut")
    JGZ_ARTS = "jgz_arts", _("Jeugdarts (JGZ)")
    JGZ_VERPLEEGKUNDIGE = "jgz_verpleegkundige", _("Jeugdverpleegkundige (JGZ)")
    GGZ = "ggz", _("GGZ-behandelaar")
    MAATSCHAPPELIJK_WERK = "maatschappelijk_werk", _("Maatschappelijk werker")
    TRAJECTBEGELEIDER = "trajectbegeleider", _("Casemanager / trajectbegeleider")
    ONDERWIJS = "onderwijs", _("Onderwijsdeskundige")
    REVALIDATIEARTS = "revalidatiearts", _("Revalidatiearts")
    OVERIG = "overig", _("Overig")


class ZorgDomein(models.TextChoices):
    """Domains of concern about a young child's development (used in registrations, plans and
    a casemanager's expertise)."""

    MOTORIEK = "motoriek", _("Bewegen (motoriek)")
    SPRAAK_TAAL = "spraak_taal", _("Praten en taal")
    SOCIAAL_EMOTIONEEL = "sociaal_emotioneel", _("Contact met anderen en gevoelens")
    GEDRAG = "gedrag", _("Gedrag")
    COGNITIEF = "cognitief", _("Leren en begrijpen")
    SLAPEN_ETEN = "slapen_eten", _("Slapen of eten")
    MEDISCH = "medisch", _("Gezondheid (medisch)")
