"""Contacts, plan versions, agreement, referrals, closure, survey and the parents' own view."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from casemanagement import services
from casemanagement.constants import Fase
from casemanagement.models import OuderLink, OuderVraag, PlanVersie, Tevredenheid
from ivh.audit.models import AccessLogEntry
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_sweep
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db

DOELEN = [
    {"domein": "spraak_taal", "omschrijving": "Noor zegt 20 woordjes"},
    {"domein": "gedrag", "omschrijving": "Minder driftbuien"},
]
ACTIES = [
    {
        "wat": "Logopedie",
        "wie": "organisatie",
        "organisatie_id": None,
        "organisatie_naam": "Logopedie X",
        "wanneer": "2027-01-15",
        "status": "open",
    }
]


def _plan(traject, by, **overrides):  # noqa: ANN001, ANN202
    kwargs = {
        "gezinsvraag": "Hoe helpen we Noor praten?",
        "doelen": DOELEN,
        "acties": ACTIES,
        "evaluatie_datum": timezone.localdate() + timedelta(days=180),
        "wijziging": "",
    }
    kwargs.update(overrides)
    return services.plan_save_version(traject=traject, by=by, **kwargs)


def test_contact_is_logged_and_only_its_author_may_correct_it_for_a_while(
    personas, traject, settings
):
    contact = services.contact_log(
        traject=traject,
        by=personas.casemanager,
        datum=timezone.localdate(),
        soort="huisbezoek",
        minuten=45,
        notitie="Kennismaking thuis",
    )
    assert services.contact_editable_by(contact, personas.casemanager)
    assert not services.contact_editable_by(contact, personas.coordinator)
    services.contact_update(
        contact=contact,
        by=personas.casemanager,
        datum=contact.datum,
        soort="huisbezoek",
        minuten=60,
        notitie="Kennismaking thuis, met oma",
    )
    assert contact.events.count() == 2  # insert and update kept in the history
    contact.created_at -= timedelta(hours=settings.IVH_CONTACT_EDIT_HOURS + 1)
    contact.save()
    with pytest.raises(PermissionDenied):
        services.contact_update(
            contact=contact,
            by=personas.casemanager,
            datum=contact.datum,
            soort="huisbezoek",
            minuten=10,
            notitie="",
        )


def test_contact_in_the_future_is_refused(personas, traject):
    with pytest.raises(ValidationError):
        services.contact_log(
            traject=traject,
            by=personas.casemanager,
            datum=timezone.localdate() + timedelta(days=1),
            soort="telefonisch",
            minuten=5,
            notitie="",
        )


def test_contact_form_on_the_traject_page(personas, login, traject):
    client = login(personas.casemanager)
    url = reverse("casemanagement:traject_contact", args=[traject.pk])
    bad = client.post(
        url,
        {
            "contact-datum": timezone.localdate().isoformat(),
            "contact-soort": "telefonisch",
            "contact-minuten": "0",
            "contact-notitie": "kort",
        },
    )
    assert bad.status_code == 400
    assert "Minimaal 1 minuut" in bad.content.decode()
    assert "kort</textarea>" in bad.content.decode()
    ok = client.post(
        url,
        {
            "contact-datum": timezone.localdate().isoformat(),
            "contact-soort": "telefonisch",
            "contact-minuten": "15",
            "contact-notitie": "kort",
        },
    )
    assert ok.status_code == 302
    assert ok.url == reverse("casemanagement:traject", args=[traject.pk])
    assert traject.contacten.get().minuten == 15


def test_phases_move_only_along_allowed_steps(personas, traject):
    with pytest.raises(ValidationError):
        services.traject_set_fase(traject=traject, by=personas.casemanager, fase=Fase.EVALUATIE)
    services.traject_set_fase(traject=traject, by=personas.casemanager, fase=Fase.PLAN)
    traject.refresh_from_db()
    assert traject.fase == Fase.PLAN
    with pytest.raises(PermissionDenied):
        services.traject_set_fase(
            traject=traject, by=personas.colleague_casemanager, fase=Fase.UITVOERING
        )


def test_every_plan_change_makes_a_new_version_and_versions_compare(personas, login, traject):
    v1 = _plan(traject, personas.casemanager)
    assert v1.nummer == 1
    assert _plan(traject, personas.casemanager).pk == v1.pk  # nothing changed, no new version
    changed = [
        {**ACTIES[0], "status": "bezig"},
        {
            "wat": "Oudercursus",
            "wie": "ouders",
            "organisatie_id": None,
            "organisatie_naam": "",
            "wanneer": "",
            "status": "open",
        },
    ]
    v2 = _plan(
        traject, personas.casemanager, acties=changed, doelen=DOELEN[:1], wijziging="Cursus erbij"
    )
    assert v2.nummer == 2
    # Versions are never changed in place (database trigger).
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersie.objects.filter(pk=v1.pk).update(gezinsvraag="anders")
    page = login(personas.casemanager).get(
        reverse("casemanagement:plan_compare", args=[traject.pk])
    )
    content = page.content.decode()
    assert "Oudercursus" in content and "Minder driftbuien" in content
    assert page.context["diff"].acties_gewijzigd[0][1]["status"] == "bezig"


def test_plan_written_through_the_form_with_two_goals(personas, login, traject):
    client = login(personas.casemanager)
    url = reverse("casemanagement:plan_edit", args=[traject.pk])
    data = {
        "plan-gezinsvraag": "Wij willen dat Noor kan zeggen wat ze wil.",
        "plan-evaluatie_datum": (timezone.localdate() + timedelta(days=180)).isoformat(),
        "plan-wijziging": "Eerste plan",
        "doelen-TOTAL_FORMS": "2",
        "doelen-INITIAL_FORMS": "0",
        "doelen-0-domein": "spraak_taal",
        "doelen-0-omschrijving": "Twintig woordjes",
        "doelen-1-domein": "gedrag",
        "doelen-1-omschrijving": "Rustiger bij het naar bed gaan",
        "acties-TOTAL_FORMS": "1",
        "acties-INITIAL_FORMS": "0",
        "acties-0-wat": "Logopedie",
        "acties-0-wie": "organisatie",
        "acties-0-organisatie": "",
        "acties-0-status": "open",
    }
    bad = client.post(url, data)
    assert "Kies de organisatie die deze actie doet" in bad.content.decode()
    assert "Twintig woordjes" in bad.content.decode()
    data["acties-0-organisatie"] = personas.ziekenhuis.pk
    assert client.post(url, data).status_code == 302
    versie = services.plan_current(traject.gezin)
    assert [d["omschrijving"] for d in versie.doelen] == [
        "Twintig woordjes",
        "Rustiger bij het naar bed gaan",
    ]
    assert versie.acties[0]["organisatie_naam"] == "Ziekenhuis Test"
    pdf = client.get(reverse("casemanagement:plan_pdf", args=[traject.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_parents_agreement_is_recorded_once_and_sets_the_fact(personas, traject):
    versie = _plan(traject, personas.casemanager)
    services.plan_record_agreement(
        versie=versie, traject=traject, by=personas.casemanager, wijze="gesprek"
    )
    traject.refresh_from_db()
    first = traject.plan_agreed_at
    assert first is not None
    with pytest.raises(ValidationError):
        services.plan_record_agreement(
            versie=versie, traject=traject, by=personas.casemanager, wijze="gesprek"
        )
    v2 = _plan(traject, personas.casemanager, gezinsvraag="Nieuwe vraag")
    services.plan_record_agreement(
        versie=v2, traject=traject, by=personas.casemanager, wijze="telefonisch"
    )
    traject.refresh_from_db()
    assert traject.plan_agreed_at == first  # the fact is the first agreement


def test_referral_waiting_time_and_dates(personas, traject):
    referred = timezone.localdate() - timedelta(days=20)
    verwijzing = services.verwijzing_create(
        traject=traject,
        by=personas.casemanager,
        organisatie=personas.ziekenhuis,
        dienst=None,
        referred_at=referred,
        toelichting="",
    )
    assert verwijzing.wachtdagen(timezone.localdate()) == 20
    with pytest.raises(ValidationError):
        services.verwijzing_update_dates(
            verwijzing=verwijzing,
            by=personas.casemanager,
            started_at=referred - timedelta(days=1),
            ended_at=None,
        )
    services.verwijzing_update_dates(
        verwijzing=verwijzing,
        by=personas.casemanager,
        started_at=referred + timedelta(days=12),
        ended_at=None,
    )
    assert verwijzing.wachtdagen(timezone.localdate()) == 12
    with pytest.raises(PermissionDenied):
        services.verwijzing_create(
            traject=traject,
            by=personas.casemanager,
            organisatie=personas.other_organisatie,
            dienst=None,
            referred_at=referred,
            toelichting="",
        )


def test_closing_queues_the_survey_and_the_mail_has_no_child_data(
    personas, traject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.traject_close(
            traject=traject,
            by=personas.casemanager,
            reden="doelen_bereikt",
            doelen_behaald="ja",
            toelichting="",
        )
    assert len(callbacks) == 1
    traject.refresh_from_db()
    assert (
        traject.fase == Fase.AFGESLOTEN
        and traject.closed_at
        and traject.closed_by == personas.casemanager
    )
    assert outbox_sweep() == {"sent": 1}
    assert outbox_sweep() == {}  # sent once; the reminder waits a week
    body = mail.outbox[0].body
    assert "/ouder/" in body
    kind = traject.gezin.kinderen.get()
    assert kind.first_name not in body and kind.first_name not in mail.outbox[0].subject
    assert Tevredenheid.objects.get(traject=traject).invited_at is not None
    # A week later, one reminder; then nothing more.
    reminder = OutboxMessage.objects.get(key__endswith=f"{traject.pk}:herinnering")
    assert reminder.not_before > timezone.now() + timedelta(days=6)
    OutboxMessage.objects.filter(pk=reminder.pk).update(not_before=timezone.now())
    assert outbox_sweep() == {"sent": 1}
    assert outbox_sweep() == {}
    assert len(mail.outbox) == 2
    assert "Een week geleden" in mail.outbox[1].body
    with pytest.raises(ValidationError):
        services.contact_log(
            traject=traject,
            by=personas.casemanager,
            datum=timezone.localdate(),
            soort="telefonisch",
            minuten=5,
            notitie="",
        )


# --- parents -----------------------------------------------------------------------------


@pytest.fixture
def parent_link(personas, traject):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    traject.aanmelding = aanmelding
    traject.save()
    link, token = services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    return link, token


def test_parent_opens_the_link_agrees_and_asks_a_question(client, personas, traject, parent_link):
    link, token = parent_link
    versie = _plan(traject, personas.casemanager)
    url = reverse("casemanagement:ouder", args=[token])
    page = client.get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Noor zegt 20 woordjes" in content
    assert AccessLogEntry.objects.filter(
        action="parent_link", actor_label="ouder (persoonlijke link)"
    ).exists()
    agreed = client.post(reverse("casemanagement:ouder_akkoord", args=[token]))
    assert agreed.status_code == 302 and agreed.url == url
    versie.refresh_from_db()
    assert versie.akkoord.wijze == "ouderlink" and versie.akkoord.recorded_by is None
    client.post(
        reverse("casemanagement:ouder_vraag", args=[token]),
        {"vraag-tekst": "Wanneer start de logopedie?", "vraag-terugbellen": "on"},
    )
    assert OuderVraag.objects.get(traject=traject).terugbellen


def test_parent_sees_who_opened_the_file_by_role_not_email(
    client, personas, login, traject, parent_link
):
    _link, token = parent_link
    login(personas.casemanager).get(reverse("casemanagement:traject", args=[traject.pk]))
    client.logout()
    content = client.get(reverse("casemanagement:ouder", args=[token])).content.decode()
    assert ", casemanager, 1×" in content and "MEE Test" in content
    assert personas.casemanager.email not in content


def test_parent_withdraws_a_consent(client, personas, traject, parent_link):
    _link, token = parent_link
    consent = traject.aanmelding.toestemmingen.get(doel="mdo")
    client.post(
        reverse("casemanagement:ouder_toestemming_intrekken", args=[token]),
        {"toestemming": consent.pk},
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and not consent.geldig


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown"])
def test_an_expired_or_revoked_link_shows_a_friendly_page_and_no_data(
    client, personas, traject, parent_link, how
):
    link, token = parent_link
    if how == "expired":
        OuderLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    elif how == "revoked":
        services.ouderlink_revoke(link=link, by=personas.casemanager)
    else:
        token = "verzonnen-token"
    response = client.get(reverse("casemanagement:ouder", args=[token]))
    content = response.content.decode()
    assert response.status_code == 404
    assert "Deze link werkt niet meer" in content
    assert "Noor" not in content and traject.gezin.ouder_name not in content
    assert not AccessLogEntry.objects.exists()


def test_survey_with_a_low_score_asks_for_a_call_back(client, personas, traject, parent_link):
    _link, token = parent_link
    services.traject_close(
        traject=traject,
        by=personas.casemanager,
        reden="ouders_gestopt",
        doelen_behaald="nee",
        toelichting="",
    )
    url = reverse("casemanagement:ouder", args=[token])
    answer_url = reverse("casemanagement:ouder_tevredenheid", args=[token])
    assert "Wat vond u van de hulp?" in client.get(url).content.decode()
    client.post(
        answer_url,
        {
            "tevredenheid-score": "3",
            "tevredenheid-opmerking": "Te lang gewacht",
            "tevredenheid-terugbellen": "on",
        },
    )
    survey = Tevredenheid.objects.get(traject=traject)
    assert (survey.score, survey.terugbellen) == (3, True)
    assert OuderVraag.objects.filter(traject=traject, terugbellen=True).exists()
    second = client.post(answer_url, {"tevredenheid-score": "9"}, follow=True)
    assert "al ingevuld" in second.content.decode()
    survey.refresh_from_db()
    assert survey.score == 3
