"""Why and what: a substitute and a beheerder who also holds a dossier role say why before a
dossier opens (once per dossier per session), the reason is on every entry of that dossier,
and every change through the application is logged as `edit`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casemanagement import services as cm
from casemanagement.models import Contactmoment, Traject
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.audit.reasons import SESSION_KEY, SIGNING_SALT, ReasonQuestion, sign_question
from mdo import services as ms
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.casemanagement.factories import TrajectFactory
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

QUESTION = "Waarom opent u dit dossier?"
ANSWER = reverse("audit:access_reason")


def _traject_url(traject: Traject, name: str = "traject") -> str:
    return reverse(f"casemanagement:{name}", args=[traject.pk])


@pytest.fixture
def traject(personas) -> Traject:
    return TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, kind__first_name="Noor"
    )


@pytest.fixture
def substitute(personas, login) -> Client:
    """The colleague covers for the traject's casemanager this week, and is logged in."""
    today = timezone.localdate()
    cm.vervanging_create(
        afwezige=personas.casemanager,
        vervanger=personas.colleague_casemanager,
        region_id=personas.region.pk,
        van=today,
        tot=today + timedelta(days=7),
        reden="Verlof",
        by=personas.coordinator,
    )
    return login(personas.colleague_casemanager)


@pytest.fixture
def beheerder_coordinator(personas, login) -> Client:
    """A functioneel beheerder who is also a coordinator of the region."""
    RoleAssignmentFactory(user=personas.beheerder, coordinator=True, region=personas.region)
    return login(personas.beheerder)


def _answer(client: Client, question_page, reden: str | None = None):  # noqa: ANN001, ANN202
    """Send the question page's form as the user would: the suggestion, or `reden`."""
    initial = question_page.context["form"].initial
    return client.post(
        ANSWER,
        {
            "sleutel": initial["sleutel"],
            "volgende": initial["volgende"],
            "reden": initial["reden"] if reden is None else reden,
        },
    )


# --- (a) a substitute ---------------------------------------------------------------------


def test_a_substitute_is_asked_why_before_the_absent_casemanagers_dossier_opens(
    personas, traject, substitute
):
    response = substitute.get(_traject_url(traject))
    assert response.status_code == 200
    content = response.content.decode()
    assert QUESTION in content
    suggestion = f"Vervanging tijdens afwezigheid van {personas.casemanager.full_name}"
    assert response.context["form"].initial["reden"] == suggestion
    # Nothing of the dossier yet, and nothing read, so nothing logged.
    assert "Noor" not in content and traject.gezin.reference not in content
    assert not AccessLogEntry.objects.exists()


def test_the_confirmed_reason_is_on_every_entry_of_that_dossier_for_the_session(
    personas, traject, substitute
):
    url = _traject_url(traject)
    answered = _answer(substitute, substitute.get(url))
    assert answered.status_code == 302 and answered["Location"] == url
    page = substitute.get(url)
    assert "Noor" in page.content.decode()
    # Once per traject per session: the plan page opens without asking again.
    compare = substitute.get(_traject_url(traject, "plan_edit"))
    assert QUESTION not in compare.content.decode()
    suggestion = f"Vervanging tijdens afwezigheid van {personas.casemanager.full_name}"
    entries = AccessLogEntry.objects.filter(user=personas.colleague_casemanager)
    assert entries.count() == 2
    assert set(entries.values_list("reason", flat=True)) == {suggestion}


def test_the_substitute_may_write_their_own_reason(traject, substitute):
    url = _traject_url(traject)
    _answer(substitute, substitute.get(url), reden="  Ouder belde   met een vraag ")
    substitute.get(url)
    assert AccessLogEntry.objects.get().reason == "Ouder belde met een vraag"


def test_the_reason_is_asked_again_for_another_traject_and_after_a_new_login(
    personas, traject, substitute, login
):
    url = _traject_url(traject)
    _answer(substitute, substitute.get(url))
    other = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    assert QUESTION in substitute.get(_traject_url(other)).content.decode()
    substitute.logout()
    again = login(personas.colleague_casemanager)
    assert QUESTION in again.get(url).content.decode()


@pytest.mark.parametrize("persona", ["casemanager", "coordinator"])
def test_the_own_casemanager_and_the_coordinator_are_not_asked(personas, login, traject, persona):
    response = login(getattr(personas, persona)).get(_traject_url(traject))
    assert "Noor" in response.content.decode()
    assert AccessLogEntry.objects.get().reason == ""


