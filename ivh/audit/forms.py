from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import REASON_MAX_LENGTH


class AccessLogSearchForm(forms.Form):
    client = forms.CharField(
        label=_("Nummer van kind of gezin"),
        max_length=40,
        required=False,
        help_text=_("Kindnummer (K-…), gezinsnummer (G-…) of aanmeldnummer."),
    )
    actor = forms.CharField(
        label=_("Medewerker"),
        max_length=200,
        required=False,
        help_text=_("E-mailadres of (een deel van de) naam."),
    )
    van = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data


class AccessReasonForm(forms.Form):
    """Why the user opens a dossier their role alone does not explain (ivh.audit.reasons)."""

    reden = forms.CharField(
        label=_("Reden"),
        min_length=5,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kort en zonder namen van het kind of de ouders, bijvoorbeeld: vervanging tijdens "
            "verlof, vraag van de ouders, controle op verzoek van de coördinator."
        ),
    )
    sleutel = forms.CharField(widget=forms.HiddenInput, max_length=500)
    volgende = forms.CharField(widget=forms.HiddenInput, max_length=2000)

    def clean_reden(self) -> str:
        return " ".join(self.cleaned_data["reden"].split())
