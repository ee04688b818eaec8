from django import forms
from django.utils.translation import gettext_lazy as _

from ivh.termijnen.constants import Niveau, Regel


class SignaalFilterForm(forms.Form):
    regel = forms.ChoiceField(
        label=_("Norm"), required=False, choices=[("", _("Alle normen")), *Regel.choices]
    )
    level = forms.ChoiceField(
        label=_("Niveau"), required=False, choices=[("", _("Alle niveaus")), *Niveau.choices]
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Notitie"),
        max_length=300,
        required=False,
        help_text=_("Wat er gebeurt, bijvoorbeeld: ouders gebeld, terugbelafspraak donderdag."),
    )
