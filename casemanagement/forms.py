from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import BaseFormSet, formset_factory
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aanmelding.models import Toestemming
from ivh.accounts.models import User
from ivh.core.forms import DateInput, choice_field, model_choice
from ivh.netwerk.constants import ZorgDomein
from ivh.netwerk.models import Dienst, Organisatie
from ivh.termijnen.constants import PauzeReden
from ivh.termijnen.models import Termijn

from .constants import (
    ActieStatus,
    ActieWie,
    Afsluitreden,
    AkkoordWijze,
    ContactSoort,
    DoelenBehaald,
    Fase,
)
from .models import OuderLink, OuderVraag, Verwijzing
from .services import vervanging_problems


class ContactForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    soort = forms.ChoiceField(label=_("Soort contact"), choices=ContactSoort.choices)
    minuten = forms.IntegerField(
        label=_("Minuten"),
        min_value=1,
        max_value=600,
        error_messages={
            "min_value": _("Minimaal 1 minuut."),
            "max_value": _("Maximaal 600 minuten."),
        },
    )
    notitie = forms.CharField(
        label=_("Korte notitie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("datum", timezone.localdate())


class FaseForm(forms.Form):
    fase = forms.ChoiceField(label=_("Naar fase"), choices=Fase.choices)


class VerwijzingForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.none()
    )
    dienst = forms.ModelChoiceField(
        label=_("Dienst"), queryset=Dienst.objects.none(), required=False
    )
    referred_at = forms.DateField(label=_("Verwezen op"), widget=DateInput())
    toelichting = forms.CharField(label=_("Toelichting"), max_length=500, required=False)

    def __init__(self, *args: Any, organisaties: QuerySet[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "organisatie").queryset = organisaties
        model_choice(self, "dienst").queryset = Dienst.objects.filter(
            organisatie__in=organisaties, actief=True
        ).select_related("organisatie")
        # The field calls whichever label_from_instance it has; the stubs only know the method.
        model_choice(self, "dienst").label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.organisatie.name}: {obj.name}"
        )
        self.initial.setdefault("referred_at", timezone.localdate())


