from typing import Any, cast

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ivh.accounts.models import User

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
            "norm_eerste_contact_werkdagen",
            "norm_mdo_weken",
            "norm_vervolghulp_weken",
            "evaluatie_maanden",
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
