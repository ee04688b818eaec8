"""Form pieces every app uses."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker; the value in ISO format, which that picker requires."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