class VerwijzingDatesForm(forms.Form):
    """One row of the referrals table. Every row is its own form, so the field names are the
    same in each; `auto_id` (per row) keeps the HTML ids apart."""

    verwijzing: forms.ModelChoiceField[Verwijzing] = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze verwijzing hoort niet bij dit traject.")},
    )
    started_at = forms.DateField(label=_("Hulp gestart op"), widget=DateInput(), required=False)
    ended_at = forms.DateField(label=_("Hulp beëindigd op"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, verwijzingen: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "verwijzing").queryset = verwijzingen


class AfsluitForm(forms.Form):
    reden = forms.ChoiceField(label=_("Reden"), choices=Afsluitreden.choices)
    doelen_behaald = forms.ChoiceField(
        label=_("Zijn de doelen behaald?"), choices=DoelenBehaald.choices, widget=forms.RadioSelect
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AkkoordForm(forms.Form):
    wijze = forms.ChoiceField(
        label=_("Hoe gaven de ouders akkoord?"),
        choices=[c for c in AkkoordWijze.choices if c[0] != AkkoordWijze.OUDERLINK],
    )
    datum = forms.DateField(label=_("Datum"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("datum", timezone.localdate())


class CasemanagerField(forms.ModelChoiceField):
    """A casemanager from a given list (the queryset), shown by name."""

    default_error_messages = {
        "invalid_choice": _("Kies een casemanager uit de lijst."),
    }

    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


def _users(people: Iterable[User] | QuerySet) -> QuerySet:
    """A queryset for a ModelChoiceField from a list of users (order kept by name)."""
    if isinstance(people, QuerySet):
        return people
    return User.objects.filter(pk__in=[u.pk for u in people]).order_by("full_name")


class HerverdeelForm(forms.Form):
    casemanager = CasemanagerField(label=_("Nieuwe casemanager"), queryset=None, empty_label=None)
    reden = forms.CharField(label=_("Reden"), max_length=300, required=False)

    def __init__(self, *args: Any, casemanagers: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "casemanager").queryset = _users(casemanagers)


class VervangingForm(forms.Form):
    # Nobody chosen beforehand: a substitution for the first name in the list by the first
    # name in the list is never what was meant.
    afwezige = CasemanagerField(
        label=_("Afwezige casemanager"), queryset=None, empty_label=_("Kies een casemanager")
    )
    vervanger = CasemanagerField(
        label=_("Vervanger"), queryset=None, empty_label=_("Kies een casemanager")
    )
    van = forms.DateField(label=_("Van"), widget=DateInput())
    tot = forms.DateField(label=_("Tot en met"), widget=DateInput())
    reden = forms.CharField(label=_("Reden"), max_length=200, initial=_("Verlof"))

    def __init__(self, *args: Any, casemanagers: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "afwezige").queryset = _users(casemanagers)
        model_choice(self, "vervanger").queryset = _users(casemanagers)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) for name in ("afwezige", "vervanger", "van", "tot")):
            # The service's own rules, shown at the form; the service checks them again.
            for problem in vervanging_problems(
                afwezige=data["afwezige"],
                vervanger=data["vervanger"],
                van=data["van"],
                tot=data["tot"],
            ):
                self.add_error(None, problem)
        return data


class CaseloadFilterForm(forms.Form):
    """The coordinator's filter on the traject list."""

    casemanager = CasemanagerField(
        label=_("Casemanager"), queryset=None, required=False, empty_label=_("Iedereen")
    )

    def __init__(self, *args: Any, casemanagers: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "casemanager").queryset = _users(casemanagers)


class PlanVersiesForm(forms.Form):
    """Which two versions of the plan to compare (?a=1&b=3)."""

    a = forms.TypedChoiceField(coerce=int, required=False)
    b = forms.TypedChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, nummers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in nummers]
        choice_field(self, "a").choices = choices
        choice_field(self, "b").choices = choices


class StartTrajectForm(forms.Form):
    """Intake outcome "traject": one of the suggested casemanagers of the region."""

    casemanager = CasemanagerField(
        label=_("Casemanager"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een casemanager.")},
    )

    def __init__(self, *args: Any, suggestions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "casemanager").queryset = _users([s.user for s in suggestions])


class OuderLinkForm(forms.Form):
    """Which of the family's links to revoke."""

    link: forms.ModelChoiceField[OuderLink] = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze link bestaat niet of is al ingetrokken.")},
    )

    def __init__(self, *args: Any, links: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "link").queryset = links


class OuderVraagAfhandelenForm(forms.Form):
    """Which open question of the parents is handled."""

    vraag: forms.ModelChoiceField[OuderVraag] = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze vraag is er niet of is al afgehandeld.")},
    )

    def __init__(self, *args: Any, vragen: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "vraag").queryset = vragen


