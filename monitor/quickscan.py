"""The yearly quickscan of a gemeente (DESIGN §5, issue 11 item 7): the questions of the national
Vroeghulp quickscan, answered by the gemeente official and shown beside what IVH-coördinatie
measured for that gemeente and year.

The measured side comes only from the protected dashboard (`monitor.dashboard.dashboard`) of the
gemeente's own column for the whole year: the page prints each cell as the dashboard prints it
("<5" stays "<5"), and a number field is pre-filled only from a cell the dashboard shows, never
from a hidden one. So the quickscan can reveal nothing the dashboard hides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente
from ivh.termijnen.constants import Regel

from .dashboard import Dashboard, dashboard
from .figures import Period
from .forms import FIRST_YEAR
from .models import Quickscan
from .permissions import Scope, may_fill_quickscan
from .protect import FOOTNOTES, PROVISIONAL_FOOTNOTE, Shown, Staat

# What the gemeente answers (everything on the form); the rest of the row is bookkeeping.
ANSWER_FIELDS = (
    "doelgroep_known",
    "doelgroep_count",
    "children_reached",
    "mdo_funding",
    "mdo_funding_how",
    "wait_insight",
    "wait_acceptable",
    "parents_at_mdo_percent",
    "parent_involvement",
    "loket",
    "loket_which",
    "note",
)
NUMBER_FIELDS = ("doelgroep_count", "children_reached", "parents_at_mdo_percent")
# Years shown on the list page besides those already filled in: this year and the two before.
RECENT_YEARS = 3


def quickscan_years(today: date | None = None) -> range:
    """The years a quickscan can be filled in for: the monitor's years up to this one."""
    today = today or timezone.localdate()
    return range(FIRST_YEAR, today.year + 1)


