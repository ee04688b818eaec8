import re
import time
import unicodedata
import uuid
from datetime import date, datetime
from datetime import time as dtime
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ivh.core.forms import DateInput, choice_field, model_choice
from ivh.netwerk.constants import ZorgDomein
from ivh.netwerk.models import Dienst, Organisatie, Region

from .constants import (
    AndereGezagsdrager,
    ContactVoorkeur,
    ContactWijze,
    Gezag,
    Kanaal,
    Status,
    ToestemmingDoel,
    VerwijzerSoort,
)
from .services import child_age_problem

POSTCODE_RE = re.compile(r"^\s*[1-9][0-9]{3}\s*([A-Za-z]{2})?\s*$")
PHONE_RE = re.compile(r"^[0-9+()\-\s]{10,20}$")
FORM_STARTED_SALT = "aanmelding.form-started"
# Zero-width (non-)joiner: format characters that Persian, Urdu and Hindi spelling and emoji
# need, and that cannot reorder text; every other control or format character is refused.
_ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
_TEXTAREA_WHITESPACE = {"\n", "\r", "\t"}


def sign_started(*, submission_token: uuid.UUID | str, at: float | None = None) -> str:
    """The form's signed start time, bound to its submission token. The token is unique on
    Aanmelding, so one start time yields at most one registration."""
    return signing.dumps(
        {"t": time.time() if at is None else at, "s": str(submission_token)},
        salt=FORM_STARTED_SALT,
    )


def without_hidden_characters(value: str, *, multiline: bool) -> str:
    """`value` without control and format characters (Unicode Cc, Cf): right-to-left overrides
    and other invisible marks that make a name look different from what is stored."""
    return "".join(
        ch
        for ch in value
        if unicodedata.category(ch) not in ("Cc", "Cf")
        or ch in _ALLOWED_FORMAT_CHARACTERS
        or (multiline and ch in _TEXTAREA_WHITESPACE)
    )


PROFESSIONAL_FIELDS = (
    "verwijzer_soort",
    "verwijzer_name",
    "verwijzer_organisatie",
    "verwijzer_telefoon",
    "verwijzer_email",
    "ouders_op_de_hoogte",
)

# The professional's form in the professional's words: they write about the parents' child and
# record the parents' consent. The consent labels are versioned together
# (constants.TOESTEMMING_VERSIE_PROFESSIONAL): a change of these words needs a new version.
PROFESSIONAL_TEXTS: dict[str, dict[str, Any]] = {
    "contact_voorkeur": {"label": _("Hoe willen de ouders het liefst contact?")},
    "postcode": {
        "label": _("Postcode van het gezin"),
        "help_text": _("Met de postcode zoeken we het aanmeldpunt bij het gezin in de buurt."),
    },
    "zorg": {
        "label": _("Waar maken u en de ouders zich zorgen over?"),
        "help_text": _("Schrijf op wat u en de ouders zien. Het hoeft niet lang te zijn."),
        "error_messages": {
            "required": _("Schrijf kort op waar u en de ouders zich zorgen over maken."),
            "max_length": _("Dit is te lang. Gebruik maximaal 4000 tekens."),
        },
    },
    "betrokken": {
        "label": _("Wie is nu al betrokken bij het kind? (mag u overslaan)"),
        "help_text": _("Bijvoorbeeld uw eigen organisatie, de huisarts, een logopedist."),
    },
    "toestemming_informatie": {
        "label": _(
            "De ouders geven toestemming: het aanmeldpunt mag informatie over hun kind uitwisselen "
            "met de organisaties in het netwerk Integrale Vroeghulp die nodig zijn om hun kind "
            "te helpen."
        )
    },
    "toestemming_mdo": {
        "label": _(
            "De ouders geven toestemming: hun kind mag besproken worden in een multidisciplinair "
            "overleg (MDO). Daar kijken deskundigen van verschillende organisaties samen met de "
            "ouders naar het kind."
        )
    },
    "toestemming_partners": {
        "label": _(
            "De ouders geven toestemming: het aanmeldpunt mag gegevens delen met de organisaties "
            "die hieronder staan."
        )
    },
}


