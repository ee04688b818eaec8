from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.core.forms import DateInput

from .constants import Aanvrager, AfwijsReden, VerzoekReden


class VerzoekForm(forms.Form):
    """A request to erase: which dossier (by its number), who asked, when, why."""

    referentie = forms.CharField(
        label=_("Nummer van de aanmelding, het kind of het gezin"),
        max_length=20,
        help_text=_("Bijvoorbeeld A-7KQ4-M2XD. U vindt het op de aanmelding of het traject."),
    )
    aanvrager = forms.ChoiceField(
        label=_("Wie vraagt het?"), choices=Aanvrager.choices, widget=forms.RadioSelect
    )
    ontvangen_op = forms.DateField(
        label=_("Ontvangen op"), widget=DateInput(), initial=timezone.localdate
    )
    reden = forms.ChoiceField(label=_("Reden"), choices=[("", "---------"), *VerzoekReden.choices])
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Zonder namen of gegevens over de gezondheid: deze toelichting wordt gewist als het "
            "verzoek is uitgevoerd."
        ),
    )

    def clean_ontvangen_op(self) -> date:
        day: date = self.cleaned_data["ontvangen_op"]
        if day > timezone.localdate():
            raise ValidationError(_("De datum van ontvangst kan niet in de toekomst liggen."))
        return day


class UitvoerenForm(forms.Form):
    bevestigd = forms.BooleanField(
        label=_(
            "Ik heb gecontroleerd dat de aanvrager dit mag vragen. De gegevens van dit dossier "
            "worden nu onherroepelijk geanonimiseerd."
        ),
        required=True,
    )


class AfwijzenForm(forms.Form):
    afwijsreden = forms.ChoiceField(
        label=_("Reden van afwijzen"), choices=[("", "---------"), *AfwijsReden.choices]
    )
