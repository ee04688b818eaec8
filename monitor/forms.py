from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .figures import Period

FIRST_YEAR = 2015


class PeriodeForm(forms.Form):
    """The period of the dashboard: a half-year (the default), a year, a quarter, or a run of
    quarters within one year (so that every period shown is protected together with the
    others a person can choose; docs/monitor.md)."""

    SOORTEN = [
        ("halfjaar", _("Halfjaar")),
        ("jaar", _("Jaar")),
        ("kwartaal", _("Kwartaal")),
        ("aangepast", _("Zelf kiezen")),
    ]
    soort = forms.ChoiceField(label=_("Periode"), choices=SOORTEN, initial="halfjaar")
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)
    helft = forms.TypedChoiceField(
        label=_("Helft"),
        choices=[(1, _("1e helft (jan–jun)")), (2, _("2e helft (jul–dec)"))],
        coerce=int,
        required=False,
    )
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"), choices=[(q, str(q)) for q in range(1, 5)], coerce=int, required=False
    )
    van = forms.TypedChoiceField(
        label=_("Van kwartaal"),
        choices=[(q, str(q)) for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    tot = forms.TypedChoiceField(
        label=_("Tot en met kwartaal"),
        choices=[(q, str(q)) for q in range(1, 5)],
        coerce=int,
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        this_year = timezone.localdate().year
        years = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["jaar"].choices = years  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        soort, year = data.get("soort"), data.get("jaar")
        if not soort or not year:
            return data
        if soort == "jaar":
            data["period"] = Period(year, 1, 4)
        elif soort == "halfjaar":
            half = data.get("helft") or 1
            data["period"] = Period(year, 1, 2) if half == 1 else Period(year, 3, 4)
        elif soort == "kwartaal":
            q = data.get("kwartaal") or 1
            data["period"] = Period(year, q, q)
        else:
            first, last = data.get("van") or 1, data.get("tot") or 4
            if first > last:
                self.add_error("tot", _("Kies een kwartaal dat niet vóór het beginkwartaal ligt."))
                return data
            data["period"] = Period(year, first, last)
        return data

    @classmethod
    def initial_for(cls, period: Period) -> dict:
        if (period.first, period.last) == (1, 4):
            soort = "jaar"
        elif (period.first, period.last) in ((1, 2), (3, 4)):
            soort = "halfjaar"
        elif period.first == period.last:
            soort = "kwartaal"
        else:
            soort = "aangepast"
        return {
            "soort": soort,
            "jaar": period.year,
            "helft": 1 if period.first <= 2 else 2,
            "kwartaal": period.first,
            "van": period.first,
            "tot": period.last,
        }
