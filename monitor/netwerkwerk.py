"""The coordinator's network work in the monitor (info sheet step 4: what the partners did to
improve the chain): consults by asker and topic, network activities by kind with the
participants and partner organisations reached, and the stuurgroep's open decisions.

These are counts of questions and meetings, not of children: a consult holds no name, so the
figures are shown as they are (`Soort.PUBLIC`, no small-number suppression), like the CBS
estimate of the target group. They are read straight from the coordinator's log on every view
(a few grouped queries per dashboard, independent of the size of the data), so a consult logged
a minute ago is in the figures, and they are not frozen by a published half-year: the log is
the coordinator's own record, corrected where it was wrong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from netwerkwerk.constants import ActiviteitSoort, ConsultOnderwerp, Vraagsteller
from netwerkwerk.models import ActiviteitOrganisatie, Consult, Netwerkactiviteit
from netwerkwerk.selectors import open_besluiten as besluiten_of

from .figures import REGION, UNKNOWN_GEMEENTE, Period
from .permissions import Scope
from .protect import Shown, Soort, Staat
from .tables import Column, Row, Table


def _count(value: float | None) -> Shown:
    return Shown(Soort.PUBLIC, Staat.SHOWN, value)


def consult_table(scope: Scope, period: Period, columns: list[Column]) -> Table:
    """Consults of the period per gemeente column and for the region. A consult about more than
    one topic counts once under each of its topics (and once in the total); a consult that
    became a registration stays one consult."""
    gemeente_columns = {c.key for c in columns if c.key not in (REGION, UNKNOWN_GEMEENTE)}
    rows = Consult.objects.filter(
        region=scope.region, datum__gte=period.start, datum__lte=period.end
    ).values_list("gemeente_id", "vraagsteller", "onderwerpen", "minuten", "aanmelding_id")
    counts: dict[Hashable, Counter[str]] = defaultdict(Counter)
    for gemeente_id, vraagsteller, onderwerpen, minuten, aanmelding_id in rows:
        column = gemeente_id if gemeente_id in gemeente_columns else UNKNOWN_GEMEENTE
        for key in (column, REGION):
            c = counts[key]
            c["totaal"] += 1
            c[f"vraag:{vraagsteller}"] += 1
            for onderwerp in set(onderwerpen):
                c[f"onderwerp:{onderwerp}"] += 1
            c["minuten"] += minuten
            if aanmelding_id is not None:
                c["aanmelding"] += 1
    spec: list[Row] = [Row(_("Consulten"), "totaal")]
    spec += [
        Row(_("Vraag van: %(who)s") % {"who": label}, f"vraag:{value}")
        for value, label in Vraagsteller.choices
    ]
    spec += [
        Row(_("Onderwerp: %(topic)s") % {"topic": label}, f"onderwerp:{value}")
        for value, label in ConsultOnderwerp.choices
    ]
    spec += [
        Row(_("Tijd besteed"), "minuten", unit=_("minuten")),
        Row(_("Later toch aangemeld"), "aanmelding"),
    ]
    return Table(
        "consulten",
        _("Advies en consultatie"),
        columns,
        [(row, [_count(counts[c.key][row.quantity]) for c in columns]) for row in spec],
        note=_(
            "Vragen die de coördinator per telefoon, e-mail of persoonlijk beantwoordde zonder "
            "dat er een aanmelding van kwam. Een consult over meer onderwerpen telt bij elk "
            "onderwerp één keer. Dit zijn vragen, geen kinderen: de aantallen worden niet "
            "afgeschermd. Een consult dat later toch een aanmelding werd, blijft één consult; "
            "de aanmelding telt bij de aanmeldingen."
        ),
    )


def activity_table(scope: Scope, period: Period) -> Table:
    """Network activities of the period by kind: how many, the participants of training
    sessions and meetings, and how many different partner organisations took part."""
    activities = Netwerkactiviteit.objects.filter(
        region=scope.region, datum__gte=period.start, datum__lte=period.end
    )
    number: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    for soort, deelnemers in activities.values_list("soort", "deelnemers"):
        number[soort] += 1
        participants[soort] += deelnemers or 0
    partners: dict[str, set[int]] = defaultdict(set)
    for soort, organisatie_id in ActiviteitOrganisatie.objects.filter(
        activiteit__in=activities
    ).values_list("activiteit__soort", "organisatie_id"):
        partners[soort].add(organisatie_id)
    everyone = set().union(*partners.values()) if partners else set()
    column = Column(REGION, _("regio %(name)s") % {"name": scope.region.name})
    rows: list[tuple[Row, list[Shown]]] = [
        (Row(_("Activiteiten"), "activiteiten"), [_count(sum(number.values()))])
    ]
    for value, label in ActiviteitSoort.choices:
        rows.append((Row(str(label), "activiteiten", value), [_count(number[value])]))
    rows += [
        (
            Row(_("Deelnemers aan trainingen"), "deelnemers", ActiviteitSoort.TRAINING),
            [_count(participants[ActiviteitSoort.TRAINING])],
        ),
        (
            Row(
                _("Deelnemers aan netwerkbijeenkomsten"),
                "deelnemers",
                ActiviteitSoort.NETWERKBIJEENKOMST,
            ),
            [_count(participants[ActiviteitSoort.NETWERKBIJEENKOMST])],
        ),
        (
            Row(_("Partnerorganisaties bereikt (verschillende)"), "partners"),
            [_count(len(everyone))],
        ),
    ]
    return Table(
        "netwerkactiviteiten",
        _("Netwerkactiviteiten"),
        [column],
        rows,
        note=_(
            "Wat de partners samen deden om de keten te verbeteren: trainingen, "
            "netwerkbijeenkomsten, convenant en werkplan, kwaliteitsreviews. Een organisatie die "
            "aan meer activiteiten meedeed, telt bij de partners één keer."
        ),
    )


@dataclass(frozen=True)
class OpenBesluit:
    """One open decision of the stuurgroep as the monitor prints it."""

    wat: str
    wie: str
    uiterlijk: date | None
    status: str
    te_laat: bool


def netwerkwerk_tables(scope: Scope, period: Period, columns: list[Column]) -> list[Table]:
    return [consult_table(scope, period, columns), activity_table(scope, period)]


def open_besluiten(scope: Scope) -> list[OpenBesluit]:
    """The stuurgroep's decisions that are still open or under way, as they stand today (not
    as they stood at the end of the period: the report is for the next meeting)."""
    return [
        OpenBesluit(b.wat, b.wie, b.uiterlijk, b.get_status_display(), b.is_te_laat)
        for b in besluiten_of([scope.region.pk])
    ]
