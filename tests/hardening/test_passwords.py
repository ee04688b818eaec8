"""Passwords: hashed with Argon2id (older hashes upgraded at the next login), at least twelve
characters, and refused when they or a simple variant of them are on a breached-password list,
which is checked offline."""

import socket

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from ivh.accounts.passwords import BreachedPasswordValidator, is_breached
from ivh.settings import base
from tests.accounts.factories import PASSWORD

LOGIN = reverse("accounts:login")


@pytest.fixture
def production_hashers(settings):
    # The suite itself hashes with MD5 for speed (ivh/settings/test.py); these are the real ones.
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_argon2_is_the_hasher_for_new_passwords(production_hashers):
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = make_password("een lange zin als wachtwoord")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("een lange zin als wachtwoord", encoded)


def test_an_old_pbkdf2_hash_is_rehashed_with_argon2_at_the_next_login(
    client, personas, production_hashers
):
    user = personas.coordinator
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


def test_a_wrong_password_does_not_rehash(client, personas, production_hashers):
    user = personas.coordinator
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    client.post(LOGIN, {"username": user.email, "password": "verkeerd-wachtwoord-99"})
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")


@pytest.mark.parametrize(
    "password",
    [
        "wachtwoord",  # Dutch list
        "Wachtwoord2024!",  # a listed word dressed up
        "W4chtw00rd!!2025",  # with digits for letters
        "password123456",  # Django's and zxcvbn's lists
        "!!Welkom01!!2026",
        "Vroeghulp2026!",  # the organisation's own name
        "qwertyuiop1234",
    ],
)
def test_breached_passwords_and_simple_variants_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        BreachedPasswordValidator().validate(password)
    assert refused.value.error_list[0].code == "password_breached"
    assert "uitgelekte wachtwoorden" in refused.value.messages[0]


@pytest.mark.parametrize(
    "password",
    ["een-goed-wachtwoord-2026", "Mijn fiets staat bij de bakker", "tulpenbol-kanaal-regen-77"],
)
def test_a_passphrase_is_accepted(password):
    assert not is_breached(password)
    validate_password(password)  # every configured rule


def test_the_rules_in_force_are_length_twelve_and_the_breached_list(db):
    with pytest.raises(ValidationError) as short:
        validate_password("Kort-w00rd!")
    assert any("minimaal 12" in m or "at least 12" in m for m in short.value.messages)
    with pytest.raises(ValidationError) as listed:
        validate_password("Wachtwoord2024!")
    assert any("uitgelekte" in m for m in listed.value.messages)


def test_the_check_makes_no_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the breached-password check tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert is_breached("Zomer2024!!")
    assert not is_breached("Mijn fiets staat bij de bakker")
