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
