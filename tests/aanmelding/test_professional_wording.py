"""Issue 9, item 3: the professional's form, consent texts (own version) and confirmation mail
speak to the professional; their required fields carry the `*` like the others."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from aanmelding.constants import (
    TOESTEMMING_VERSIE,
    TOESTEMMING_VERSIE_PROFESSIONAL,
    Kanaal,
)
from aanmelding.models import Aanmelding
from ivh.outbox.services import outbox_sweep

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
PRO_URL = reverse("aanmelding:aanmelden_professional")

PROFESSIONAL = {
    "verwijzer_soort": "jgz",
    "verwijzer_name": "Anna Jansen",
    "verwijzer_organisatie": "Consultatiebureau Centrum",
    "verwijzer_email": "jgz@example.org",
    "ouders_op_de_hoogte": "on",
}


def _label(content: str, field: str) -> str:
    match = re.search(rf"<label\s+for=\"id_{field}\"[^>]*>(.*?)</label>", content, re.S)
    assert match, field
    return match.group(1)


def test_the_professional_form_speaks_about_the_parents_child(client, db):
    content = client.get(PRO_URL).content.decode()
    assert "Een kind aanmelden als professional" in content
    assert "De ouders geven toestemming: hun kind mag besproken worden" in content
    assert "Vink alleen aan waar de ouders toestemming voor geven" in content
    for parents_words in ("mijn kind", "uw kind", "met mij"):
        assert parents_words not in content, parents_words
    # And the parents' form still speaks to the parent, with a way to the professional's.
    parent = client.get(URL).content.decode()
    assert "mijn kind mag besproken worden" in parent
    assert PRO_URL in parent and "Waar werkt u?" not in parent


@pytest.mark.parametrize(
    "field", ["verwijzer_soort", "verwijzer_name", "verwijzer_organisatie", "ouders_op_de_hoogte"]
)
def test_required_professional_fields_carry_the_asterisk(client, db, field):
    content = client.get(PRO_URL).content.decode()
    assert "asteriskField" in _label(content, field)
    assert "asteriskField" in _label(content, "kind_first_name")  # as the others do


def test_the_professionals_consent_is_stored_with_the_professional_text_version(
    client, personas, form_data
):
    assert client.post(PRO_URL, form_data(**PROFESSIONAL)).status_code == 302
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.kanaal == Kanaal.PROFESSIONAL
    assert {t.tekst_versie for t in aanmelding.toestemmingen.all()} == {
        TOESTEMMING_VERSIE_PROFESSIONAL
    }
    assert TOESTEMMING_VERSIE_PROFESSIONAL != TOESTEMMING_VERSIE
    receipt = client.get(reverse("aanmelding:ontvangen")).content.decode()
    assert "contact op met de ouders" in receipt and "uw kind" not in receipt


def test_a_kanaal_sent_along_cannot_turn_the_parents_form_into_a_professionals(
    client, personas, form_data
):
    client.post(URL, form_data(kanaal="professional", **PROFESSIONAL))
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.kanaal == Kanaal.OUDER and aanmelding.verwijzer_name == ""
    assert {t.tekst_versie for t in aanmelding.toestemmingen.all()} == {TOESTEMMING_VERSIE}


def test_each_confirmation_mail_is_in_its_readers_words(client, personas, form_data):
    client.post(PRO_URL, form_data(ouder_email="ouder@example.org", **PROFESSIONAL))
    reference = Aanmelding.objects.get().reference
    assert outbox_sweep() == {"sent": 2}
    by_address = {message.to[0]: message for message in mail.outbox}
    professional = by_address["jgz@example.org"]
    assert reference in professional.body
    assert "contact op met de ouders" in professional.body
    assert "geen informatie over het kind" in professional.body
    assert "uw kind" not in professional.body
    parent = by_address["ouder@example.org"]
    assert parent.subject.startswith("Uw kind is aangemeld bij Integrale Vroeghulp")
    assert "Een professional heeft uw kind met uw toestemming aangemeld" in parent.body
    for message in (professional, parent):
        assert "Noor" not in message.body and "praat" not in message.body
