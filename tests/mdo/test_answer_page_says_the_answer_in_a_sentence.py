"""The invitation's answer page tells the parents (and an invited expert) what they answered in a
whole sentence, in Dutch and in English ("U heeft geantwoord dat u komt."), never the bare
label of the choice ("Uw antwoord: Komt")."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mdo import services
from mdo.constants import Antwoord
from mdo.tokens import antwoord_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """The test client's request leaves its language active in this thread: restore it, so
    the tests after these do not run in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def ouders(personas, mdo, traject):
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    return services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)


def answer_page(client: Client, deelnemer, language: str, antwoord: str | None = None) -> str:  # noqa: ANN001
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("mdo:antwoord", args=[antwoord_token(deelnemer)])
    if antwoord is not None:
        deelnemer.mdo.refresh_from_db()
        response = client.post(
            url, {"antwoord": antwoord, "sequence": deelnemer.mdo.sequence}, follow=True
        )
    else:
        response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("language", "antwoord", "sentence"),
    [
        ("nl", Antwoord.KOMT, "U heeft geantwoord dat u komt."),
        ("nl", Antwoord.KOMT_NIET, "U heeft geantwoord dat u niet komt."),
        ("en", Antwoord.KOMT, "You have replied that you will come."),
        ("en", Antwoord.KOMT_NIET, "You have replied that you will not come."),
    ],
)
def test_after_answering_the_parents_read_their_answer_as_a_sentence(
    client, ouders, language, antwoord, sentence
):
    page = answer_page(client, ouders, language, antwoord)
    ouders.refresh_from_db()
    assert ouders.antwoord == antwoord
    assert sentence in page
    # Not the choice's bare label behind a colon.
    for label in ("Komt", "Komt niet", "Coming", "Not coming"):
        assert f"<strong>{label}</strong>" not in page
    assert "Uw antwoord</dt>" not in page and "Your answer</dt>" not in page


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "U heeft nog niet geantwoord. Laat hieronder weten of u komt."),
        ("en", "You have not replied yet. Let us know below whether you will come."),
    ],
)
def test_before_answering_the_page_says_there_is_no_answer_yet(client, ouders, language, sentence):
    page = answer_page(client, ouders, language)
    assert sentence in page
    assert "Nog geen antwoord" not in page and "No answer yet" not in page