class AanmeldForm(forms.Form):
    """The public registration form. Asks only what intake needs (data minimisation)."""

    required_css_class = "required"
    # request.POST or a dict; __init__ copies it, and the hidden-character check writes to it.
    data: dict[str, Any]

    # The professional's own fields: asked (and required) only on the professional's form.
    verwijzer_soort = forms.ChoiceField(
        label=_("Waar werkt u?"),
        choices=[("", _("Kies…")), *VerwijzerSoort.choices],
        error_messages={"required": _("Kies waar u werkt.")},
    )
    verwijzer_name = forms.CharField(
        label=_("Uw naam"), max_length=150, error_messages={"required": _("Vul uw naam in.")}
    )
    verwijzer_organisatie = forms.CharField(
        label=_("Naam van uw organisatie"),
        max_length=150,
        error_messages={"required": _("Vul de naam van uw organisatie in.")},
    )
    verwijzer_telefoon = forms.CharField(
        label=_("Uw telefoonnummer"), max_length=30, required=False
    )
    verwijzer_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk het nog eens na.")},
    )
    ouders_op_de_hoogte = forms.BooleanField(
        label=_("De ouders weten van deze aanmelding en geven toestemming"),
        error_messages={
            "required": _(
                "U kunt een kind alleen aanmelden als de ouders het weten en toestemming geven."
            )
        },
    )

    kind_first_name = forms.CharField(
        label=_("Voornaam van het kind"),
        max_length=80,
        error_messages={"required": _("Vul de voornaam van het kind in.")},
    )
    kind_geboortedatum = forms.DateField(
        label=_("Geboortedatum van het kind"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"],
        error_messages={
            "required": _("Vul de geboortedatum van het kind in."),
            "invalid": _("Vul de datum in als dag-maand-jaar, bijvoorbeeld 14-03-2023."),
        },
    )

    ouder_name = forms.CharField(
        label=_("Naam van de ouder of verzorger"),
        max_length=150,
        error_messages={"required": _("Vul de naam van de ouder of verzorger in.")},
    )
    ouder_telefoon = forms.CharField(
        label=_("Telefoonnummer van de ouder"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    ouder_email = forms.EmailField(
        label=_("E-mailadres van de ouder"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Kijk het nog eens na.")},
    )
    contact_voorkeur = forms.ChoiceField(
        label=_("Hoe nemen we het liefst contact op?"),
        choices=ContactVoorkeur.choices,
        initial=ContactVoorkeur.MAAKT_NIET_UIT,
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        help_text=_("Met de postcode zoeken we het aanmeldpunt bij u in de buurt."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": _("Vul de postcode in.")},
    )

    zorg = forms.CharField(
        label=_("Waar maakt u zich zorgen over?"),
        help_text=_("Schrijf het in uw eigen woorden. Het hoeft niet lang te zijn."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={
            "required": _("Schrijf kort op waar u zich zorgen over maakt."),
            "max_length": _("Dit is te lang. Gebruik maximaal 4000 tekens."),
        },
    )
    zorg_domeinen = forms.MultipleChoiceField(
        label=_("Gaat het over een van deze dingen? (mag u overslaan)"),
        choices=ZorgDomein.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    betrokken = forms.CharField(
        label=_("Wie helpt nu al? (mag u overslaan)"),
        help_text=_(
            "Bijvoorbeeld het consultatiebureau, de huisarts, een logopedist of de kinderopvang."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    gezag = forms.ChoiceField(
        label=_("Wie heeft het gezag over het kind?"),
        help_text=_("Gezag betekent: wie de beslissingen over het kind mag nemen."),
        choices=Gezag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie het gezag heeft.")},
    )
    andere_gezagsdrager = forms.ChoiceField(
        label=_("Weet de andere ouder met gezag van deze aanmelding?"),
        choices=AndereGezagsdrager.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord.")},
    )

    toestemming_informatie = forms.BooleanField(
        label=_(
            "Ja, het aanmeldpunt mag informatie over mijn kind uitwisselen met de organisaties "
            "in het netwerk Integrale Vroeghulp die nodig zijn om mijn kind te helpen."
        ),
        required=False,
    )
    toestemming_mdo = forms.BooleanField(
        label=_(
            "Ja, mijn kind mag besproken worden in een multidisciplinair overleg (MDO). Daar kijken "
            "deskundigen van verschillende organisaties samen met mij naar mijn kind."
        ),
        required=False,
    )
    toestemming_partners = forms.BooleanField(
        label=_(
            "Ja, het aanmeldpunt mag gegevens delen met de organisaties die ik hieronder noem."
        ),
        required=False,
    )
    partners_namen = forms.CharField(
        label=_("Welke organisaties?"),
        max_length=500,
        required=False,
        help_text=_("Bijvoorbeeld: consultatiebureau, huisarts, kinderopvang."),
    )

    # Spam protection without third parties: a field people never see, and a minimum time.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        kanaal: str = Kanaal.OUDER,
        today: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # Who fills it in decides the questions and their words: a parent speaks of "mijn
        # kind"; a professional registers someone else's child and records the parents' consent.
        self.kanaal = Kanaal(kanaal)
        if self.kanaal == Kanaal.PROFESSIONAL:
            for name, texts in PROFESSIONAL_TEXTS.items():
                for attribute, text in texts.items():
                    setattr(self.fields[name], attribute, text)
        else:
            for name in PROFESSIONAL_FIELDS:
                del self.fields[name]
        if self.is_bound:
            # A copy we may change: hidden characters are taken out of what is shown again.
            self.data = self.data.copy()
        else:
            token = uuid.uuid4()
            self.initial.setdefault("submission_token", token)
            self.initial.setdefault("started", sign_started(submission_token=token))

    def sent_token(self) -> uuid.UUID | None:
        """The submission token this form was sent with (before validation)."""
        try:
            return uuid.UUID(str(self.data.get("submission_token", "")).strip())
        except ValueError:
            return None

    def _started_at(self) -> float | None:
        """When this form was handed out: None if the start time is forged, malformed or was
        issued for another form (another submission token)."""
        try:
            payload = signing.loads(self.data.get("started", ""), salt=FORM_STARTED_SALT)
            if uuid.UUID(payload["s"]) != self.sent_token():
                return None
            return float(payload["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None

    def is_handed_out(self) -> bool:
        """The form was handed out by this site (its start time is genuine), however recently."""
        return self._started_at() is not None

    def is_spam(self) -> bool:
        """A filled honeypot, a forged or borrowed start time, or a form sent back too quickly."""
        if self.data.get("website"):
            return True
        started = self._started_at()
        # A person needs more than a few seconds to fill in the form; faster is a robot.
        return started is None or time.time() - started < settings.IVH_AANMELDING_MIN_SECONDS

    def is_stale(self) -> bool:
        """The form was handed out longer ago than IVH_AANMELDING_MAX_HOURS."""
        started = self._started_at()
        return (
            started is not None and time.time() - started > settings.IVH_AANMELDING_MAX_HOURS * 3600
        )

    def renew_started(self) -> None:
        """A fresh start time for the same submission token, shown with the form again."""
        self.data["started"] = sign_started(submission_token=self.data["submission_token"])

    def _refuse_hidden_characters(self) -> None:
        message = _(
            "Hier stond een onzichtbaar teken in, bijvoorbeeld uit een gekopieerde tekst. "
            "Wij hebben het weggehaald. Kijk of het zo klopt en verstuur het formulier opnieuw."
        )
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or field.widget.is_hidden:
                continue  # the hidden anti-bot fields are checked by is_spam()
            if name == "website":
                continue  # the honeypot: anything in it is spam already
            typed = self.data.get(name) or ""
            visible = without_hidden_characters(
                typed, multiline=isinstance(field.widget, forms.Textarea)
            )
            if visible != typed:
                self.data[name] = visible
                # This is the problem to report, not (say) the e-mail format it also broke.
                self.errors.pop(name, None)
                self.add_error(name, forms.ValidationError(message, code="hidden_characters"))

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not POSTCODE_RE.match(value):
            raise forms.ValidationError(_("Vul een Nederlandse postcode in, bijvoorbeeld 2511 AB."))
        return value.strip().upper()

    def _clean_phone(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if value and not PHONE_RE.match(value):
            raise forms.ValidationError(
                _(
                    "Dit telefoonnummer klopt niet. Gebruik alleen cijfers, bijvoorbeeld 06 12345678."
                )
            )
        return value

    def clean_ouder_telefoon(self) -> str:
        return self._clean_phone("ouder_telefoon")

    def clean_verwijzer_telefoon(self) -> str:
        return self._clean_phone("verwijzer_telefoon")

    def clean_kind_geboortedatum(self) -> date:
        born = self.cleaned_data["kind_geboortedatum"]
        problem = child_age_problem(born, self.today)
        # The parent hears where they can go with their own child; the professional, where the
        # parents can go (as PROFESSIONAL_TEXTS speak to them).
        professional = self.kanaal == Kanaal.PROFESSIONAL
        if problem == "toekomst":
            raise forms.ValidationError(
                _(
                    "Deze datum ligt in de toekomst. Kijk de geboortedatum van het kind nog eens "
                    "na. Is het kind nog niet geboren? Dan kunnen de ouders terecht bij hun "
                    "verloskundige of het consultatiebureau."
                )
                if professional
                else _(
                    "Deze datum ligt in de toekomst. Verwacht u een kindje? Dan kunt u terecht bij uw "
                    "verloskundige of het consultatiebureau."
                ),
                code="toekomst",
            )
        if problem == "te_oud":
            raise forms.ValidationError(
                _(
                    "Integrale Vroeghulp is er voor kinderen tot 7 jaar. Voor een ouder kind kunnen "
                    "de ouders terecht bij het wijkteam of het Centrum voor Jeugd en Gezin van hun "
                    "gemeente, of bij de huisarts. Gaat het kind naar school? Dan kan ook de intern "
                    "begeleider helpen."
                )
                if professional
                else _(
                    "Integrale Vroeghulp is er voor kinderen tot 7 jaar. Voor een ouder kind kunt u terecht "
                    "bij het wijkteam of het Centrum voor Jeugd en Gezin van uw gemeente, of bij de "
                    "huisarts. Gaat uw kind naar school? Dan kan ook de intern begeleider helpen."
                ),
                code="te_oud",
            )
        if born.year < self.today.year - 8:
            raise forms.ValidationError(_("Kijk het geboortejaar nog eens na."))
        return born

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        self._refuse_hidden_characters()
        if (
            not data.get("ouder_telefoon")
            and not data.get("ouder_email")
            and "ouder_telefoon" not in self.errors
            and "ouder_email" not in self.errors
        ):
            self.add_error(
                "ouder_telefoon",
                _("Vul een telefoonnummer of e-mailadres in, zodat we contact kunnen opnemen."),
            )
        if self.kanaal == Kanaal.PROFESSIONAL and (
            not data.get("verwijzer_telefoon")
            and not data.get("verwijzer_email")
            and "verwijzer_telefoon" not in self.errors
            and "verwijzer_email" not in self.errors
        ):
            self.add_error("verwijzer_email", _("Vul uw telefoonnummer of e-mailadres in."))
        if data.get("toestemming_partners") and not data.get("partners_namen", "").strip():
            self.add_error(
                "partners_namen", _("Noem de organisaties waarmee we gegevens mogen delen.")
            )
        return data

    def model_fields(self) -> dict:
        data = self.cleaned_data
        professional = self.kanaal == Kanaal.PROFESSIONAL
        fields = {
            name: data[name]
            for name in [
                "kind_first_name",
                "kind_geboortedatum",
                "ouder_name",
                "ouder_telefoon",
                "ouder_email",
                "contact_voorkeur",
                "postcode",
                "zorg",
                "zorg_domeinen",
                "betrokken",
                "gezag",
                "andere_gezagsdrager",
                "submission_token",
            ]
        }
        for name in [
            "verwijzer_soort",
            "verwijzer_name",
            "verwijzer_organisatie",
            "verwijzer_telefoon",
            "verwijzer_email",
        ]:
            fields[name] = data[name] if professional else ""
        fields["kanaal"] = self.kanaal
        fields["ouders_op_de_hoogte"] = professional and data["ouders_op_de_hoogte"]
        return fields

    def consents(self) -> dict[str, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            ToestemmingDoel.INFORMATIE_UITWISSELING: (data["toestemming_informatie"], ""),
            ToestemmingDoel.MDO: (data["toestemming_mdo"], ""),
            ToestemmingDoel.DELEN_MET_PARTNERS: (
                data["toestemming_partners"],
                data["partners_namen"].strip() if data["toestemming_partners"] else "",
            ),
        }


class PostcodeFinderForm(forms.Form):
    postcode = forms.CharField(
        label=_("Uw postcode"),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": _("Vul uw postcode in.")},
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not POSTCODE_RE.match(value):
            raise forms.ValidationError(_("Vul een Nederlandse postcode in, bijvoorbeeld 2511 AB."))
        return value.strip().upper()


# --- Intake (coordinator) -----------------------------------------------------------------


class InboxFilterForm(forms.Form):
    STATUS_OPEN = "open"
    STATUS_ALL = "alle"

    q = forms.CharField(label=_("Zoek op referentie of naam"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False)
    kanaal = forms.ChoiceField(
        label=_("Aangemeld door"), required=False, choices=[("", _("Iedereen")), *Kanaal.choices]
    )

    def __init__(self, *args: Any, gemeenten: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [
            (self.STATUS_OPEN, _("Open (nieuw en in behandeling)")),
            *Status.choices,
            (self.STATUS_ALL, _("Alle")),
        ]
        choice_field(self, "gemeente").choices = [
            ("", _("Alle gemeenten")),
            *[(str(pk), name) for pk, name in gemeenten],
            ("geen", _("Buiten de regio's")),
        ]


class FirstContactForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    tijd = forms.TimeField(
        label=_("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    wijze = forms.ChoiceField(label=_("Hoe"), choices=ContactWijze.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.initial.setdefault("datum", now.date())
        self.initial.setdefault("tijd", now.time().replace(second=0, microsecond=0))

    @property
    def moment(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["datum"], self.cleaned_data["tijd"] or dtime())
        )


class AdviceForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Welk advies is gegeven?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ReferForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.none()
    )
    dienst = forms.ModelChoiceField(
        label=_("Dienst (als bekend)"), queryset=Dienst.objects.none(), required=False
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

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

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("dienst")
            and data.get("organisatie")
            and data["dienst"].organisatie_id != data["organisatie"].pk
        ):
            self.add_error("dienst", _("Deze dienst hoort niet bij de gekozen organisatie."))
        return data


class ForwardForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Naar regio in dit systeem"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Geen: een regio of organisatie daarbuiten"),
    )
    naar = forms.CharField(
        label=_("Of naar (naam regio of organisatie)"), max_length=150, required=False
    )
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "region").queryset = regions

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not data.get("region") and not (data.get("naar") or "").strip():
            self.add_error(
                "naar", _("Kies een regio of schrijf op waar de aanmelding naartoe gaat.")
            )
        return data


class OutOfScopeForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class IntakeNotesForm(forms.Form):
    notities = forms.CharField(
        label=_("Notities van de intake (vraagverheldering)"),
        help_text=_(
            "Wat de ouders vertellen en vragen, en wat u samen afspreekt. Eerdere versies "
            "blijven bewaard."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 8000}),
        max_length=8000,
        required=False,
    )


class DuplicateForm(forms.Form):
    referentie = forms.CharField(
        label=_("Referentie van de eerdere aanmelding"),
        max_length=20,
        help_text=_("Deze aanmelding wordt afgesloten en telt niet mee; de eerdere blijft staan."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
