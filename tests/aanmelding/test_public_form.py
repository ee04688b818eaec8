"""The public registration: what is stored, what the parent sees, and what is refused."""

import re
import secrets
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from aanmelding.constants import TOESTEMMING_VERSIE, Status
from aanmelding.models import Aanmelding
from ivh.outbox.services import outbox_sweep

pytestmark = pytest.mark.django_db

URL = reverse("aanmelding:aanmelden")
PRO_URL = reverse("aanmelding:aanmelden_professional")


def test_the_form_opens_without_login(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Aanmelden bij Integrale Vroeghulp" in response.content.decode()


def test_a_parent_registers_and_gets_a_reference(client, personas, form_data):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    aanmelding = Aanmelding.objects.get()
    receipt = client.get(response.url).content.decode()
    assert aanmelding.reference in receipt
    assert "binnen 5 werkdagen contact" in receipt
    assert aanmelding.status == Status.NIEUW
    assert aanmelding.kind_first_name == "Noor"
    assert aanmelding.postcode == "2511 AB"
    assert aanmelding.zorg_domeinen == ["spraak_taal", "sociaal_emotioneel"]
    assert aanmelding.received_at is not None


def test_postcode_routes_to_gemeente_and_region(client, personas, form_data):
    client.post(URL, form_data(postcode="4331ab"))
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.gemeente == personas.other_gemeente
    assert aanmelding.region == personas.other_region
    assert aanmelding.postcode == "4331 AB"


def test_a_postcode_outside_every_region_is_still_saved_for_forwarding(client, personas, form_data):
    response = client.post(URL, form_data(postcode="9999 ZZ"))
    assert response.status_code == 302
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.region is None and aanmelding.gemeente is None
    assert "Wij zoeken uit welk aanmeldpunt bij u past" in client.get(response.url).content.decode()


def test_each_consent_is_stored_with_text_version_and_time(client, personas, form_data):
    client.post(
        URL,
        form_data(
            toestemming_mdo=None,
            toestemming_partners="on",
            partners_namen="Huisarts en kinderopvang",
        ),
    )
    consents = {t.doel: t for t in Aanmelding.objects.get().toestemmingen.all()}
    assert consents["informatie"].gegeven is True
    assert consents["mdo"].gegeven is False
    assert consents["partners"].gegeven is True
    assert consents["partners"].toelichting == "Huisarts en kinderopvang"
    assert {t.tekst_versie for t in consents.values()} == {TOESTEMMING_VERSIE}
    assert all(t.recorded_at is not None for t in consents.values())


def test_naming_partners_is_required_when_sharing_with_them(client, personas, form_data):
    response = client.post(URL, form_data(toestemming_partners="on"))
    assert "Noem de organisaties" in response.content.decode()
    assert not Aanmelding.objects.exists()


def test_invalid_input_shows_dutch_errors_at_the_field_and_on_top_and_keeps_everything(
    client, personas, form_data
):
    response = client.post(
        URL, form_data(ouder_telefoon="", ouder_email="geen-adres", postcode="12")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Er ging iets mis. Kijk de volgende punten na" in content
    assert "Dit e-mailadres klopt niet" in content
    assert "Vul een Nederlandse postcode in" in content
    assert content.count("Vul een Nederlandse postcode in") == 2  # summary and next to the field
    # Nothing typed is lost.
    assert 'value="Fatima Bakker"' in content
    assert "Noor praat nog bijna niet en schrikt snel." in content
    assert 'value="geen-adres"' in content
    assert re.search(r'value="spraak_taal"\s+id="id_zorg_domeinen_1" checked', content)
    assert not Aanmelding.objects.exists()


def test_a_child_of_seven_is_told_where_to_go_instead(client, personas, form_data):
    today = date.today()
    born = (
        date(today.year - 7, today.month, today.day)
        if not (today.month == 2 and today.day == 29)
        else date(today.year - 7, 2, 28)
    )
    response = client.post(URL, form_data(kind_geboortedatum=born.isoformat()))
    content = response.content.decode()
    assert "Integrale Vroeghulp is er voor kinderen tot 7 jaar" in content
    assert "wijkteam" in content
    assert not Aanmelding.objects.exists()


def test_a_child_one_day_before_seven_is_accepted(client, personas, form_data):
    today = date.today()
    born = (
        date(today.year - 7, today.month, today.day) + timedelta(days=1)
        if today.month != 2
        else date(today.year - 7, 3, 1) + timedelta(days=1)
    )
    assert client.post(URL, form_data(kind_geboortedatum=born.isoformat())).status_code == 302


def test_a_birth_date_in_the_future_is_explained(client, personas, form_data):
    response = client.post(
        URL, form_data(kind_geboortedatum=(date.today() + timedelta(days=30)).isoformat())
    )
    content = response.content.decode()
    assert "Deze datum ligt in de toekomst" in content
    assert "consultatiebureau" in content
    assert not Aanmelding.objects.exists()


def test_a_professional_must_say_who_they_are_and_that_parents_agree(client, personas, form_data):
    response = client.post(PRO_URL, form_data())
    content = response.content.decode()
    assert "Kies waar u werkt" in content
    assert "U kunt een kind alleen aanmelden als de ouders het weten" in content
    assert not Aanmelding.objects.exists()

    ok = client.post(
        PRO_URL,
        form_data(
            verwijzer_soort="huisarts",
            verwijzer_name="Dr. Jansen",
            verwijzer_organisatie="Huisartsenpraktijk",
            verwijzer_email="praktijk@example.org",
            ouders_op_de_hoogte="on",
        ),
    )
    assert ok.status_code == 302
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.kanaal == "professional" and aanmelding.verwijzer_soort == "huisarts"


def test_parents_registration_drops_referrer_fields_typed_by_mistake(client, personas, form_data):
    client.post(URL, form_data(verwijzer_name="Iemand"))
    assert Aanmelding.objects.get().verwijzer_name == ""


def test_a_double_submit_creates_one_registration(client, personas, form_data):
    data = form_data()
    first = client.post(URL, data)
    second = client.post(URL, data)  # back button and send again, or a double click
    assert first.status_code == second.status_code == 302
    assert Aanmelding.objects.count() == 1
    assert Aanmelding.objects.get().reference in client.get(second.url).content.decode()


def test_the_honeypot_refuses_robots_and_keeps_the_input(client, personas, form_data):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "Het formulier is niet verstuurd" in response.content.decode()
    assert 'value="Fatima Bakker"' in response.content.decode()
    assert not Aanmelding.objects.exists()


def test_a_form_sent_back_within_seconds_is_refused(client, personas, form_data):
    fresh = client.get(URL).context["form"].initial["started"]
    response = client.post(URL, form_data(started=fresh))
    assert response.status_code == 400
    assert not Aanmelding.objects.exists()


def test_the_form_is_rate_limited_per_address_without_losing_input(
    client, personas, form_data, settings
):
    settings.IVH_AANMELDING_RATE_PER_IP = "2/h"
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    # Three different children, as from an office with several staff behind one address.
    statuses = [
        client.post(URL, form_data(kind_first_name=name), REMOTE_ADDR=address).status_code
        for name in ("Noor", "Daan", "Lina")
    ]
    assert statuses == [302, 302, 429]
    last = client.post(URL, form_data(kind_first_name="Sem"), REMOTE_ADDR=address)
    assert last.status_code == 429
    assert "veel aanmeldingen kort na elkaar" in last.content.decode()
    assert 'value="Sem"' in last.content.decode()
    assert Aanmelding.objects.count() == 2


def _fresh_address() -> str:
    # A fresh address per run: counters live in Redis for the length of the window.
    return "10.{}.{}.{}".format(*secrets.token_bytes(3))


def test_a_parent_who_makes_three_typing_mistakes_is_never_blocked(
    client, personas, form_data, settings
):
    settings.IVH_AANMELDING_RATE_PER_IP = "1/h"
    address = _fresh_address()
    data = form_data()
    mistakes = [
        {"postcode": "12"},
        {"kind_geboortedatum": "31-02-2024"},
        {"ouder_telefoon": "", "ouder_email": "fatima@"},
    ]
    for mistake in mistakes:
        response = client.post(URL, {**data, **mistake}, REMOTE_ADDR=address)
        assert response.status_code == 200
        assert "Er ging iets mis" in response.content.decode()
    assert client.post(URL, data, REMOTE_ADDR=address).status_code == 302
    assert Aanmelding.objects.count() == 1


def test_the_same_form_sent_again_at_the_limit_shows_the_receipt(
    client, personas, form_data, settings
):
    settings.IVH_AANMELDING_RATE_PER_IP = "1/h"
    address = _fresh_address()
    data = form_data()
    assert client.post(URL, data, REMOTE_ADDR=address).status_code == 302
    again = client.post(URL, data, REMOTE_ADDR=address)  # back button, send again
    assert again.status_code == 302
    assert Aanmelding.objects.get().reference in client.get(again.url).content.decode()
    # A new registration (another child) from the same address is over the limit.
    assert (
        client.post(URL, form_data(kind_first_name="Sem"), REMOTE_ADDR=address).status_code == 429
    )
    assert Aanmelding.objects.count() == 1


def test_robots_count_toward_the_limit(client, personas, form_data, settings):
    settings.IVH_AANMELDING_RATE_PER_IP = "2/h"
    address = _fresh_address()
    for _ in range(2):
        spam = client.post(URL, form_data(website="http://spam.example"), REMOTE_ADDR=address)
        assert spam.status_code == 400
    assert client.post(URL, form_data(), REMOTE_ADDR=address).status_code == 429
    assert not Aanmelding.objects.exists()


@pytest.fixture
def phones(personas):
    personas.region.aanmeldpunt_telefoon = "070 111 22 33"
    personas.region.save()
    personas.other_region.aanmeldpunt_telefoon = "0118 44 55 66"
    personas.other_region.save()


def _blocked(client, form_data, **overrides: object):
    address = _fresh_address()
    assert client.post(URL, form_data(), REMOTE_ADDR=address).status_code == 302
    response = client.post(
        URL, form_data(**{"kind_first_name": "Sem", **overrides}), REMOTE_ADDR=address
    )
    assert response.status_code == 429
    return response.content.decode()


def test_the_block_names_the_phone_number_of_the_postcodes_aanmeldpunt(
    client, personas, phones, form_data, settings
):
    settings.IVH_AANMELDING_RATE_PER_IP = "1/h"
    content = _blocked(client, form_data, postcode="4331 AB")  # Middelburg, Zeeland
    assert "0118 44 55 66" in content
    assert 'href="tel:0118445566"' in content
    assert "070 111 22 33" not in content


def test_the_block_lists_every_aanmeldpunt_when_the_postcode_is_unknown(
    client, personas, phones, form_data, settings
):
    settings.IVH_AANMELDING_RATE_PER_IP = "1/h"
    content = _blocked(client, form_data, postcode="9999 ZZ")
    assert "0118 44 55 66" in content and "070 111 22 33" in content


def test_the_block_shows_the_general_number_when_one_is_set_and_the_region_unknown(
    client, personas, phones, form_data, settings
):
    settings.IVH_AANMELDING_RATE_PER_IP = "1/h"
    settings.IVH_AANMELDPUNT_TELEFOON = "088 123 45 67"
    content = _blocked(client, form_data, postcode="12")
    assert "088 123 45 67" in content
    assert "0118 44 55 66" not in content and "070 111 22 33" not in content


def test_receipt_is_only_shown_to_the_browser_that_sent_it(client, personas, form_data):
    from django.test import Client

    response = client.post(URL, form_data())
    other = Client().get(response.url)
    assert other.status_code == 302
    assert other.url == URL


def test_the_confirmation_email_carries_no_child_data(
    client, personas, form_data, django_capture_on_commit_callbacks
):
    client.post(URL, form_data(ouder_email="ouder@example.org"))
    aanmelding = Aanmelding.objects.get()
    assert outbox_sweep() == {"sent": 1}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert aanmelding.reference in text
    assert message.to == ["ouder@example.org"]
    for secret in [
        "Noor",
        "praat",
        "schrikt",
        "Bakker",
        aanmelding.kind_geboortedatum.isoformat(),
        aanmelding.kind_geboortedatum.strftime("%d-%m-%Y"),
        "spraak",
        "2511",
    ]:
        assert secret not in text, secret
    # Sending again sends nothing twice.
    assert outbox_sweep() == {}
    assert len(mail.outbox) == 1


def test_free_text_is_escaped_on_output(client, personas, form_data, login):
    client.post(URL, form_data(zorg="<script>alert('x')</script>", kind_first_name="<b>Noor</b>"))
    aanmelding = Aanmelding.objects.get()
    content = (
        login(personas.coordinator)
        .get(reverse("casemanagement:intake", args=[aanmelding.pk]))
        .content.decode()
    )
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "<b>Noor</b>" not in content


def test_the_sweep_sends_what_was_not_sent_once(personas, form_data, client):
    client.post(URL, form_data())
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.confirmation_sent_at is None
    assert outbox_sweep() == {"sent": 1}
    assert outbox_sweep() == {}
    assert len(mail.outbox) == 1
    aanmelding.refresh_from_db()
    assert aanmelding.confirmation_sent_at is not None
