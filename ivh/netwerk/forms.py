from datetime import date
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django import forms
from django.forms import inlineformset_factory
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ivh.accounts.models import User
from ivh.core.forms import DateInput
from ivh.core.werkdagen import is_werkdag
from ivh.termijnen.constants import Eenheid, Regel
from ivh.termijnen.models import Norm
from ivh.werkkalender.calendar import holiday_names
from ivh.werkkalender.models import Dag, Sluitingsdag

from .constants import Discipline, OrganisatieSoort
from .models import Dienst, Organisatie, Region


class OrganisatieForm(forms.ModelForm):
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines"),
        choices=Discipline.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    regions = forms.ModelMultipleChoiceField(
        label=_("Werkt in regio"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisatie
        fields = [
            "name",
            "soort",
            "omschrijving",
            "disciplines",
            "telefoon",
            "email",
            "website",
            "adres",
            "wachttijd_weken",
            "wachttijd_reported_at",
            "actief",
        ]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "wachttijd_reported_at": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managed = Region.objects.managed_by(user)
        cast(forms.ModelMultipleChoiceField, self.fields["regions"]).queryset = managed
        self.other_region_ids: set[int] = set()
        if self.instance.pk:
            current = set(self.instance.regions.values_list("pk", flat=True))
            managed_ids = set(managed.values_list("pk", flat=True))
            self.other_region_ids = current - managed_ids
            self.initial["regions"] = list(current & managed_ids)
        elif managed.count() == 1:
            self.initial["regions"] = [managed.get().pk]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("regions") and not self.other_region_ids:
            self.add_error("regions", _("Kies minstens één regio waarin deze organisatie werkt."))
        return data


DienstFormSet = inlineformset_factory(
    Organisatie,
    Dienst,
    fields=["name", "omschrijving", "wachttijd_weken", "actief"],
    extra=1,
    can_delete=True,
)


class RegionSettingsForm(forms.ModelForm):
    aanmeldpunt_website = forms.URLField(
        label=_("Website aanmeldpunt"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Region
        fields = [
            "organisatie_model",
            "aanmeldpunt_name",
            "aanmeldpunt_telefoon",
            "aanmeldpunt_email",
            "aanmeldpunt_adres",
            "aanmeldpunt_bereikbaar",
            "aanmeldpunt_website",
            "prevalentie_procent",
        ]


class SocialeKaartFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *OrganisatieSoort.choices],
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"),
        required=False,
        choices=[("", _("Alle disciplines")), *Discipline.choices],
    )


class NormenForm(forms.Form):
    """All norms of a region on one page; a change needs a reason (it is kept with the version)."""

    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: afspraak met de gemeenten van 1 maart."),
    )

    def __init__(self, *args: Any, current: dict[str, Norm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        for regel, norm in current.items():
            unit = Eenheid(norm.unit).label
            self.fields[f"{regel}_amount"] = forms.IntegerField(
                label=_("%(regel)s: binnen (%(unit)s)")
                % {"regel": capfirst(Regel(regel).label), "unit": unit},
                min_value=1,
                max_value=365,
                initial=norm.amount,
            )
            self.fields[f"{regel}_warn"] = forms.IntegerField(
                label=_("waarschuwen bij (% van de norm)"),
                min_value=1,
                max_value=99,
                initial=norm.warn_percent,
            )
            self.fields[f"{regel}_far"] = forms.IntegerField(
                label=_("ver over de norm bij (%)"),
                min_value=101,
                max_value=500,
                initial=norm.far_percent,
            )
        self.order_fields([*[f for f in self.fields if f != "reason"], "reason"])

    def rows(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [
            (
                str(capfirst(Regel(regel).label)),
                str(Eenheid(norm.unit).label),
                [self[f"{regel}_{part}"] for part in ("amount", "warn", "far")],
            )
            for regel, norm in self.current.items()
        ]

    def changes(self) -> dict[str, tuple[int, int, int]]:
        """The rules whose figures differ from the current version."""
        out = {}
        for regel, norm in self.current.items():
            new = tuple(self.cleaned_data[f"{regel}_{part}"] for part in ("amount", "warn", "far"))
            if new != (norm.amount, norm.warn_percent, norm.far_percent):
                out[regel] = new
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and self.changes() and not data.get("reason", "").strip():
            self.add_error("reason", _("Schrijf kort op waarom de norm verandert."))
        return data


# A closure day is planned (bridge days, the Christmas week), not guessed years ahead; two years
# covers next year's bridge days entered early and stays well inside the stored calendar.
SLUITINGSDAG_MAX_AHEAD = relativedelta(years=2)


class SluitingsdagForm(forms.Form):
    """Close the region's aanmeldpunt on one more day; only a day that would otherwise count."""

    day = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        error_messages={"required": _("Kies de dag waarop het aanmeldpunt dicht is.")},
    )
    reason = forms.CharField(
        label=_("Omschrijving"),
        max_length=Sluitingsdag._meta.get_field("reason").max_length,
        help_text=_("Bijvoorbeeld: brugdag na Hemelvaart, of kerstsluiting."),
        error_messages={"required": _("Schrijf kort op waarom het aanmeldpunt dicht is.")},
    )

    def __init__(self, *args: Any, region: Region, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.today = today
        self.last_day = today + SLUITINGSDAG_MAX_AHEAD

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        # Every message starts with the day: "Zaterdag 26 december 2026 valt ...".
        shown = capfirst(formats.date_format(day, "l j F Y"))
        if day < self.today:
            raise forms.ValidationError(
                _("%(day)s ligt in het verleden. Kies vandaag of een latere dag.") % {"day": shown}
            )
        if day > self.last_day:
            raise forms.ValidationError(
                _("Een sluitingsdag kan tot twee jaar vooruit, dus uiterlijk %(last)s.")
                % {"last": formats.date_format(self.last_day, "j F Y")}
            )
        workday, holiday = _calendar_day(day)
        if holiday:
            raise forms.ValidationError(
                _("%(day)s valt al op een feestdag: %(holiday)s. Die dag telt al niet mee.")
                % {"day": shown, "holiday": holiday}
            )
        if not workday:
            raise forms.ValidationError(
                _("%(day)s valt in het weekend. Die dag telt al niet mee.") % {"day": shown}
            )
        existing = Sluitingsdag.objects.filter(region=self.region, day=day).first()
        if existing is not None:
            raise forms.ValidationError(
                _("%(day)s staat al als sluitingsdag ingevoerd (%(reason)s).")
                % {"day": shown, "reason": existing.reason}
            )
        return day


def _calendar_day(day: date) -> tuple[bool, str]:
    """Whether `day` is a working day nationally, and the holiday's name, from the stored
    calendar (the same facts the deadlines count with)."""
    row = Dag.objects.filter(day=day).values_list("workday", "holiday").first()
    if row is not None:
        return row
    # The periodic job keeps five years stored; should it lag, ask the source it fills from.
    return is_werkdag(day), holiday_names(day.year).get(day, "")
