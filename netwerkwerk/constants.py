"""Choices of the coordinator's network work: consults and network activities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aanmelding.constants import VerwijzerSoort
from ivh.netwerk.constants import ZorgDomein


class ConsultKanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    PERSOONLIJK = "persoonlijk", _("Persoonlijk")


# Who asked: a parent, or a professional of one of the kinds a registration knows. Built from
# VerwijzerSoort so that consults and registrations count askers in the same groups.
Vraagsteller = models.TextChoices(  # type: ignore[call-overload]
    "Vraagsteller",
    [("OUDER", ("ouder", _("Ouder of verzorger")))]
    + [
        (member.name, (member.value, member.label))
        for member in VerwijzerSoort
        if member != VerwijzerSoort.ANDERS
    ]
    + [("ANDERS", (VerwijzerSoort.ANDERS.value, _("Andere professional")))],
)

# What the question was about: the concern domains of a registration, plus the two questions a
# coordinator is asked most that are not about a child's development itself.
ConsultOnderwerp = models.TextChoices(  # type: ignore[call-overload]
    "ConsultOnderwerp",
    [(member.name, (member.value, member.label)) for member in ZorgDomein]
    + [
        ("SOCIALE_KAART", ("sociale_kaart", _("Sociale kaart: waar kan ik terecht"))),
        ("PROCEDURE", ("procedure", _("Procedure en werkwijze IVH"))),
    ],
)


class ActiviteitSoort(models.TextChoices):
    TRAINING = "training", _("Training of scholing voor professionals")
    NETWERKBIJEENKOMST = "netwerkbijeenkomst", _("Netwerkbijeenkomst")
    CONVENANT = "convenant", _("Convenant of werkplan bijgewerkt")
    KWALITEITSREVIEW = "kwaliteitsreview", _("Kwaliteitsreview")
    ANDERS = "anders", _("Anders")


CONSULT_MINUTEN_STANDAARD = 10
NOTITIE_MAX = 500


# --- the stuurgroep --------------------------------------------------------------------------


class BesluitStatus(models.TextChoices):
    """Where a stuurgroep decision stands. Open and loopt are still to be followed up (the
    monitor and the next meeting show those); afgerond and vervallen are done with."""

    OPEN = "open", _("Open")
    LOOPT = "loopt", _("Loopt")
    AFGEROND = "afgerond", _("Afgerond")
    VERVALLEN = "vervallen", _("Vervallen")


# The statuses that still ask for action: the open decisions of the overview and the monitor.
BESLUIT_LOPEND = (BesluitStatus.OPEN, BesluitStatus.LOOPT)


class DocumentSoort(models.TextChoices):
    CONVENANT = "convenant", _("Convenant")
    WERKPLAN = "werkplan", _("Werkplan")
    JAARVERSLAG = "jaarverslag", _("Jaarverslag")
    OVERIG = "overig", _("Overig")


# The file types a region document may have, by content type (recognised from the file's
# content, never from its name or the browser's word): the extension it is downloaded with and
# the name a user knows it by.
DOCUMENT_TYPES: dict[str, tuple[str, str]] = {
    "application/pdf": ("pdf", "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "Word"),
    "application/vnd.oasis.opendocument.text": ("odt", "OpenDocument-tekst"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "Excel"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", "OpenDocument-rekenblad"),
}

BESLUIT_WAT_MAX = 1000
BESLUIT_WIE_MAX = 200
VERSIE_NOTITIE_MAX = 300
