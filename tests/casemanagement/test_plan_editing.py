"""Issue 9, item 6: several goals and actions in one plan version; when the parents had agreed
to the plan, a new version says so before saving and tells the parents (their page, one mail)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casemanagement import services
from casemanagement.forms import DoelForm
from casemanagement.models import OuderLink, PlanVersie
from casemanagement.outbox import PLAN_MAIL
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_sweep
from mdo import services as mdo_services
from mdo.models import Adviesactie, Agendapunt
from tests.aanmelding.factories import AanmeldingFactory
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

DOELEN = [{"domein": "spraak_taal", "omschrijving": "Noor zegt 20 woordjes"}]
ACTIES = [
    {
        "wat": "Logopedie",
        "wie": "ouders",
        "organisatie_id": None,
        "organisatie_naam": "",
        "wanneer": "",
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


def _agree(traject, versie, by):  # noqa: ANN001, ANN202
    return services.plan_record_agreement(versie=versie, traject=traject, by=by, wijze="gesprek")


def _plan_mails(traject):  # noqa: ANN001, ANN202
    return OutboxMessage.objects.filter(kind=PLAN_MAIL, recipient=traject.gezin.ouder_email)


def _form_data(*, initial_doelen: int = 0, **rows: object) -> dict:
    """The plan form as a browser sends it: goals and actions as formset rows, the first
    `initial_doelen` of the goals shown from the current version."""
    data = {
        "plan-gezinsvraag": "Wij willen dat Noor kan zeggen wat ze wil.",
        "plan-evaluatie_datum": (timezone.localdate() + timedelta(days=180)).isoformat(),
        "plan-wijziging": "",
        "doelen-TOTAL_FORMS": "0",
        "doelen-INITIAL_FORMS": str(initial_doelen),
        "acties-TOTAL_FORMS": "0",
        "acties-INITIAL_FORMS": "0",
    }
    for i, (domein, omschrijving) in enumerate(rows.get("doelen", [])):
        data[f"doelen-{i}-domein"] = domein
        data[f"doelen-{i}-omschrijving"] = omschrijving
    data["doelen-TOTAL_FORMS"] = str(len(rows.get("doelen", [])))
    for i, wat in enumerate(rows.get("acties", [])):
        data.update(
            {
                f"acties-{i}-wat": wat,
                f"acties-{i}-wie": "ouders",
                f"acties-{i}-status": "open",
            }
        )
    data["acties-TOTAL_FORMS"] = str(len(rows.get("acties", [])))
    return data


# --- several goals and actions, one version -------------------------------------------------


def test_nog_een_doel_without_javascript_shows_the_form_again_with_a_row_more_and_saves_nothing(
    personas, login, traject
):
    client = login(personas.casemanager)
    url = reverse("casemanagement:plan_edit", args=[traject.pk])
    # One goal typed, one action half typed (no "wat" yet): adding a row is no mistake.
    data = _form_data(doelen=[("spraak_taal", "Twintig woordjes")], acties=["Logopedie"])
    data["acties-0-wat"] = ""
    data["rij_erbij"] = "doelen"
    page = client.post(url, data)
    content = page.content.decode()
    assert page.status_code == 200
    assert not PlanVersie.objects.exists()
    assert 'name="doelen-TOTAL_FORMS" value="2"' in content
    assert 'id="id_doelen-1-omschrijving"' in content
    assert "Twintig woordjes" in content  # what was typed stays
    assert "Er ging iets mis" not in content and "Dit veld is verplicht" not in content

    again = client.post(url, {**data, "acties-0-wat": "Logopedie", "rij_erbij": "acties"})
    assert 'name="acties-TOTAL_FORMS" value="2"' in again.content.decode()
    assert not PlanVersie.objects.exists()


def test_three_goals_and_two_actions_are_saved_as_one_version(personas, login, traject):
    client = login(personas.casemanager)
    url = reverse("casemanagement:plan_edit", args=[traject.pk])
    data = _form_data(
        doelen=[
            ("spraak_taal", "Twintig woordjes"),
            ("gedrag", "Rustiger naar bed"),
            ("motoriek", "Zelf de trap op"),
        ],
        acties=["Oudercursus", "Voorlezen elke dag"],
    )
    # The empty row the form always has at the end (untouched) is skipped.
    data.update(
        {"doelen-TOTAL_FORMS": "4", "doelen-3-domein": DoelForm.base_fields["domein"].initial}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    versie = PlanVersie.objects.get()
    assert versie.nummer == 1
    assert [d["omschrijving"] for d in versie.doelen] == [
        "Twintig woordjes",
        "Rustiger naar bed",
        "Zelf de trap op",
    ]
    assert [a["wat"] for a in versie.acties] == ["Oudercursus", "Voorlezen elke dag"]


def test_the_plan_form_offers_rows_to_add_with_and_without_javascript(personas, login, traject):
    content = (
        login(personas.casemanager)
        .get(reverse("casemanagement:plan_edit", args=[traject.pk]))
        .content.decode()
    )
    assert 'name="rij_erbij" value="doelen"' in content
    assert 'name="rij_erbij" value="acties"' in content
    assert "<template data-formset-template>" in content and "__prefix__" in content
    assert "js/plan_formset.js" in content
    assert " style=" not in content  # the CSP forbids inline style (and script)


@pytest.mark.parametrize(
    "persona", ["colleague_casemanager", "outsider_casemanager", "gemeente_official", "expert"]
)
def test_adding_a_row_is_refused_to_who_may_not_write_the_plan(personas, login, traject, persona):
    data = {**_form_data(doelen=[("gedrag", "Rustig")]), "rij_erbij": "doelen"}
    response = login(getattr(personas, persona)).post(
        reverse("casemanagement:plan_edit", args=[traject.pk]), data
    )
    assert response.status_code in (403, 404)
    assert "Rustig" not in response.content.decode()


# --- the parents' agreement ----------------------------------------------------------------


def test_the_form_says_before_saving_that_the_parents_must_agree_again(personas, login, traject):
    client = login(personas.casemanager)
    url = reverse("casemanagement:plan_edit", args=[traject.pk])
    versie = _plan(traject, personas.casemanager)
    assert "De ouders moeten opnieuw akkoord geven" not in client.get(url).content.decode()
    _agree(traject, versie, personas.casemanager)
    content = client.get(url).content.decode()
    assert "De ouders moeten opnieuw akkoord geven" in content
    assert "akkoord met versie 1" in content


def test_saving_over_an_agreed_plan_tells_the_casemanager_and_mails_the_parents_once(
    personas, login, traject
):
    client = login(personas.casemanager)
    v1 = _plan(traject, personas.casemanager)
    _agree(traject, v1, personas.casemanager)
    links_before = OuderLink.objects.count()
    data = _form_data(doelen=[("spraak_taal", "Dertig woordjes"), ("gedrag", "Rustig")])
    response = client.post(reverse("casemanagement:plan_edit", args=[traject.pk]), data)
    assert response.status_code == 302
    shown = client.get(response.url).content.decode()
    assert "Versie 2 van het plan is opgeslagen" in shown
    assert "De ouders moeten opnieuw akkoord geven" in shown
    assert "Zij krijgen een e-mail" in shown
    v2 = services.plan_current(traject.gezin)
    assert v2.nummer == 2 and not hasattr(v2, "akkoord")
    assert _plan_mails(traject).count() == 1
    assert OuderLink.objects.count() == links_before + 1

    # Saving the same plan again (now shown from version 2) changes nothing, mails nothing.
    client.post(
        reverse("casemanagement:plan_edit", args=[traject.pk]),
        {**data, "doelen-INITIAL_FORMS": "2"},
    )
    assert services.plan_current(traject.gezin).pk == v2.pk
    assert _plan_mails(traject).count() == 1

    # The mail: a link and who to call, never the child's name or the plan's content.
    outbox_sweep()
    sent = [m for m in mail.outbox if "iets nieuws" in m.subject]
    assert len(sent) == 1 and sent[0].to == [traject.gezin.ouder_email]
    body = sent[0].body
    assert "/ouder/" in body and "nieuwe versie van het plan" in body
    kind = traject.gezin.kinderen.get()
    for secret in (kind.first_name, "Dertig woordjes", "Noor", traject.gezin.ouder_name):
        assert secret not in body and secret not in sent[0].subject
    outbox_sweep()
    assert len([m for m in mail.outbox if "iets nieuws" in m.subject]) == 1


def test_a_new_version_of_a_plan_not_agreed_to_mails_nobody(personas, traject):
    v1 = _plan(traject, personas.casemanager)
    _plan(traject, personas.casemanager, gezinsvraag="Een andere vraag")
    assert not _plan_mails(traject).exists()
    _agree(traject, services.plan_current(traject.gezin), personas.casemanager)
    assert v1.nummer == 1
    # Only the version that replaced the agreed one is announced, once.
    v3 = _plan(traject, personas.casemanager, gezinsvraag="Nog een vraag")
    v4 = _plan(traject, personas.casemanager, gezinsvraag="En nog een")
    assert [m.context["versie_id"] for m in _plan_mails(traject)] == [v3.pk]
    assert v4.nummer == 4


def test_without_an_email_address_the_casemanager_is_told_to_tell_the_parents(
    personas, login, traject
):
    traject.gezin.ouder_email = ""
    traject.gezin.save()
    client = login(personas.casemanager)
    _agree(traject, _plan(traject, personas.casemanager), personas.casemanager)
    response = client.post(
        reverse("casemanagement:plan_edit", args=[traject.pk]),
        _form_data(doelen=[("gedrag", "Rustig")]),
        follow=True,
    )
    content = response.content.decode()
    assert "Er is geen e-mailadres van de ouders bekend" in content
    assert not OutboxMessage.objects.filter(kind=PLAN_MAIL).exists()


def test_the_mail_is_skipped_when_the_parents_agreed_before_it_went_out(personas, traject):
    _agree(traject, _plan(traject, personas.casemanager), personas.casemanager)
    v2 = _plan(traject, personas.casemanager, gezinsvraag="Een andere vraag")
    _agree(traject, v2, None)
    outbox_sweep()
    assert not [m for m in mail.outbox if "iets nieuws" in m.subject]
    assert _plan_mails(traject).get().status == "skipped"


@pytest.fixture
def parent_link(personas, traject):
    traject.aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    traject.save()
    _link, token = services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    return token


def test_the_parents_page_shows_the_new_version_to_agree_to(client, personas, traject, parent_link):
    url = reverse("casemanagement:ouder", args=[parent_link])
    _agree(traject, _plan(traject, personas.casemanager), personas.casemanager)
    agreed = client.get(url).content.decode()
    assert "akkoord gegaan met dit plan" in agreed and "Ik ben akkoord" not in agreed
    assert "Er is een nieuwe versie van het plan" not in agreed

    _plan(
        traject,
        personas.casemanager,
        doelen=[*DOELEN, {"domein": "gedrag", "omschrijving": "Rustig"}],
    )
    content = client.get(url).content.decode()
    assert "Er is een nieuwe versie van het plan" in content
    assert "Ik ben akkoord met dit plan" in content and "Rustig" in content
    client.post(reverse("casemanagement:ouder_akkoord", args=[parent_link]))
    assert hasattr(services.plan_current(traject.gezin), "akkoord")
    assert "Er is een nieuwe versie van het plan" not in client.get(url).content.decode()


def test_mdo_advice_taken_into_an_agreed_plan_tells_the_parents_the_same_way(personas, traject):
    _agree(traject, _plan(traject, personas.casemanager), personas.casemanager)
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)
    punt = Agendapunt.objects.create(mdo=mdo, traject=traject, vraag="Hoe verder met praten?")
    actie = Adviesactie.objects.create(
        agendapunt=punt, wat="Logopedisch onderzoek", proposed_by=personas.expert
    )
    mdo_services.adviesactie_accept(actie=actie, by=personas.casemanager)
    versie = services.plan_current(traject.gezin)
    assert versie.nummer == 2 and versie.acties[-1]["wat"] == "Logopedisch onderzoek"
    assert [m.context["versie_id"] for m in _plan_mails(traject)] == [versie.pk]