def recent_years(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return [today.year - n for n in range(RECENT_YEARS)]


# --- the measured figures ---------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One protected cell of the dashboard, as the dashboard prints it."""

    label: str
    cell: Shown
    unit: str = ""

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def unit_text(self) -> str:
        # A unit only after a number ("12 werkdagen", not "<5 werkdagen"); "%" is in the text.
        return self.unit if self.cell.value is not None and self.unit != "%" else ""

    @property
    def number(self) -> int | None:
        """The figure as a whole number for a form field, only when the dashboard shows it."""
        if self.cell.suppressed or self.cell.value is None:
            return None
        # Rounded as the page prints it, so the field and the printed text agree.
        return int(f"{self.cell.value:.0f}")


@dataclass(frozen=True)
class Question:
    """One question of the quickscan: its fields and what IVH-coördinatie measured beside it."""

    slug: str
    title: str
    intro: str
    fields: tuple[str, ...]
    # (quantity, row, label or "" for the dashboard's own label) of the gemeente's column.
    measured: tuple[tuple[str, str, str], ...] = ()
    # number field -> (quantity, row) it is pre-filled from.
    prefill: tuple[tuple[str, tuple[str, str]], ...] = ()


def quickscan_questions() -> list[Question]:
    waits = tuple(
        (quantity, regel.value, "")
        for regel in (Regel.EERSTE_CONTACT, Regel.MDO, Regel.VERVOLGHULP)
        for quantity in ("wacht_mediaan", "wacht_binnen_norm")
    )
    return [
        Question(
            "doelgroep",
            _("1. De doelgroep"),
            _(
                "Jonge kinderen (0 tot 7 jaar) met vragen over hun ontwikkeling of gedrag, op "
                "meer dan één gebied."
            ),
            ("doelgroep_known", "doelgroep_count"),
            measured=(("doelgroep", "", ""),),
            prefill=(("doelgroep_count", ("doelgroep", "")),),
        ),
        Question(
            "bereik",
            _("2. Bereik"),
            _("Hoeveel kinderen uit uw gemeente kregen Integrale Vroeghulp?"),
            ("children_reached",),
            measured=(
                ("aanmeldingen", "", _("Aanmeldingen")),
                ("bereikt", "", ""),
                ("bereik_pct", "", ""),
            ),
            prefill=(("children_reached", ("bereikt", "")),),
        ),
        Question(
            "mdo",
            _("3. Financiering van het MDO"),
            _("Het multidisciplinair overleg (MDO): wie betaalt de tijd van de deskundigen?"),
            ("mdo_funding", "mdo_funding_how"),
            measured=(("mdo_besproken", "", ""),),
        ),
        Question(
            "wachttijden",
            _("4. Wachttijden"),
            _("Weet uw gemeente hoe lang ouders en kinderen wachten, en wat vindt u aanvaardbaar?"),
            ("wait_insight", "wait_acceptable"),
            measured=waits,
        ),
        Question(
            "ouders",
            _("5. Betrokkenheid van ouders"),
            _("Ouders zijn de belangrijkste partner: zij praten en beslissen mee."),
            ("parents_at_mdo_percent", "parent_involvement"),
            measured=(
                ("mdo_ouders", "", _("Kinderen besproken in een MDO met ouders erbij")),
                ("mdo_ouders_pct", "", ""),
                ("plan_akkoord", "", ""),
            ),
            prefill=(("parents_at_mdo_percent", ("mdo_ouders_pct", "")),),
        ),
        Question(
            "loket",
            _("6. Eén herkenbaar loket"),
            _(
                "Weten ouders en professionals waar zij met hun zorg over een jong kind terecht kunnen?"
            ),
            ("loket", "loket_which"),
            measured=(("kanaal", "ouder", _("Aanmeldingen door ouders zelf")),),
        ),
        Question(
            "toelichting",
            _("7. Toelichting"),
            _("Wilt u nog iets kwijt over Integrale Vroeghulp in uw gemeente?"),
            ("note",),
        ),
    ]


@dataclass
class MeasuredYear:
    """The gemeente's measured figures of one year, per question, from its protected dashboard."""

    dash: Dashboard
    per_question: dict[str, list[Measured]]
    prefill: dict[str, int]
    population_note: str
    # The region's norms of the waits the quickscan asks about: (label, norm).
    wait_norms: list[tuple[str, str]] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


def quickscan_measured(*, gemeente: Gemeente, year: int) -> MeasuredYear:
    """What IVH-coördinatie measured for this gemeente and year: the gemeente's column of the
    protected dashboard of the whole year, and the number fields it can pre-fill."""
    dash = dashboard(Scope(gemeente.region, (gemeente.pk,)), Period(year, 1, 4))
    cells: dict[tuple[str, str], tuple[str, Shown, str]] = {}
    population_note = ""
    for table in dash.tables:
        keys = [c.key for c in table.columns]
        if gemeente.pk not in keys:
            continue  # a table of the region only (MDOs, providers): not this gemeente's figure
        at = keys.index(gemeente.pk)
        for row, row_cells in table.rows:
            cells[(row.quantity, row.row)] = (row.label, row_cells[at], row.unit)
        if table.slug == "bereik":
            population_note = table.note
    per_question: dict[str, list[Measured]] = {}
    prefill: dict[str, int] = {}
    staten: set[str] = set()
    provisional = False
    for question in quickscan_questions():
        shown = []
        for quantity, row_key, label in question.measured:
            if (quantity, row_key) not in cells:
                continue
            row_label, cell, unit = cells[(quantity, row_key)]
            shown.append(Measured(label or row_label, cell, unit))
            staten.add(cell.staat)
            provisional = provisional or cell.provisional
        per_question[question.slug] = shown
        for name, key in question.prefill:
            if key in cells:
                number = Measured("", cells[key][1]).number
                if number is not None:
                    prefill[name] = number
    footnotes = [str(FOOTNOTES[s]) for s in Staat if s.value in staten and s in FOOTNOTES]
    if provisional:
        footnotes.append(str(PROVISIONAL_FOOTNOTE))
    waits = {str(r.label) for r in (Regel.EERSTE_CONTACT, Regel.MDO, Regel.VERVOLGHULP)}
    wait_norms = [(label, norm) for label, norm in dash.norms if label in waits]
    return MeasuredYear(dash, per_question, prefill, population_note, wait_norms, footnotes)


# --- the form -----------------------------------------------------------------------------


class WholeNumberField(forms.IntegerField):
    """A whole number as people type it: "1.200" and "1 200" are 1200, "75%" is 75."""

    _THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")

    def to_python(self, value: object) -> int | None:
        if isinstance(value, str):
            value = value.strip().removesuffix("%").replace(" ", "").replace("\u00a0", "")
            if self._THOUSANDS.match(value):
                value = value.replace(".", "")
        return super().to_python(value)


CHOOSE = gettext_lazy("Kies ja, deels of nee.")
WHOLE_NUMBER = gettext_lazy("Vul een heel getal in, zonder komma. Bijvoorbeeld: 120.")
NOT_NEGATIVE = gettext_lazy("Vul 0 of een hoger getal in.")
TOO_LONG = gettext_lazy(
    "Deze tekst is te lang. Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."
)


class QuickscanForm(forms.ModelForm):
    """The gemeente's answers. What was typed stays on the page when something is missing."""

    class Meta:
        model = Quickscan
        fields = ANSWER_FIELDS
        field_classes = {name: WholeNumberField for name in NUMBER_FIELDS}
        widgets = {
            "doelgroep_known": forms.RadioSelect,
            "mdo_funding": forms.RadioSelect,
            "wait_insight": forms.RadioSelect,
            "loket": forms.RadioSelect,
            "doelgroep_count": forms.TextInput(attrs={"inputmode": "numeric"}),
            "children_reached": forms.TextInput(attrs={"inputmode": "numeric"}),
            "parents_at_mdo_percent": forms.TextInput(attrs={"inputmode": "numeric"}),
            "mdo_funding_how": forms.Textarea(attrs={"rows": 3}),
            "wait_acceptable": forms.Textarea(attrs={"rows": 3}),
            "parent_involvement": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "doelgroep_count": gettext_lazy(
                "Een schatting is goed. Weet u het niet? Laat het veld dan leeg."
            ),
            "children_reached": gettext_lazy(
                "Het aantal kinderen uit uw gemeente dat in dit jaar hulp kreeg via Integrale "
                "Vroeghulp."
            ),
            "mdo_funding_how": gettext_lazy(
                "Bijvoorbeeld: door de gemeente, door de regio, uit de Jeugdwet of de Zvw."
            ),
            "wait_acceptable": gettext_lazy(
                "Bijvoorbeeld: eerste contact binnen een week, MDO binnen zes weken."
            ),
            "parents_at_mdo_percent": gettext_lazy("Een getal van 0 tot 100."),
            "parent_involvement": gettext_lazy(
                "Bijvoorbeeld: ouders zijn bij het MDO en stemmen in met het plan."
            ),
            "loket_which": gettext_lazy("De naam van het loket, zoals ouders het kennen."),
        }
        error_messages = {
            **{
                name: {"required": CHOOSE, "invalid_choice": CHOOSE}
                for name in ("doelgroep_known", "mdo_funding", "wait_insight", "loket")
            },
            **{
                name: {"invalid": WHOLE_NUMBER, "min_value": NOT_NEGATIVE} for name in NUMBER_FIELDS
            },
            "parents_at_mdo_percent": {
                "invalid": WHOLE_NUMBER,
                "min_value": NOT_NEGATIVE,
                "max_value": gettext_lazy("Een percentage is een getal van 0 tot 100."),
            },
            **{
                name: {"max_length": TOO_LONG}
                for name in (
                    "mdo_funding_how",
                    "wait_acceptable",
                    "parent_involvement",
                    "loket_which",
                    "note",
                )
            },
        }

    def __init__(self, *args: object, year: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["children_reached"].label = _(
            "Hoeveel kinderen kregen in %(year)s Vroeghulp?"
        ) % {"year": year}
        for name in ("doelgroep_known", "mdo_funding", "wait_insight", "loket"):
            # A radio group without the empty "---------" choice a model field brings.
            self.fields[name].choices = Quickscan.Antwoord.choices  # type: ignore[attr-defined]
        self.fields["parents_at_mdo_percent"].max_value = 100  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        answered = (Quickscan.Antwoord.JA, Quickscan.Antwoord.DEELS)
        if (
            data.get("doelgroep_known") in answered
            and data.get("doelgroep_count") is None
            and "doelgroep_count" not in self.errors  # a number that could not be read
        ):
            self.add_error(
                "doelgroep_count",
                _("U weet (deels) hoe groot de doelgroep is: vul dan het aantal kinderen in."),
            )
        if data.get("mdo_funding") in answered and not data.get("mdo_funding_how"):
            self.add_error(
                "mdo_funding_how", _("Schrijf in een paar woorden hoe de financiering is geregeld.")
            )
        if data.get("loket") in answered and not data.get("loket_which"):
            self.add_error("loket_which", _("Schrijf op welk loket dat is."))
        return data

    def answers(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in ANSWER_FIELDS}


# --- writing ------------------------------------------------------------------------------


@transaction.atomic
def quickscan_save(
    *, gemeente: Gemeente, year: int, answers: Mapping[str, object], by: User
) -> Quickscan:
    """Store the gemeente's answers for a year: the first time, or a change of earlier answers.

    Only an official of that gemeente may (`may_fill_quickscan`). Who filled it in first and
    when stays on the row; every later change is in the history (pghistory, written by a trigger
    in this transaction, with the person who saved it when it came through a page).
    """
    if not may_fill_quickscan(by, gemeente):
        raise PermissionDenied
    if year not in quickscan_years():
        raise ValueError(f"no quickscan for {year}")
    values = {name: answers[name] for name in ANSWER_FIELDS}
    # update_or_create locks the row; two officials saving the first version at once end up
    # with one row (the unique constraint), the later answers winning, both in the history.
    quickscan, _created = Quickscan.objects.update_or_create(
        gemeente=gemeente,
        year=year,
        defaults=values,
        create_defaults={**values, "filled_by": by, "filled_at": timezone.now()},
    )
    return quickscan
