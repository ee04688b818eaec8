"""The measured figure of each quality criterion, where the system has one: read from the
monitor's dashboard of the whole region for the review's year (the same protected figures the
stuurgroep sees, so a small number is "<5" here too) and from the stuurgroep's own records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ivh.netwerk.models import Region
from ivh.termijnen.constants import Regel
from monitor.dashboard import Dashboard, dashboard
from monitor.figures import REGION, WAIT_RULES, Period
from monitor.permissions import Scope
from netwerkwerk.constants import ActiviteitSoort

from .constants import Criterium


@dataclass(frozen=True)
class Meting:
    label: str
    waarde: str


def _region_cell(dash: Dashboard, quantity: str, row: str = "") -> str:
    """The printed region figure of one row of the dashboard ("–" when there is none)."""
    for table in (*dash.tables, *dash.netwerk):
        column = next((i for i, c in enumerate(table.columns) if c.key == REGION), None)
        if column is None:
            continue
        for r, cells in table.rows:
            if r.quantity == quantity and r.row == row:
                cell = cells[column]
                shown = cell.value is not None and not cell.suppressed
                return f"{cell.text} {r.unit}" if shown and r.unit and r.unit != "%" else cell.text
    return "–"


def metingen(region: Region, jaar: int) -> dict[str, list[Meting]]:
    """Per criterion (`Criterium` value) the figures that say something about it; a criterion
    the system cannot measure (the national guidelines) has none."""
    dash = dashboard(Scope(region, None), Period(jaar, 1, 4))

    def m(label: str, quantity: str, row: str = "") -> Meting:
        return Meting(label, _region_cell(dash, quantity, row))

    open_count = len(dash.besluiten)
    late = sum(1 for b in dash.besluiten if b.te_laat)
    return {
        Criterium.REGIE: [
            m(_("Ouders erbij in het MDO"), "mdo_ouders_pct"),
            m(_("Plannen met akkoord van ouders"), "plan_akkoord"),
            m(_("Tevredenheid van ouders (gemiddeld cijfer)"), "tevredenheid"),
        ],
        Criterium.LOKET: [
            m(_("Aanmeldingen"), "aanmeldingen"),
            m(_("Aangemeld door ouders zelf"), "kanaal", "ouder"),
            m(_("Kinderen bereikt van de geschatte doelgroep"), "bereik_pct"),
            m(_("Consulten (vragen zonder aanmelding)"), "totaal"),
        ],
        Criterium.WACHTTIJDEN: [
            m(
                _("%(wait)s: binnen de norm") % {"wait": capfirst(str(Regel(regel).label))},
                "wacht_binnen_norm",
                regel,
            )
            for regel, _workdays in WAIT_RULES
        ],
        Criterium.EXPERTISE: [
            m(_("Trainingen voor professionals"), "activiteiten", ActiviteitSoort.TRAINING),
            m(_("Deelnemers aan trainingen"), "deelnemers", ActiviteitSoort.TRAINING),
        ],
        Criterium.PARTNERS: [
            m(_("Netwerkbijeenkomsten"), "activiteiten", ActiviteitSoort.NETWERKBIJEENKOMST),
            m(_("Partnerorganisaties bereikt"), "partners"),
            m(_("MDO's gehouden"), "mdos"),
        ],
        Criterium.RICHTLIJNEN: [],
        Criterium.AFSPRAKEN: [
            m(_("Convenant of werkplan bijgewerkt"), "activiteiten", ActiviteitSoort.CONVENANT),
        ],
        Criterium.SAMENWERKING: [
            Meting(_("Openstaande besluiten van de stuurgroep"), str(open_count)),
            Meting(_("waarvan over de afgesproken datum"), str(late)),
        ],
    }
