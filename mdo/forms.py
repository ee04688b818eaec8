from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casemanagement.models import Traject
from ivh.accounts.models import User
from ivh.core.forms import DateInput, choice_field, model_choice
from ivh.netwerk.constants import Discipline
from ivh.netwerk.models import Organisatie, Region

from .models import Adviesactie, Agendapunt, Deelnemer, Mdo
from .planning import non_working_days


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MdoForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    tijd = forms.TimeField(label=_("Begint om"), widget=TimeInput())
    duur_minuten = forms.IntegerField(
        label=_("Duur (minuten)"),
        min_value=15,
        max_value=480,
        initial=120,
        error_messages={
            "min_value": _("Minimaal 15 minuten."),
            "max_value": _("Maximaal 480 minuten."),
        },
    )
    locatie = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Link voor beeldbellen"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een volledig webadres in, met https://.")},
    )
    voorzitter: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Voorzitter"), queryset=None, required=False, empty_label=_("(nog niet gekozen)")
    )
    max_agendapunten = forms.IntegerField(
        label=_("Plaatsen op de agenda"), min_value=1, max_value=12, initial=4
    )

    def __init__(self, *args: Any, voorzitters: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "voorzitter").queryset = voorzitters
        # Holidays on weekdays for the next two years, for the warning in the browser
        # (static/js/mdo_datum.js); weekends the browser knows itself.
        self.fields["datum"].widget.attrs["data-feestdagen"] = json.dumps(
            non_working_days(timezone.localdate(), 731)
        )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not data.get("locatie") and not data.get("video_link"):
            self.add_error("locatie", _("Vul een plaats of een link voor beeldbellen in."))
        if data.get("datum") and data.get("tijd"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["datum"], data["tijd"]))
        return data

    def planning(self) -> dict:
        """The keyword arguments of mdo_create / mdo_update."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duur_minuten": data["duur_minuten"],
            "locatie": data["locatie"],
            "video_link": data["video_link"],
            "voorzitter": data["voorzitter"],
            "max_agendapunten": data["max_agendapunten"],
        }

    @staticmethod
    def initial_for(mdo: Mdo) -> dict:
        local = timezone.localtime(mdo.starts_at)
        return {
            "datum": local.date(),
            "tijd": time(local.hour, local.minute),
            "duur_minuten": mdo.duur_minuten,
            "locatie": mdo.locatie,
            "video_link": mdo.video_link,
            "voorzitter": mdo.voorzitter_id,
            "max_agendapunten": mdo.max_agendapunten,
        }


class AgendapuntForm(forms.Form):
    traject: forms.ModelChoiceField[Traject] = forms.ModelChoiceField(
        label=_("Gezin"), queryset=None
    )
    vraag = forms.CharField(
        label=_("Vraag aan het team"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    disciplines = forms.MultipleChoiceField(
        label=_("Welke deskundigen zijn nodig?"),
        choices=Discipline.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies welke deskundigen nodig zijn.")},
    )
    minuten = forms.IntegerField(label=_("Tijd (minuten)"), min_value=5, max_value=240, initial=30)

    def __init__(self, *args: Any, trajecten: QuerySet[Traject], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What may be chosen (validated against all families waiting for an MDO); what the
        # list offers is set by `offer`, so a long waiting list is not rendered whole.
        model_choice(self, "traject").queryset = trajecten
        # The field calls whichever label_from_instance it has; the stubs only know the method.
        model_choice(self, "traject").label_from_instance = _traject_label  # type: ignore[method-assign, assignment]

    def offer(self, trajecten: Sequence[Traject]) -> None:
        """List these families (`trajecten`, with their children prefetched) as the choices,
        and the family chosen in a form sent back with errors, wherever it came from."""
        field = model_choice(self, "traject")
        offered = list(trajecten)
        chosen = self["traject"].value() if self.is_bound else None
        if chosen and str(chosen) not in {str(t.pk) for t in offered}:
            # Not (or no longer) waiting: nothing to add, the field's error says so.
            with suppress(forms.ValidationError):
                if (found := field.to_python(chosen)) is not None:
                    offered.insert(0, found)
        field.choices = [("", field.empty_label), *((t.pk, _traject_label(t)) for t in offered)]


def _traject_label(traject: Traject) -> str:
    """The family's reference and children's first names; the date of the planned MDO it is
    on already, if any (`gepland_op`, annotated by `agenda_candidates`)."""
    label = f"{traject.gezin.reference} – " + ", ".join(
        k.first_name for k in traject.gezin.kinderen.all()
    )
    gepland_op = getattr(traject, "gepland_op", None)
    if gepland_op is not None:
        label += " " + str(
            _("(al op de agenda van %(datum)s)")
            % {"datum": date_format(timezone.localtime(gepland_op), "j M Y")}
        )
    return label


class AgendaZoekForm(forms.Form):
    """Find a family waiting for an MDO for the "add a family" form (?gezin=)."""

    FIELD = "gezin"

    gezin = forms.CharField(
        label=_("Zoek een gezin"),
        help_text=_("Gezinsnummer, kindnummer of voornaam van een kind."),
        max_length=100,
        required=False,
        widget=forms.SearchInput,
    )

    def zoekterm(self) -> str:
        return self.cleaned_data["gezin"] if self.is_valid() else ""


class ExpertForm(forms.Form):
    """One of the region's MDO experts who is not invited yet (`experts`: their roles)."""

    expert = forms.ModelChoiceField(
        label=_("Deskundige"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Kies een deskundige uit de lijst.")},
    )

    def __init__(self, *args: Any, experts: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Discipline.choices)
        names = {
            r.user_id: f"{r.user.full_name} – {labels.get(r.discipline)} ({r.organisatie})"
            for r in experts
        }
        field = model_choice(self, "expert")
        field.queryset = User.objects.filter(pk__in=list(names))
        # In the order of `experts` (by discipline and name), without an empty choice.
        field.choices = list(names.items())


class HoudenForm(forms.Form):
    aanwezig = forms.MultipleChoiceField(
        label=_("Wie waren er?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    ouders_aanwezig = forms.MultipleChoiceField(
        label=_("Bij welke gezinnen waren de ouders erbij?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notulen = forms.CharField(
        label=_("Verslag"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self, *args: Any, deelnemers: list, punten: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "aanwezig").choices = [
            (d.pk, f"{d.name} ({d.get_soort_display()})") for d in deelnemers
        ]
        choice_field(self, "ouders_aanwezig").choices = punten


class AdviesForm(forms.Form):
    advies = forms.CharField(
        label=_("Advies van het team"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actie_wat = forms.CharField(label=_("Afgesproken actie (wat)"), max_length=300, required=False)
    actie_organisatie: forms.ModelChoiceField[Organisatie] = forms.ModelChoiceField(
        label=_("Wie (organisatie)"), queryset=None, required=False
    )
    actie_wanneer = forms.DateField(label=_("Uiterlijk"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, organisaties: QuerySet[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "actie_organisatie").queryset = organisaties

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not data.get("advies", "").strip() and not data.get("actie_wat"):
            raise forms.ValidationError(_("Schrijf een advies of een actie."))
        return data


class AntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        choices=[("komt", "komt"), ("komt_niet", "komt_niet")],
        error_messages={
            "required": _("Kies of u komt."),
            "invalid_choice": _("Kies of u komt."),
        },
    )
    # The version of the meeting (Mdo.sequence) on the page the person answered from.
    sequence = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class RegioKeuzeForm(forms.Form):
    """A coordinator of several regions plans an MDO for one of them (?regio=)."""

    regio = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)

    def __init__(self, *args: Any, regions: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "regio").queryset = regions


class AgendapuntKeuzeForm(forms.Form):
    """Which family of this MDO's agenda (a button in its row)."""

    punt = forms.ModelChoiceField(
        queryset=Agendapunt.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Dit gezin staat niet (meer) op de agenda.")},
    )

    def __init__(self, *args: Any, agendapunten: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "punt").queryset = agendapunten


class DeelnemerKeuzeForm(forms.Form):
    """Whose invitation to this MDO (a button in their row)."""

    deelnemer = forms.ModelChoiceField(
        queryset=Deelnemer.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze uitnodiging bestaat niet of is al ingetrokken.")},
    )

    def __init__(self, *args: Any, deelnemers: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "deelnemer").queryset = deelnemers


class AdviesactieKeuzeForm(forms.Form):
    """Which proposed action of the MDO the casemanager takes into the plan, or not."""

    adviesactie = forms.ModelChoiceField(
        queryset=Adviesactie.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Over deze actie is al besloten.")},
    )

    def __init__(self, *args: Any, acties: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "adviesactie").queryset = acties


def organisaties_for(region_id: int) -> QuerySet[Organisatie]:
    return Organisatie.objects.filter(regions=region_id, actief=True).order_by("name")
