from collections.abc import Mapping
from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .constants import Role
from .models import RoleAssignment, User, normalize_login_email
from .services import normalise_code, role_grant_needs_reason

# Recovery codes are lower-case base32 (django-otp's StaticToken.random_token).
RECOVERY_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz234567")


def axes_username(request: HttpRequest, credentials: Mapping | None = None) -> str:
    """AXES_USERNAME_CALLABLE: failed logins count per account, not per spelling of it."""
    source = credentials if credentials else request.POST
    return normalize_login_email(source.get("username"))


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op: na een paar "
            "mislukte pogingen wordt het account een tijd geblokkeerd."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }

    def clean_username(self) -> str:
        # Authentication and the lockout (axes reads these credentials) see the same spelling.
        return normalize_login_email(self.cleaned_data["username"])


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Vul de code van 6 cijfers in."),
            "min_length": _("De code heeft 6 cijfers."),
            "max_length": _("De code heeft 6 cijfers."),
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("De code bestaat alleen uit cijfers."))
        return token


class VerifyForm(forms.Form):
    """The code from the app, or one of the recovery codes shown when 2FA was set up."""

    token = forms.CharField(
        label=_("Code uit uw authenticator-app of een herstelcode"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}
        ),
        error_messages={"required": _("Vul de code van 6 cijfers in.")},
    )

    def clean_token(self) -> str:
        token = normalise_code(self.cleaned_data["token"])
        if token.isdigit() and 6 <= len(token) <= 8:
            return token
        if len(token) == 8 and all(ch in RECOVERY_ALPHABET for ch in token):
            return token
        raise forms.ValidationError(
            _("Vul de 6 cijfers uit uw app in, of een herstelcode van 8 tekens.")
        )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


# --- Admin forms -----------------------------------------------------------------------------


class ReasonForm(forms.Form):
    """The reason asked by admin actions that change someone's security (a 2FA reset)."""

    reden = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: telefoon kwijt, gemeld door de medewerker zelf op 3 maart."),
    )


class StaffCreationForm(forms.ModelForm):
    """A new staff account without a password: the person chooses one through the invitation."""

    uitnodiging_versturen = forms.BooleanField(
        label=_("Uitnodiging per e-mail versturen"),
        required=False,
        initial=True,
        help_text=_(
            "De medewerker krijgt een link (7 dagen geldig) om zelf een wachtwoord te kiezen en "
            "tweestapsverificatie in te stellen."
        ),
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "phone"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een account met dit e-mailadres."))
        return email

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class StaffChangeForm(UserChangeForm):
    reden = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij het wijzigen van superuser, groepen of losse rechten."),
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        # The same rule as services.user_changes_record, here to show it next to the field.
        if {"is_superuser", "groups", "user_permissions"} & set(self.changed_data) and not (
            data.get("reden") or ""
        ).strip():
            self.add_error("reden", _("Geef een reden voor deze wijziging van de rechten."))
        return data


class RoleAssignmentInlineForm(forms.ModelForm):
    reden = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=500,
        help_text=_(
            "Verplicht bij de rol functioneel beheerder, of een dossierrol voor een beheerder."
        ),
    )

    class Meta:
        model = RoleAssignment
        fields = [
            "role",
            "region",
            "organisatie",
            "gemeente",
            "discipline",
            "werkgebied",
            "expertise",
            "active",
        ]

    def grants(self) -> bool:
        """Whether saving this row gives a right the user did not have in this row before."""
        data = self.cleaned_data
        if not data or not data.get("active") or not self.has_changed():
            return False
        return self.instance._state.adding or any(
            name in self.changed_data
            for name in ("role", "region", "organisatie", "gemeente", "active")
        )


class RoleAssignmentFormSet(BaseInlineFormSet):
    """Asks for a reason on the grants that need one, seen over the whole set of rows: adding
    beheer and a dossier role in one save needs a reason for both."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            # The rows are RoleAssignmentInline.form, this module's RoleAssignmentInlineForm.
            for form in cast("list[RoleAssignmentInlineForm]", self.forms)
            # Django's own (private) test, which the stubs leave out.
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)  # type: ignore[attr-defined]
        ]
        holder_is_beheerder = any(
            form.cleaned_data.get("role") == Role.BEHEERDER and form.cleaned_data.get("active")
            for form in kept
        )
        for form in kept:
            if not form.grants():
                continue
            role = form.cleaned_data["role"]  # every kept row is valid, and role is required
            if (
                role_grant_needs_reason(role=role, holder_is_beheerder=holder_is_beheerder)
                and not form.cleaned_data.get("reden", "").strip()
            ):
                form.add_error(
                    "reden",
                    _(
                        "Geef een reden: deze rol geeft beheerrechten, of toegang tot dossiers aan een beheerder."
                    ),
                )
