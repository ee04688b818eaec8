from django.db import models
from django.utils.translation import gettext_lazy as _

from ivh.audit.constants import AccessAction


class RootSoort(models.TextChoices):
    """The two roots of a family's personal data (docs/retention.md): everything else hangs
    below one of them."""

    AANMELDING = "aanmelding", _("aanmelding zonder traject")
    GEZIN = "gezin", _("gesloten dossier (gezin)")


class Regel(models.TextChoices):
    """Why a root is anonymised (or access-log entries deleted)."""

    AANMELDING = "aanmelding", _("aanmelding die geen traject werd: termijn na afsluiten")
    DOSSIER = "dossier", _("gesloten dossier: termijn na afsluiten van het laatste traject")
    VERZOEK = "verzoek", _("verzoek tot verwijderen (AVG, artikel 17)")
    TOEGANGSLOG = "toegangslog", _("toegangslog: eigen termijn")


class BatchSoort(models.TextChoices):
    AUTOMATISCH = "automatisch", _("automatisch (dagelijks)")
    HANDMATIG = "handmatig", _("met de hand gestart")


class Uitkomst(models.TextChoices):
    GEANONIMISEERD = "geanonimiseerd", _("geanonimiseerd")
    PROEF = "proef", _("zou geanonimiseerd worden (proef)")
    TEGENGEHOUDEN = "tegengehouden", _("tegengehouden")
    MISLUKT = "mislukt", _("mislukt (volgende keer opnieuw)")


class Blokkade(models.TextChoices):
    """What stops a root from being anonymised (a hold). An open erasure request is never
    one: carrying it out is the anonymisation."""

    OPEN_KLOK = "open_klok", _("er loopt nog een termijn")
    MDO_GEPLAND = "mdo_gepland", _("er is een MDO gepland")
    VRAAG_OUDERS = "vraag_ouders", _("een vraag of verzoek van de ouders is nog niet afgehandeld")
    NOG_OPEN = "nog_open", _("de aanmelding of het traject is nog niet afgesloten")


class VerzoekStatus(models.TextChoices):
    OPEN = "open", _("open")
    UITGEVOERD = "uitgevoerd", _("uitgevoerd")
    AFGEWEZEN = "afgewezen", _("afgewezen")


class Aanvrager(models.TextChoices):
    OUDER = "ouder", _("ouder of gezaghebbende")
    JONGERE = "jongere", _("de jongere zelf (12 jaar of ouder)")
    VOOGD = "voogd", _("voogd of wettelijk vertegenwoordiger")


class VerzoekReden(models.TextChoices):
    """The grounds of AVG article 17(1), in words a coordinator recognises."""

    NIET_NODIG = "niet_nodig", _("de gegevens zijn niet meer nodig")
    TOESTEMMING = "toestemming", _("de toestemming is ingetrokken")
    BEZWAAR = "bezwaar", _("bezwaar tegen de verwerking")
    ONRECHTMATIG = "onrechtmatig", _("de gegevens zijn onrechtmatig verwerkt")
    ANDERS = "anders", _("een andere reden")


class AfwijsReden(models.TextChoices):
    """Why a request is not carried out (AVG article 17(3), and the Jeugdwet's exceptions)."""

    BELANG_ANDER = "belang_ander", _("bewaren is van aanmerkelijk belang voor een ander")
    WETTELIJK = "wettelijk", _("een wettelijke plicht verbiedt het verwijderen")
    INGETROKKEN = "ingetrokken", _("de aanvrager heeft het verzoek ingetrokken")
    ANDERS = "anders", _("een andere reden")


# A young person may ask for this themselves from this age (issue 13; the Jeugdwet's age).
JONGERE_VANAF_JAREN = 12

# What the anonymisation step writes where a required text was.
PLACEHOLDER = "geanonimiseerd"

# The access log's action for the step.
ACCESS_ACTION_ANONYMISE = AccessAction.ANONYMISE
SYSTEM_ACTOR = "systeem: bewaartermijnen"