class PlanForm(forms.Form):
    gezinsvraag = forms.CharField(
        label=_("De vraag van het gezin, in hun eigen woorden"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evaluatie_datum = forms.DateField(label=_("Evaluatie op"), widget=DateInput())
    wijziging = forms.CharField(
        label=_("Wat is er veranderd? (voor de versiegeschiedenis)"), max_length=300, required=False
    )


class DoelForm(forms.Form):
    # Initial values equal to the first option, so an untouched empty row counts as unchanged.
    domein = forms.ChoiceField(
        label=_("Domein"), choices=ZorgDomein.choices, initial=ZorgDomein.choices[0][0]
    )
    omschrijving = forms.CharField(label=_("Doel"), max_length=500)


class ActieForm(forms.Form):
    wat = forms.CharField(label=_("Wat"), max_length=300)
    wie = forms.ChoiceField(label=_("Wie"), choices=ActieWie.choices, initial=ActieWie.ORGANISATIE)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.none(), required=False
    )
    wanneer = forms.DateField(label=_("Uiterlijk"), widget=DateInput(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActieStatus.choices, initial=ActieStatus.OPEN
    )

    def __init__(
        self, *args: Any, organisaties: QuerySet[Organisatie] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisaties is not None:
            model_choice(self, "organisatie").queryset = organisaties

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("wie") == ActieWie.ORGANISATIE and not data.get("organisatie"):
            self.add_error("organisatie", _("Kies de organisatie die deze actie doet."))
        return data


DoelFormSet = formset_factory(DoelForm, extra=1, can_delete=True)
ActieFormSet = formset_factory(ActieForm, extra=1, can_delete=True)

# The "nog een doel" / "nog een actie" buttons (submit buttons, so they work without
# JavaScript; static/js/plan_formset.js adds the row in the page instead): name and values.
ROW_ADD = "rij_erbij"
ROW_ADD_FORMSETS: dict[str, type[forms.Form]] = {"doelen": DoelForm, "acties": ActieForm}


def data_with_empty_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted plan with one empty row more in formset `prefix`, holding the fields'
    initial values (so the row counts as unchanged, and is skipped, if it stays empty)."""
    data = data.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    for name, field in ROW_ADD_FORMSETS[prefix].base_fields.items():
        if field.initial is not None:
            data[f"{prefix}-{total}-{name}"] = str(field.initial)
    return data


def show_unjudged(*forms_: forms.Form | BaseFormSet) -> None:
    """Show what was typed without error messages: a row was added, nothing was saved yet,
    so an unfinished row is no mistake. (Marks the forms as cleaned without errors; they
    are only rendered afterwards, never saved.)"""
    # Django's own cache of the validation result (private, so not in the type stubs).
    for form in forms_:
        if isinstance(form, BaseFormSet):
            form._errors = [ErrorDict() for _f in form.forms]  # type: ignore[attr-defined]
            form._non_form_errors = form.error_class()  # type: ignore[attr-defined]
            show_unjudged(*form.forms)
        else:
            form._errors = ErrorDict()  # type: ignore[attr-defined]


class OuderVraagForm(forms.Form):
    tekst = forms.CharField(
        label=_("Uw vraag"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf uw vraag op.")},
    )
    terugbellen = forms.BooleanField(label=_("Bel mij liever terug"), required=False)


class TevredenheidForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Welk cijfer geeft u de hulp van Integrale Vroeghulp?"),
        choices=[(str(i), str(i)) for i in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een cijfer van 1 tot en met 10."),
            "invalid_choice": _("Kies een cijfer van 1 tot en met 10."),
        },
    )
    opmerking = forms.CharField(
        label=_("Wilt u nog iets zeggen? (mag u overslaan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    terugbellen = forms.BooleanField(label=_("Ik wil graag teruggebeld worden"), required=False)


class ToestemmingIntrekkenForm(forms.Form):
    """The parent withdraws one of the consents they gave (and did not withdraw yet)."""

    toestemming = forms.ModelChoiceField(
        queryset=Toestemming.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kies welke toestemming u wilt intrekken."),
            "invalid_choice": _("Deze toestemming kunt u niet (meer) intrekken."),
        },
    )

    def __init__(self, *args: Any, toestemmingen: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "toestemming").queryset = toestemmingen


class TermijnPauzeForm(forms.Form):
    """Hold one of the family's running deadlines, with the reason."""

    termijn = forms.ModelChoiceField(queryset=Termijn.objects.none(), widget=forms.HiddenInput)
    reden = forms.ChoiceField(label=_("Waarom staat de termijn stil?"), choices=PauzeReden.choices)
    toelichting = forms.CharField(label=_("Toelichting"), max_length=200, required=False)

    def __init__(self, *args: Any, termijnen: QuerySet[Termijn], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["termijn"]).queryset = termijnen


class TermijnHervatForm(forms.Form):
    termijn = forms.ModelChoiceField(queryset=Termijn.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, termijnen: QuerySet[Termijn], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["termijn"]).queryset = termijnen
