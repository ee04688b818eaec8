from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ivh.core.forms import DateInput, choice_field, model_choice
from ivh.netwerk.models import Gemeente, Organisatie, Region

from .constants import (
    CONSULT_MINUTEN_STANDAARD,
    NOTITIE_MAX,
    ActiviteitSoort,
    ConsultKanaal,
    ConsultOnderwerp,
    Vraagsteller,
)
from .models import Netwerkactiviteit


class _RegionForm(forms.Form):
    """A coordinator of one region never chooses it; one of several regions picks it here."""

    regio = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.none(),
        error_messages={"invalid_choice": _("Kies een van uw regio's.")},
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "regio")
        field.queryset = regions
        own = list(regions)
        if len(own) == 1:
            field.widget = forms.HiddenInput()
            field.initial = own[0].pk


class ConsultForm(_RegionForm):
    """The quick entry: everything but the topics has a default or is one click."""

    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    kanaal = forms.ChoiceField(
        label=_("Via"),
        choices=ConsultKanaal.choices,
        initial=ConsultKanaal.TELEFOON,
        widget=forms.RadioSelect,
    )
    vraagsteller = forms.ChoiceField(
        label=_("Vraag van"), choices=[("", "---------"), *Vraagsteller.choices]
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label=_("(onbekend)"),
    )
    onderwerpen = forms.MultipleChoiceField(
        label=_("Onderwerp"),
        choices=ConsultOnderwerp.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Kies minstens één onderwerp.")},
    )
    minuten = forms.IntegerField(
        label=_("Minuten"),
        min_value=1,
        max_value=480,
        initial=CONSULT_MINUTEN_STANDAARD,
        error_messages={
            "min_value": _("Minimaal 1 minuut."),
            "max_value": _("Maximaal 480 minuten."),
        },
    )
    notitie = forms.CharField(
        label=_("Korte notitie"),
        max_length=NOTITIE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _(
                "Houd de notitie kort: maximaal %(limit_value)d tekens (nu %(show_value)d)."
            )
        },
        help_text=_(
            "Schrijf geen namen, adressen of andere gegevens waaraan iemand te herkennen is."
        ),
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, regions=regions, **kwargs)
        self.fields["datum"].initial = timezone.localdate
        model_choice(self, "gemeente").queryset = Gemeente.objects.filter(
            region__in=regions
        ).order_by("name")

    def clean_datum(self) -> date:
        datum: date = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Een consult ligt niet in de toekomst."))
        return datum


class KoppelForm(forms.Form):
    referentie = forms.CharField(
        label=_("Referentie van de aanmelding"),
        max_length=20,
        help_text=_("Het nummer uit de lijst met aanmeldingen, bijvoorbeeld A-7KQ4-M2XD."),
    )


class MaandForm(forms.Form):
    """The list shows one month, or all (empty)."""

    maand = forms.ChoiceField(label=_("Maand"), required=False)

    def __init__(self, *args: Any, months: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "maand").choices = [
            ("", _("Alle maanden")),
            *[(f"{m:%Y-%m}", formats.date_format(m, "F Y")) for m in months],
        ]

    def month(self) -> date | None:
        if not self.is_valid() or not self.cleaned_data["maand"]:
            return None
        year, month = self.cleaned_data["maand"].split("-")
        return date(int(year), int(month), 1)


class ActiviteitForm(_RegionForm):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    soort = forms.ChoiceField(
        label=_("Soort"), choices=[("", "---------"), *ActiviteitSoort.choices]
    )
    titel = forms.CharField(label=_("Titel of onderwerp"), max_length=200)
    deelnemers = forms.IntegerField(
        label=_("Aantal deelnemers"),
        min_value=0,
        max_value=10000,
        required=False,
        error_messages={"min_value": _("Het aantal kan niet negatief zijn.")},
    )
    organisaties = forms.ModelMultipleChoiceField(
        label=_("Betrokken organisaties"),
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    uitkomst = forms.CharField(
        label=_("Uitkomst"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort: wat is afgesproken of wat is er bereikt."),
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, regions=regions, **kwargs)
        self.fields["datum"].initial = timezone.localdate
        self.fields["organisaties"].queryset = (  # type: ignore[attr-defined]
            Organisatie.objects.filter(regions__in=regions).distinct().order_by("name")
        )

    @staticmethod
    def initial_for(activiteit: Netwerkactiviteit) -> dict[str, Any]:
        return {
            "regio": activiteit.region_id,
            "datum": activiteit.datum,
            "soort": activiteit.soort,
            "titel": activiteit.titel,
            "deelnemers": activiteit.deelnemers,
            "organisaties": list(activiteit.organisaties.all()),
            "uitkomst": activiteit.uitkomst,
        }

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("datum", "soort", "titel", "deelnemers", "uitkomst")} | {
            "organisaties": list(data["organisaties"])
        }
