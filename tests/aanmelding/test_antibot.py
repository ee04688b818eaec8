"""Spam protection of the public form: the signed start time works for one registration only and
for a few hours; invisible control and format characters are refused, kindly."""

import re
import time
import uuid

import pytest
from django.core import signing
from django.urls import reverse

from aanmelding.forms import FORM_STARTED_SALT, sign_started
from aanmelding.models import Aanmelding

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
RLO = "\u202e"  # right-to-left override: "Fatima\u202ekkab" shows as "Fatimabakk"


def _hidden(content: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', content).group(1)


def test_the_start_time_handed_out_with_the_form_serves_that_form(client, personas, form_data):
    page = client.get(URL).content.decode()
    started, token = _hidden(page, "started"), _hidden(page, "submission_token")
    payload = signing.loads(started, salt=FORM_STARTED_SALT)
    assert payload["s"] == token
    # As if the parent had typed for a minute.
    data = form_data(submission_token=token)
    data["started"] = sign_started(submission_token=token, at=payload["t"] - 60)
    assert client.post(URL, data).status_code == 302


def test_a_start_time_cannot_be_used_with_another_submission_token(client, personas, form_data):
    started = sign_started(submission_token=uuid.uuid4(), at=time.time() - 60)
    response = client.post(URL, form_data(started=started))
    assert response.status_code == 400
    assert "Het formulier is niet verstuurd" in response.content.decode()
    assert not Aanmelding.objects.exists()


def test_one_start_time_yields_one_registration(client, personas, form_data):
    data = form_data()
    assert client.post(URL, data).status_code == 302
    # A robot keeps the start time and sends other children from other addresses: with the
    # same token nothing new is saved, with a new token the start time is refused.
    for i, name in enumerate(["Sem", "Lotte", "Daan"]):
        address = f"192.0.2.{i + 1}"
        client.post(URL, {**data, "kind_first_name": name}, REMOTE_ADDR=address)
        other_token = {**data, "kind_first_name": name, "submission_token": str(uuid.uuid4())}
        assert client.post(URL, other_token, REMOTE_ADDR=address).status_code == 400
    assert list(Aanmelding.objects.values_list("kind_first_name", flat=True)) == ["Noor"]


def test_an_unbound_start_time_of_the_old_kind_is_refused(client, personas, form_data):
    # What the form handed out before: a signed time valid for 24 hours, for any token.
    old = signing.dumps(time.time() - 60, salt=FORM_STARTED_SALT)
    assert client.post(URL, form_data(started=old)).status_code == 400
    assert not Aanmelding.objects.exists()


def test_a_forged_start_time_is_refused(client, personas, form_data):
    data = form_data()
    data["started"] = data["started"][:-3] + "abc"
    assert client.post(URL, data).status_code == 400
    assert client.post(URL, form_data(started="")).status_code == 400
    assert not Aanmelding.objects.exists()


def test_a_form_sent_back_within_seconds_is_refused_even_with_its_own_token(
    client, personas, form_data
):
    data = form_data()
    data["started"] = sign_started(submission_token=data["submission_token"])
    assert client.post(URL, data).status_code == 400
    assert not Aanmelding.objects.exists()


def test_a_form_open_for_hours_comes_back_with_everything_typed_and_then_goes_through(
    client, personas, form_data, settings
):
    settings.IVH_AANMELDING_MAX_HOURS = 3
    data = form_data()
    data["started"] = sign_started(
        submission_token=data["submission_token"], at=time.time() - 3 * 3600 - 60
    )
    response = client.post(URL, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Het formulier stond lang open" in content
    assert 'value="Fatima Bakker"' in content
    assert not Aanmelding.objects.exists()
    renewed = _hidden(content, "started")
    assert renewed != data["started"]
    assert signing.loads(renewed, salt=FORM_STARTED_SALT)["s"] == data["submission_token"]

    settings.IVH_AANMELDING_MIN_SECONDS = 0  # the parent looks it over and sends it again
    assert client.post(URL, {**data, "started": renewed}).status_code == 302
    assert Aanmelding.objects.count() == 1


def test_a_start_time_just_within_the_hours_is_accepted(client, personas, form_data, settings):
    settings.IVH_AANMELDING_MAX_HOURS = 3
    data = form_data()
    data["started"] = sign_started(
        submission_token=data["submission_token"], at=time.time() - 3 * 3600 + 60
    )
    assert client.post(URL, data).status_code == 302


@pytest.mark.parametrize(
    "field",
    [
        "kind_first_name",
        "ouder_name",
        "zorg",
        "betrokken",
        "partners_namen",
        "verwijzer_name",
        "verwijzer_organisatie",
    ],
)
def test_a_right_to_left_override_is_refused_in_every_text_field(
    client, personas, form_data, field
):
    professional = {
        "verwijzer_soort": "huisarts",
        "verwijzer_name": "Dr. Jansen",
        "verwijzer_organisatie": "Huisartsenpraktijk",
        "verwijzer_email": "praktijk@example.org",
        "ouders_op_de_hoogte": "on",
        "toestemming_partners": "on",
        "partners_namen": "Huisarts",
    }
    data = form_data(**professional)
    data[field] = f"Fatima{RLO}kkab"
    response = client.post(reverse("aanmelding:aanmelden_professional"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hier stond een onzichtbaar teken in" in content
    assert RLO not in content
    assert "Fatimakkab" in content  # what was typed, without the invisible character
    assert not Aanmelding.objects.exists()


def test_after_the_hidden_character_is_taken_out_the_registration_goes_through(
    client, personas, form_data
):
    data = form_data(ouder_name=f"Fatima{RLO} Bakker")
    assert client.post(URL, data).status_code == 200
    assert client.post(URL, {**data, "ouder_name": "Fatima Bakker"}).status_code == 302
    assert Aanmelding.objects.get().ouder_name == "Fatima Bakker"


@pytest.mark.parametrize(
    "character",
    ["\u200b", "\u2066", "\u200f", "\ufeff", "\x00", "\x1b", "\u00ad"],
    ids=["zero-width-space", "isolate", "rtl-mark", "bom", "nul", "escape", "soft-hyphen"],
)
def test_other_control_and_format_characters_are_refused(client, personas, form_data, character):
    response = client.post(URL, form_data(kind_first_name=f"No{character}or"))
    assert "Hier stond een onzichtbaar teken in" in response.content.decode()
    assert not Aanmelding.objects.exists()


def test_an_e_mail_address_with_a_hidden_character_gets_that_explanation(
    client, personas, form_data
):
    response = client.post(URL, form_data(ouder_email=f"fatima{RLO}@example.org"))
    content = response.content.decode()
    assert "Hier stond een onzichtbaar teken in" in content
    assert "Dit e-mailadres klopt niet" not in content
    assert 'value="fatima@example.org"' in content


def test_line_breaks_in_the_concerns_and_joiners_in_names_are_kept(client, personas, form_data):
    # Persian names need the zero-width non-joiner; the concerns may run over several lines.
    data = form_data(
        ouder_name="مهر\u200cانگیز Rostami",
        zorg="Noor praat nog bijna niet.\r\nZe schrikt snel.\tOok 's nachts.",
    )
    assert client.post(URL, data).status_code == 302
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.ouder_name == "مهر\u200cانگیز Rostami"
    assert "\n" in aanmelding.zorg


def test_a_line_break_in_a_one_line_field_is_refused(client, personas, form_data):
    response = client.post(URL, form_data(kind_first_name="No\nor"))
    assert "Hier stond een onzichtbaar teken in" in response.content.decode()
    assert not Aanmelding.objects.exists()
