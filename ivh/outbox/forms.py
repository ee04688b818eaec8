from __future__ import annotations

from typing import Any

from django import forms

from .models import Delivery
from .registry import StaffKind


class PreferencesForm(forms.Form):
    """One choice per kind of staff message; the safety kinds offer no "niet"."""

    def __init__(self, *args: Any, kinds: list[StaffKind], current: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            choices = [c for c in Delivery.choices if not (kind.safety and c[0] == Delivery.OFF)]
            self.fields[kind.kind] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.kind, Delivery.DIRECT),
            )
