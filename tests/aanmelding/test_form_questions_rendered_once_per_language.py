"""Issue 16: the public form's questions (crispy fields) are rendered once per channel and
language and reused; everything that belongs to one visitor (the CSRF token, the submission
token, the signed start time, a form sent back with its values and errors) is rendered for
that request alone."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from aanmelding import views_public
from aanmelding.forms import FORM_STARTED_SALT
from bench.client import hidden_fields

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
PRO_URL = reverse("aanmelding:aanmelden_professional")
PER_REQUEST = re.compile(r'(name="(?:csrfmiddlewaretoken|started|submission_token)" value=")[^"]*')


@pytest.fixture(autouse=True)
def _empty_copy():
    views_public._empty_fields.clear()
    yield
    views_public._empty_fields.clear()


def _templates(response) -> set[str]:  # noqa: ANN001
    return {t.name for t in response.templates}


def _without_tokens(response) -> str:  # noqa: ANN001
    return PER_REQUEST.sub(r"\1…", response.content.decode())


def test_the_questions_are_rendered_once_and_the_page_is_the_same(client, monkeypatch):
    first = client.get(URL)
    second = client.get(URL)
    assert views_public.FIELDS_TEMPLATE in _templates(first)
    assert views_public.FIELDS_TEMPLATE not in _templates(second)
    assert not any(name.startswith("bootstrap5/") for name in _templates(second))
    # The page from the copy is the page rendered field by field.
    monkeypatch.setattr(views_public, "_fields_html", lambda form, professional: None)
    fresh = client.get(URL)
    assert views_public.FIELDS_TEMPLATE in _templates(fresh)
    assert _without_tokens(second) == _without_tokens(fresh)


def test_the_copy_holds_nothing_of_one_visitor(client):
    client.get(URL)
    client.get(PRO_URL)
    assert len(views_public._empty_fields) == 2
    for html in views_public._empty_fields.values():
        for per_request in ("csrfmiddlewaretoken", 'name="started"', 'name="submission_token"'):
            assert per_request not in html


def test_every_visitor_gets_their_own_tokens_and_can_send_the_form(
    client, personas, form_data, settings
):
    first = hidden_fields(client.get(URL).content)
    second = hidden_fields(client.get(URL).content)
    assert first["submission_token"] != second["submission_token"]
    assert first["started"] != second["started"]
    # Each start time is signed for its own form.
    assert (
        signing.loads(second["started"], salt=FORM_STARTED_SALT)["s"]
        == (second["submission_token"])
    )
    data = form_data(submission_token=second["submission_token"])
    response = client.post(URL, {**data, "csrfmiddlewaretoken": second["csrfmiddlewaretoken"]})
    assert response.status_code == 302


def test_each_language_and_channel_has_its_own_questions(client):
    dutch = client.get(URL).content.decode()
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    professional = client.get(PRO_URL).content.decode()
    assert "Voornaam van het kind" in dutch and "Child's first name" not in dutch
    assert "Child&#x27;s first name" in english or "Child's first name" in english
    assert "Voornaam van het kind" not in english
    assert "Waar werkt u?" in professional and "Waar werkt u?" not in dutch
    assert "Postcode van het gezin" in professional


def test_a_form_sent_back_shows_its_own_values_and_errors(client, personas, form_data):
    client.get(URL)  # the copy exists
    response = client.post(URL, form_data(postcode="12", kind_first_name="Sem"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Sem"' in content and 'value="12"' in content
    assert content.count("Vul een Nederlandse postcode in") == 2  # summary and at the field
