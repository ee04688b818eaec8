"""Issue 16: the receipt and the "sent before" memory of the public form live in a signed,
HttpOnly cookie of the registration pages, not in a session (a session row per registration
was a quarter of the form's statements). Only the browser that sent the form sees its receipt."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from aanmelding.views_public import SENT_COOKIE, SENT_COOKIE_SALT

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
RECEIPT = reverse("aanmelding:ontvangen")


def test_the_receipt_comes_from_a_signed_httponly_cookie_and_no_session_row(
    client, personas, form_data
):
    response = client.post(URL, form_data())
    assert response.status_code == 302 and response.url == RECEIPT
    cookie = response.cookies[SENT_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == URL  # the form, the professional's form and the receipt only
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    reference = Aanmelding.objects.get().reference
    assert reference in client.get(RECEIPT).content.decode()
    assert not Session.objects.exists()


def test_a_receipt_cookie_that_is_not_ours_shows_nothing(client, personas, form_data):
    assert client.post(URL, form_data()).status_code == 302
    reference = Aanmelding.objects.get().reference
    stranger = Client()
    # Someone who knows (or guesses) a reference and writes it into the cookie himself.
    stranger.cookies[SENT_COOKIE] = reference
    assert stranger.get(RECEIPT).url == URL
    # Signed, but not by this site for this purpose.
    stranger.cookies[SENT_COOKIE] = signing.get_cookie_signer(salt=SENT_COOKIE + "x").sign(
        reference
    )
    assert stranger.get(RECEIPT).url == URL
    stranger.cookies[SENT_COOKIE] = signing.TimestampSigner(
        key="another site's secret key " * 3, salt=SENT_COOKIE + SENT_COOKIE_SALT
    ).sign(reference)
    assert stranger.get(RECEIPT).url == URL


def test_the_receipt_ends_when_a_session_would_have(client, personas, form_data, settings):
    assert client.post(URL, form_data()).status_code == 302
    reference = Aanmelding.objects.get().reference
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 30)
    with time_machine.travel(later):
        assert reference in client.get(RECEIPT).content.decode()
    with time_machine.travel(later + timedelta(seconds=60)):
        assert client.get(RECEIPT).url == URL


def test_over_https_the_cookie_is_secure_only(client, personas, form_data, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.post(URL, form_data(), secure=True)
    name = f"__Secure-{SENT_COOKIE}"
    assert response.cookies[name]["secure"]
    reference = Aanmelding.objects.get().reference
    assert reference in client.get(RECEIPT, secure=True).content.decode()


def test_the_newest_registration_of_this_browser_is_the_one_its_receipt_shows(
    client, personas, form_data
):
    assert client.post(URL, form_data()).status_code == 302
    assert client.post(URL, form_data(kind_first_name="Sem")).status_code == 302
    noor, sem = Aanmelding.objects.order_by("received_at", "pk")
    content = client.get(RECEIPT).content.decode()
    assert sem.reference in content and noor.reference not in content