def test_a_change_by_a_substitute_waits_for_the_reason_and_is_logged_with_it(
    personas, traject, substitute
):
    data = {
        "contact-datum": timezone.localdate().isoformat(),
        "contact-soort": "telefonisch",
        "contact-minuten": "10",
    }
    url = _traject_url(traject, "traject_contact")
    refused = substitute.post(url, data)
    assert QUESTION in refused.content.decode()
    assert not Contactmoment.objects.exists()
    assert not AccessLogEntry.objects.exists()
    # The question sends the substitute back to the traject page, not into the action.
    assert refused.context["form"].initial["volgende"] == _traject_url(traject)

    _answer(substitute, refused)
    assert substitute.post(url, data).status_code == 302
    assert Contactmoment.objects.count() == 1
    edit = AccessLogEntry.objects.get(action=AccessAction.EDIT)
    assert edit.reason.startswith("Vervanging tijdens afwezigheid van")
    assert edit.view_name == "casemanagement:traject_contact"


def test_a_print_by_a_substitute_is_logged_as_a_print_with_the_reason(
    personas, traject, substitute
):
    cm.plan_save_version(
        traject=traject,
        by=personas.casemanager,
        gezinsvraag="Hoe helpen we Noor praten?",
        doelen=[],
        acties=[],
        evaluatie_datum=timezone.localdate() + timedelta(days=180),
        wijziging="",
    )
    url = _traject_url(traject, "plan_pdf")
    _answer(substitute, substitute.get(url))
    response = substitute.get(url)
    assert response["Content-Type"] == "application/pdf"
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.PRINT
    assert entry.reason.startswith("Vervanging tijdens afwezigheid van")


# --- (b) a beheerder who also holds a dossier role ----------------------------------------


def test_a_beheerder_with_a_dossier_role_says_why_for_each_dossier(
    personas, traject, beheerder_coordinator
):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    intake = reverse("casemanagement:intake", args=[aanmelding.pk])
    question = beheerder_coordinator.get(intake)
    assert QUESTION in question.content.decode()
    assert question.context["form"].initial["reden"] == ""  # no suggestion: their own words
    assert not AccessLogEntry.objects.exists()
    _answer(beheerder_coordinator, question, reden="Controle na melding van een ouder")
    assert beheerder_coordinator.get(intake).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.client_ref, entry.reason) == (
        aanmelding.reference,
        "Controle na melding van een ouder",
    )
    # Another dossier: asked again.
    assert QUESTION in beheerder_coordinator.get(_traject_url(traject)).content.decode()


def test_a_beheerder_with_a_dossier_role_changes_nothing_without_a_reason(
    personas, beheerder_coordinator
):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    url = reverse("aanmelding:intake_notities", args=[aanmelding.pk])
    response = beheerder_coordinator.post(url, {"notities-notities": "Gebeld"})
    assert QUESTION in response.content.decode()
    aanmelding.refresh_from_db()
    assert aanmelding.intake_notities == ""


def test_a_coordinator_without_beheer_is_not_asked(personas, login):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    response = login(personas.coordinator).get(
        reverse("casemanagement:intake", args=[aanmelding.pk])
    )
    assert QUESTION not in response.content.decode()
    assert AccessLogEntry.objects.get().reason == ""


# --- the answer form ----------------------------------------------------------------------


def test_the_answer_only_stores_a_reason_for_a_question_asked_to_this_user(
    personas, traject, substitute
):
    url = _traject_url(traject)
    key = f"casemanagement.traject:{traject.pk}"
    for forged in (
        sign_question(personas.casemanager, ReasonQuestion(key=key, why="x")),  # someone else's
        signing.dumps({"u": personas.colleague_casemanager.pk, "k": key}, salt="other"),
        "rommel",
    ):
        response = substitute.post(
            ANSWER, {"sleutel": forged, "volgende": url, "reden": "Omdat het kan"}
        )
        assert response.status_code == 403
    assert SESSION_KEY not in substitute.session
    assert QUESTION in substitute.get(url).content.decode()


def test_a_question_signed_long_ago_is_refused(personas, traject, substitute, monkeypatch):
    signed = sign_question(
        personas.colleague_casemanager,
        ReasonQuestion(key=f"casemanagement.traject:{traject.pk}", why="x"),
    )
    monkeypatch.setattr("ivh.audit.reasons.QUESTION_MAX_AGE", -1)
    response = substitute.post(ANSWER, {"sleutel": signed, "volgende": "/", "reden": "Verlof"})
    assert response.status_code == 403
    assert signing.loads(signed, salt=SIGNING_SALT)  # the signature itself is sound


def test_a_reason_too_short_shows_the_question_again(traject, substitute):
    question = substitute.get(_traject_url(traject))
    response = _answer(substitute, question, reden="ok")
    assert response.status_code == 400
    assert "U vervangt de casemanager van dit gezin" in response.content.decode()
    assert SESSION_KEY not in substitute.session


def test_the_answer_never_sends_the_user_to_another_site(traject, substitute):
    question = substitute.get(_traject_url(traject))
    initial = question.context["form"].initial
    response = substitute.post(
        ANSWER,
        {"sleutel": initial["sleutel"], "volgende": "https://evil.example/", "reden": "Verlof"},
    )
    assert response["Location"] == "/"


def test_the_answer_form_is_post_only(substitute):
    assert substitute.get(ANSWER).status_code == 405


