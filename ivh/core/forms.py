"""Form pieces every app uses."""

from typing import cast

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker; the value in ISO format, which that picker requires."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """`form.fields[name]` as the model choice field it is (`fields` holds plain `Field`s for
    the type checker), to set its queryset or labels in `__init__`."""
    return cast(forms.ModelChoiceField, form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """`form.fields[name]` as the choice field it is, to set its choices in `__init__`."""
    return cast(forms.ChoiceField, form.fields[name])
