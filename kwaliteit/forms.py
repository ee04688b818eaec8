from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.netwerk.models import Region

from .constants import Oordeel
from .models import Beoordeling, Kwaliteitsreview


class BeginForm(forms.Form):
    regio = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Regio"))
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regio = self.fields["regio"]
        assert isinstance(regio, forms.ModelChoiceField)
        regio.queryset = regions
        if len(regions) == 1:
            self.fields["regio"].initial = regions[0]
            self.fields["regio"].widget = forms.HiddenInput()
        year = timezone.localdate().year
        choices = [(y, str(y)) for y in range(year, year - 4, -1)]
        jaar = self.fields["jaar"]
        assert isinstance(jaar, forms.ChoiceField)
        jaar.choices = choices
        # Usually the review looks back on the year that just ended.
        self.fields["jaar"].initial = year - 1


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Kwaliteitsreview
        fields = ["samenvatting"]
        widgets = {"samenvatting": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "samenvatting": _(
                "Wat ging goed, wat moet beter: in een paar zinnen voor de stuurgroep."
            )
        }


class BeoordelingForm(forms.ModelForm):
    """One criterion; its prefix is the criterion's code so the page posts all of them at once."""

    oordeel = forms.ChoiceField(
        label=_("Oordeel"),
        choices=[("", _("Nog niet beoordeeld")), *Oordeel.choices],
        required=False,
    )

    class Meta:
        model = Beoordeling
        fields = ["oordeel", "toelichting", "actie", "actie_wie", "actie_uiterlijk"]
        widgets = {
            "toelichting": forms.Textarea(attrs={"rows": 2}),
            "actie": forms.Textarea(attrs={"rows": 2}),
            "actie_uiterlijk": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "actie": _("Wordt bij het vaststellen een besluit van de stuurgroep om op te volgen."),
        }