# --- every change is logged as `edit` -----------------------------------------------------


def test_a_change_on_the_traject_page_is_logged_as_an_edit_of_each_child(personas, login, traject):
    client = login(personas.casemanager)
    response = client.post(
        _traject_url(traject, "traject_contact"),
        {
            "contact-datum": timezone.localdate().isoformat(),
            "contact-soort": "telefonisch",
            "contact-minuten": "10",
        },
    )
    assert response.status_code == 302
    [entry] = AccessLogEntry.objects.all()
    assert entry.action == AccessAction.EDIT
    assert entry.client_ref == traject.gezin.kinderen.get().reference
    assert entry.user == personas.casemanager


def test_a_refused_change_is_not_logged_as_an_edit(personas, login, traject):
    client = login(personas.casemanager)
    response = client.post(
        _traject_url(traject, "traject_contact"), {"contact-soort": "telefonisch"}
    )
    assert response.status_code == 400
    # The page shown again is a read, not a change.
    assert set(AccessLogEntry.objects.values_list("action", flat=True)) == {AccessAction.VIEW}


def test_saving_a_contact_and_the_plan_on_their_own_pages_is_logged_as_an_edit(
    personas, login, traject
):
    client = login(personas.casemanager)
    contact = cm.contact_log(
        traject=traject,
        by=personas.casemanager,
        datum=timezone.localdate(),
        soort="telefonisch",
        minuten=10,
        notitie="",
    )
    url = reverse("casemanagement:contact_edit", args=[traject.pk, contact.pk])
    response = client.post(
        url,
        {"datum": timezone.localdate().isoformat(), "soort": "telefonisch", "minuten": "20"},
    )
    assert response.status_code == 302
    plan = client.post(
        _traject_url(traject, "plan_edit"),
        {
            "plan-gezinsvraag": "Hoe helpen we Noor praten?",
            "plan-evaluatie_datum": (timezone.localdate() + timedelta(days=180)).isoformat(),
            "doelen-TOTAL_FORMS": "0",
            "doelen-INITIAL_FORMS": "0",
            "acties-TOTAL_FORMS": "0",
            "acties-INITIAL_FORMS": "0",
        },
    )
    assert plan.status_code == 302
    assert list(AccessLogEntry.objects.order_by("id").values_list("view_name", "action")) == [
        ("casemanagement:contact_edit", AccessAction.EDIT),
        ("casemanagement:plan_edit", AccessAction.EDIT),
    ]


def test_intake_changes_are_logged_as_an_edit_of_the_registration(personas, login):
    aanmelding = AanmeldingFactory(
        gemeente=personas.gemeente, received_at=timezone.now() - timedelta(days=1)
    )
    just_now = timezone.localtime() - timedelta(minutes=1)
    client = login(personas.coordinator)
    client.post(
        reverse("aanmelding:intake_notities", args=[aanmelding.pk]),
        {"notities-notities": "Moeder gebeld"},
    )
    client.post(
        reverse("casemanagement:intake_eerste_contact", args=[aanmelding.pk]),
        {
            "contact-datum": just_now.date().isoformat(),
            "contact-tijd": just_now.strftime("%H:%M"),
            "contact-wijze": "telefonisch",
        },
    )
    entries = AccessLogEntry.objects.filter(action=AccessAction.EDIT).order_by("id")
    assert [(e.view_name, e.client_ref) for e in entries] == [
        ("aanmelding:intake_notities", aanmelding.reference),
        ("casemanagement:intake_eerste_contact", aanmelding.reference),
    ]


def test_mdo_advice_is_logged_as_an_edit_of_the_family(personas, login):
    traject = traject_with_consent(personas, personas.casemanager)
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)
    item = ms.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="Wat heeft Noor nodig?",
        disciplines=["logopedist"],
        minuten=30,
    )
    client = login(personas.coordinator)
    response = client.post(reverse("mdo:advies", args=[mdo.pk, item.pk]), {"advies": "Logopedie"})
    assert response.status_code == 302
    entry = AccessLogEntry.objects.get(action=AccessAction.EDIT)
    assert entry.client_ref == traject.gezin.kinderen.get().reference
    assert entry.view_name == "mdo:advies"


def test_an_export_by_a_beheerder_with_a_dossier_role_carries_the_reason(
    traject, beheerder_coordinator
):
    url = _traject_url(traject, "inzage")
    question = beheerder_coordinator.get(url, {"formaat": "json"})
    assert QUESTION in question.content.decode()
    # Back to the export itself, with its format.
    assert question.context["form"].initial["volgende"] == f"{url}?formaat=json"
    _answer(beheerder_coordinator, question, reden="Inzageverzoek van de ouders")
    response = beheerder_coordinator.get(url, {"formaat": "json"})
    assert response["Content-Type"].startswith("application/json")
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.reason) == (AccessAction.EXPORT, "Inzageverzoek van de ouders")
