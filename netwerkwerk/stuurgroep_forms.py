"""Forms of the stuurgroep pages. They check the input and give Dutch errors; the services check
permission and region again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.core.forms import DateInput, choice_field, model_choice
from ivh.netwerk.models import Gemeente, Organisatie, Region

from . import bestanden
from .constants import (
    BESLUIT_WAT_MAX,
    BESLUIT_WIE_MAX,
    DOCUMENT_TYPES,
    VERSIE_NOTITIE_MAX,
    BesluitStatus,
    DocumentSoort,
)
from .forms import _RegionForm
from .models import StuurgroepLid, StuurgroepVergadering

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RegioKeuzeForm(forms.Form):
    """Which region's stuurgroep the overview shows, for someone with several."""

    regio = forms.ModelChoiceField(
        label=_("Regio"), queryset=Region.objects.none(), required=False, empty_label=None
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "regio").queryset = regions
        self.regions = list(regions)

    def region(self) -> Region | None:
        """The chosen region, or the first one (by name) when none or an unknown one is asked."""
        if self.is_bound and self.is_valid() and self.cleaned_data["regio"] is not None:
            return self.cleaned_data["regio"]
        return self.regions[0] if self.regions else None


def _optional_text(
    label: StrOrPromise, max_length: int, rows: int = 3, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _("Maximaal %(limit_value)d tekens (nu %(show_value)d)."),
        },
        **kwargs,
    )


class StuurgroepLidForm(_RegionForm):
    """A seat: one organisation or gemeente of the region (one list, two groups), and the person
    who holds it."""

    namens = forms.ChoiceField(
        label=_("Namens"),
        help_text=_("Een partnerorganisatie, of een gemeente die het netwerk financiert."),
    )
    naam = forms.CharField(label=_("Naam vertegenwoordiger"), max_length=150)
    functie = forms.CharField(label=_("Functie"), max_length=150, required=False)
    sinds = forms.DateField(label=_("Lid sinds"), widget=DateInput())
    tot = forms.DateField(
        label=_("Lid tot"),
        widget=DateInput(),
        required=False,
        help_text=_("Leeg zolang het lidmaatschap loopt."),
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, regions=regions, **kwargs)
        self.fields["sinds"].initial = timezone.localdate
        organisaties = Organisatie.objects.filter(regions__in=regions).distinct().order_by("name")
        gemeenten = Gemeente.objects.filter(region__in=regions).order_by("name")
        self._organisaties = {f"o{o.pk}": o for o in organisaties}
        self._gemeenten = {f"g{g.pk}": g for g in gemeenten}
        choice_field(self, "namens").choices = [
            ("", "---------"),
            (_("Organisaties"), [(k, o.name) for k, o in self._organisaties.items()]),
            (_("Gemeenten"), [(k, g.name) for k, g in self._gemeenten.items()]),
        ]

    @staticmethod
    def initial_for(lid: StuurgroepLid) -> dict[str, Any]:
        namens = f"o{lid.organisatie_id}" if lid.organisatie_id else f"g{lid.gemeente_id}"
        return {
            "regio": lid.region_id,
            "namens": namens,
            "naam": lid.naam,
            "functie": lid.functie,
            "sinds": lid.sinds,
            "tot": lid.tot,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sinds, tot = data.get("sinds"), data.get("tot")
        if sinds and tot and tot < sinds:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "naam": data["naam"],
            "functie": data["functie"],
            "sinds": data["sinds"],
            "tot": data["tot"],
            "organisatie": self._organisaties.get(data["namens"]),
            "gemeente": self._gemeenten.get(data["namens"]),
        }


class LidBeeindigenForm(forms.Form):
    tot = forms.DateField(label=_("Laatste dag als lid"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tot"].initial = timezone.localdate


class VergaderingForm(_RegionForm):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    agenda = _optional_text(_("Agenda"), 4000, rows=6, help_text=_("Eén agendapunt per regel."))
    verslag = _optional_text(
        _("Korte notulen"),
        4000,
        rows=6,
        help_text=_("Na de vergadering: de hoofdpunten. Besluiten legt u hieronder apart vast."),
    )

    @staticmethod
    def initial_for(vergadering: StuurgroepVergadering) -> dict[str, Any]:
        return {
            "regio": vergadering.region_id,
            "datum": vergadering.datum,
            "agenda": vergadering.agenda,
            "verslag": vergadering.verslag,
        }

    def fields_for_service(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("datum", "agenda", "verslag")}


class BesluitForm(forms.Form):
    """The quick form under a meeting: what, who, by when."""

    wat = forms.CharField(
        label=_("Wat is besloten"),
        max_length=BESLUIT_WAT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens (nu %(show_value)d).")},
    )
    wie = forms.CharField(
        label=_("Wie voert het uit"),
        max_length=BESLUIT_WIE_MAX,
        help_text=_("Bijvoorbeeld: coördinator, of de naam van een organisatie."),
    )
    uiterlijk = forms.DateField(label=_("Uiterlijk"), widget=DateInput(), required=False)

    def fields_for_service(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("wat", "wie", "uiterlijk")}


class BesluitStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=BesluitStatus.choices)
    # Where the page that sent the form is (the overview, a meeting, the list of decisions).
    terug = forms.CharField(required=False, widget=forms.HiddenInput)


class _BestandForm(forms.Form):
    """A document file: its kind is read from the content, not from its name."""

    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "PDF, Word (docx), Excel (xlsx) of OpenDocument (odt, ods); maximaal %(max)d MB."
        ),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
        },
    )
    notitie = forms.CharField(
        label=_("Korte notitie bij deze versie"),
        max_length=VERSIE_NOTITIE_MAX,
        required=False,
        help_text=_("Bijvoorbeeld: vastgesteld in de stuurgroep van maart."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bestand"]
        field.help_text = str(field.help_text) % {"max": bestanden.max_upload_bytes() // 2**20}
        # A hint for the browser's file picker only; the server checks the content.
        field.widget.attrs["accept"] = ",".join(
            [*DOCUMENT_TYPES, *(f".{ext}" for ext, _label in DOCUMENT_TYPES.values())]
        )

    def clean_bestand(self) -> UploadedFile:
        bestand: UploadedFile = self.cleaned_data["bestand"]
        bestanden.controleer_grootte(bestand.size)
        bestanden.herken_bestandstype(bestand)
        return bestand


class DocumentForm(_RegionForm, _BestandForm):
    soort = forms.ChoiceField(label=_("Soort"), choices=[("", "---------"), *DocumentSoort.choices])
    titel = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Convenant IVH 2026–2029, of Werkplan 2026."),
    )

    field_order = ["regio", "soort", "titel", "bestand", "notitie"]


class VersieForm(_BestandForm):
    pass
