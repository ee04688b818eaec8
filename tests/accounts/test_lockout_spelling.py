"""The login lockout counts per account, however the e-mail address is typed: capitals and
spaces neither buy new guesses nor open a locked account."""

import pytest
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.db import IntegrityError, transaction
from django.urls import reverse

from ivh.accounts.forms import EmailAuthenticationForm
from ivh.accounts.models import User
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _spellings(email: str) -> list[str]:
    return [email, email.capitalize(), email.upper(), f"  {email.capitalize()} "]


def test_another_spelling_with_the_right_password_does_not_open_a_locked_account(client, personas):
    email = personas.casemanager.email
    for _ in range(5):
        client.post(LOGIN, {"username": email, "password": "verkeerd"})
    for spelling in _spellings(email):
        response = client.post(LOGIN, {"username": spelling, "password": PASSWORD})
        assert response.status_code == 429, spelling
        assert client.get(reverse("core:start")).status_code == 302  # not logged in
    # Still locked for the original spelling too: no spelling cleared the lock.
    assert client.post(LOGIN, {"username": email, "password": PASSWORD}).status_code == 429


def test_guesses_spread_over_spellings_count_for_one_account(client, personas):
    email = personas.casemanager.email
    spellings = _spellings(email)
    for i in range(5):
        client.post(LOGIN, {"username": spellings[i % len(spellings)], "password": "verkeerd"})
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        (email, 5)
    ]
    assert client.post(LOGIN, {"username": email, "password": PASSWORD}).status_code == 429


def test_the_account_of_another_person_is_not_locked_by_these_guesses(client, personas):
    email = personas.casemanager.email
    for _ in range(5):
        client.post(LOGIN, {"username": email.upper(), "password": "verkeerd"})
    other = personas.coordinator.email.upper()
    assert client.post(LOGIN, {"username": other, "password": PASSWORD}).status_code == 302


def test_a_right_login_in_another_spelling_resets_the_count_for_the_account(client, personas):
    email = personas.casemanager.email
    for _ in range(4):
        client.post(LOGIN, {"username": email.upper(), "password": "verkeerd"})
    assert client.post(LOGIN, {"username": email, "password": PASSWORD}).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_lockout_and_the_login_form_use_one_spelling(rf):
    request = rf.post(LOGIN, {"username": " Jan@Example.ORG "})
    # What axes keys on, through AXES_USERNAME_CALLABLE.
    assert get_client_username(request, {"username": " Jan@Example.ORG "}) == "jan@example.org"
    assert get_client_username(request) == "jan@example.org"  # from the POST
    form = EmailAuthenticationForm(request, data={"username": " Jan@Example.ORG ", "password": "x"})
    form.is_valid()
    assert form.cleaned_data["username"] == "jan@example.org"


def test_addresses_are_stored_lower_case_and_unique_whatever_the_case():
    user = User.objects.create_user(
        "Jan.De.Vries@Example.org", "een-lang-wachtwoord", full_name="J"
    )
    assert user.email == "jan.de.vries@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="JAN.de.vries@example.org", full_name="Dubbel")
