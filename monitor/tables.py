"""The tables of the dashboard, cut from the protected cube (`protect.ProtectedCube`) for one
period and the columns a person may see. A `Table` holds only shown cells: the page, the
charts, CSV, XLSX and PDF are all made from these objects and from nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanmelding.constants import Kanaal, Status, VerwijzerSoort
from casemanagement.constants import Afsluitreden, DoelenBehaald
from ivh.netwerk.constants import ZorgDomein
from ivh.termijnen.constants import Regel

from .figures import AGE_BANDS, REGION, UNKNOWN_GEMEENTE, WAIT_RULES, Col, Figures, Period
from .protect import FOOTNOTES, PROVISIONAL_FOOTNOTE, ProtectedCube, Shown, Staat


@dataclass(frozen=True)
class Row:
    label: str
    quantity: str
    row: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Column:
    key: Col
    label: str


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[tuple[Row, list[Shown]]]
    note: str = ""
    # Whether a bar chart of the first column group says something (counts in categories).
    chart: bool = False
    footnotes: list[str] = field(default_factory=list)

    def values(self) -> list[list[str]]:
        """Every cell as it is printed (for CSV, XLSX and PDF)."""
        return [[cell.text for cell in cells] for _row, cells in self.rows]


def _label(choices: type[models.Choices], value: str) -> str:
    return str(dict(choices.choices).get(value, value)) if value else _("niet ingevuld")


def _specs(figures: Figures) -> list[tuple[str, str, list[Row], bool, str, bool]]:
    """(slug, title, rows, per gemeente, note, chart)."""
    days = _("dagen")
    workdays = _("werkdagen")
    waits: list[Row] = []
    for regel, in_workdays in WAIT_RULES:
        unit = workdays if in_workdays else days
        label = capfirst(str(Regel(regel).label))
        waits += [
            Row(_("%(wait)s: aantal afgerond") % {"wait": label}, "wacht_n", regel),
            Row(_("%(wait)s: mediaan") % {"wait": label}, "wacht_mediaan", regel, unit),
            Row(
                _("%(wait)s: mediaan zonder pauzes") % {"wait": label},
                "wacht_mediaan_netto",
                regel,
                unit,
            ),
            Row(_("%(wait)s: 90e percentiel") % {"wait": label}, "wacht_p90", regel, unit),
            Row(
                _("%(wait)s: 90e percentiel zonder pauzes") % {"wait": label},
                "wacht_p90_netto",
                regel,
                unit,
            ),
            Row(_("%(wait)s: binnen de norm") % {"wait": label}, "wacht_binnen_norm", regel, "%"),
        ]
    providers = [
        row
        for pk, name, _weeks in figures.organisaties
        for row in (
            Row(_("%(name)s: gestart") % {"name": name}, "aanbieder_n", str(pk)),
            Row(
                _("%(name)s: mediaan gemeten") % {"name": name}, "aanbieder_mediaan", str(pk), days
            ),
            Row(
                _("%(name)s: wachttijd volgens aanbieder") % {"name": name},
                "aanbieder_gemeld",
                str(pk),
                _("weken"),
            ),
        )
    ]
    return [
        (
            "aanmeldingen",
            _("Aanmeldingen per kanaal"),
            [Row(_label(Kanaal, k.value), "kanaal", k.value) for k in Kanaal]
            + [Row(_("Totaal"), "aanmeldingen")],
            True,
            "",
            True,
        ),
        (
            "verwijzers",
            _("Aanmeldingen door professionals, per soort verwijzer"),
            [Row(_label(VerwijzerSoort, s.value), "verwijzer", s.value) for s in VerwijzerSoort]
            + [Row(_("niet ingevuld"), "verwijzer", "")],
            True,
            "",
            True,
        ),
        (
            "leeftijd",
            _("Aanmeldingen per leeftijd van het kind"),
            [Row(str(label), "leeftijd", key) for key, label, _r in AGE_BANDS]
            + [Row(_("onbekend"), "leeftijd", "")],
            True,
            "",
            True,
        ),
        (
            "zorg",
            _("Waar gaat de zorg over"),
            [Row(_label(ZorgDomein, d.value), "domein", d.value) for d in ZorgDomein],
            True,
            _("Ouders kunnen meer dan één onderwerp kiezen; de rijen tellen niet op."),
            True,
        ),
        (
            "bereik",
            _("Bereik: kinderen tegenover de geschatte doelgroep"),
            [
                Row(_("Kinderen bereikt (eerste contact)"), "bereikt"),
                Row(_("Geschatte doelgroep"), "doelgroep"),
                Row(_("Bereikt van de doelgroep"), "bereik_pct", unit="%"),
            ],
            True,
            figures.population_note,
            False,
        ),
        (
            "wachttijden",
            _("Wachttijden"),
            waits,
            True,
            _(
                "Afgeronde wachttijden in de periode. Eerste contact telt in werkdagen, de "
                "rest in kalenderdagen. 'Zonder pauzes' laat de tijd weg dat de termijn op "
                "verzoek stil stond."
            ),
            False,
        ),
        (
            "ouders",
            _("Betrokkenheid van ouders"),
            [
                Row(_("Kinderen besproken in een MDO"), "mdo_besproken"),
                Row(_("waarvan met ouders erbij"), "mdo_ouders"),
                Row(_("Ouders erbij in het MDO"), "mdo_ouders_pct", unit="%"),
                Row(_("Plannen met akkoord van ouders"), "plan_akkoord"),
            ],
            True,
            "",
            False,
        ),
        (
            "tevredenheid",
            _("Tevredenheid van ouders"),
            [
                Row(_("Vragenlijsten ingevuld"), "tevredenheid_n"),
                Row(_("Gemiddeld cijfer"), "tevredenheid", unit=_("van 10")),
            ],
            True,
            "",
            False,
        ),
        (
            "afsluiting",
            _("Afgesloten trajecten per reden"),
            [Row(_label(Afsluitreden, r.value), "afsluitreden", r.value) for r in Afsluitreden]
            + [Row(_("niet ingevuld"), "afsluitreden", ""), Row(_("Totaal"), "afgesloten")],
            True,
            "",
            True,
        ),
        (
            "doelen",
            _("Doelen behaald bij afsluiting"),
            [Row(_label(DoelenBehaald, d.value), "doelen", d.value) for d in DoelenBehaald]
            + [Row(_("niet ingevuld"), "doelen", "")],
            True,
            "",
            True,
        ),
        (
            "uitkomst",
            _("Aanmeldingen per uitkomst"),
            [
                Row(_label(Status, s.value), "uitkomst", s.value)
                for s in Status
                if s != Status.DUBBEL
            ],
            True,
            _("Dubbele aanmeldingen van hetzelfde kind tellen niet mee."),
            True,
        ),
        (
            "mdos",
            _("MDO's in de regio"),
            [Row(_("MDO's gehouden"), "mdos")],
            False,
            _("Een MDO is een overleg van de regio; er is geen cijfer per gemeente."),
            False,
        ),
        (
            "aanbieders",
            _("Wachttijd tot de start van vervolghulp per aanbieder"),
            providers,
            False,
            _(
                "Gemeten: van verwijzing tot start van de hulp, in kalenderdagen. Gemeld: "
                "de wachttijd die de aanbieder zelf opgeeft op de sociale kaart."
            ),
            False,
        ),
    ]


def tables_for(
    figures: Figures,
    protected: ProtectedCube,
    period: Period,
    columns: list[Column],
) -> list[Table]:
    """The dashboard's tables for one period; `columns` are the gemeenten (and the region)
    this person may see, in order."""
    region_column = [c for c in columns if c.key == REGION]
    out = []
    for slug, title, rows, per_gemeente, note, chart in _specs(figures):
        cols = columns if per_gemeente else region_column
        if not rows or not cols:
            continue
        body = [
            (row, [protected.get((row.quantity, row.row, c.key, period.key)) for c in cols])
            for row in rows
        ]
        states = {cell.staat for _row, cells in body for cell in cells}
        footnotes = [
            str(FOOTNOTES[Staat(s)]) for s in Staat if s.value in states and s in FOOTNOTES
        ]
        if any(cell.provisional for _row, cells in body for cell in cells):
            footnotes.append(str(PROVISIONAL_FOOTNOTE))
        out.append(Table(slug, title, cols, body, note, chart, footnotes))
    return out


def columns_for(figures: Figures, gemeente_ids: list[int] | None) -> list[Column]:
    """All gemeenten of the region with the region beside them (the coordinator), or only
    the given gemeenten with the region (a gemeente official)."""
    columns = [
        Column(g.pk, g.name)
        for g in figures.gemeenten
        if gemeente_ids is None or g.pk in gemeente_ids
    ]
    if gemeente_ids is None:
        columns.append(Column(UNKNOWN_GEMEENTE, _("gemeente onbekend")))
    columns.append(Column(REGION, _("regio %(name)s") % {"name": figures.region.name}))
    return columns


TREND_TITLE = gettext_lazy("Aanmeldingen en wachttijd per kwartaal")
