"""The end of every action view (one POST view per action): run the transition, or show the
page again with what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Invalid input, or a step the service refuses in the current state: the page again.
INVALID = 400


def action_response(
    request: HttpRequest,
    form: forms.Form | None,
    perform: Callable[[dict[str, Any]], str],
    *,
    success_url: str,
    page: Callable[[], HttpResponse],
    errors_at_top: bool = False,
) -> HttpResponse:
    """With valid input `perform(cleaned_data)` runs the transition and returns the message
    for the person, who is sent on to `success_url` (POST, redirect, GET).

    Invalid input shows `page` again (status 400) with the errors at the form and what was
    typed. `errors_at_top`: the form has no visible fields (a button in a row that names its
    row), so its errors go to the top of the page. A transition the service refuses
    (ValidationError) shows its reason at the top of the page, or at the form's fields when it
    names them (`ValidationError({"datum": ...})`). `form` None: no input."""
    if form is not None and not form.is_valid():
        if errors_at_top:
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, str(text))
        return _again(page)
    try:
        message = perform(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is not None and not errors_at_top and _names_fields_of(error, form):
            # The service refuses a value the person typed: shown at that field.
            form.add_error(None, error)
        else:
            for text in error.messages:
                messages.error(request, text)
        return _again(page)
    messages.success(request, message)
    return redirect(success_url)


def _names_fields_of(error: ValidationError, form: forms.Form) -> bool:
    """Whether the service's refusal names fields (`ValidationError({"datum": ...})`) that are
    all on this form."""
    return hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields)


def _again(page: Callable[[], HttpResponse]) -> HttpResponse:
    response = page()
    response.status_code = INVALID
    return response
