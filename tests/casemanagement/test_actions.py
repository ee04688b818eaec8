"""The actions of the traject page and the caseload, one POST view each: who may do each one,
who is refused (and then nothing changes), GET refused, junk answered with a friendly error,
and the inline save of a referral's dates."""

import secrets
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement import services
from casemanagement.models import (
    Contactmoment,
    OuderLink,
    OuderVraag,
    PlanAkkoord,
    Traject,
    TrajectToewijzing,
    Vervanging,
    Verwijzing,
)
from ivh.audit.models import AccessLogEntry
from ivh.outbox.models import OutboxMessage
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

# Arabic-Indic digits are digits to int() (٣ is 3): so long that no row has that id.
JUNK_IDS = ["²", "٣" * 12, "abc", str(2**63), "9" * 30, "-1", "0", "", "1\x00"]


@pytest.fixture
def page(personas, traject):
    """The casemanager's traject with something in every section: a plan without the parents'
    agreement, a referral, an open question of the parents and a parent link."""
    traject.aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    traject.save()
    services.plan_save_version(
        traject=traject,
        by=personas.casemanager,
        gezinsvraag="Hoe helpen we Noor praten?",
        doelen=[],
        acties=[],
        evaluatie_datum=timezone.localdate() + timedelta(days=180),
        wijziging="",
    )
    verwijzing = services.verwijzing_create(
        traject=traject,
        by=personas.casemanager,
        organisatie=personas.ziekenhuis,
        dienst=None,
        referred_at=timezone.localdate() - timedelta(days=10),
        toelichting="",
    )
    vraag = services.oudervraag_create(traject=traject, tekst="Wanneer?", terugbellen=False)
    link, _token = services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    return {"traject": traject, "verwijzing": verwijzing, "vraag": vraag, "link": link}


def action_url(traject: Traject, action: str) -> str:
    return reverse(f"casemanagement:traject_{action}", args=[traject.pk])


def valid_post(personas, page, action: str) -> dict:
    """What the traject page sends for `action` with valid input."""
    today = timezone.localdate().isoformat()
    return {
        "contact": {
            "contact-datum": today,
            "contact-soort": "telefonisch",
            "contact-minuten": "10",
        },
        "fase": {"fase-fase": "plan"},
        "verwijzing": {
            "verwijzing-organisatie": personas.mee.pk,
            "verwijzing-referred_at": today,
        },
        "verwijzing_data": {"verwijzing": page["verwijzing"].pk, "started_at": today},
        "afsluiten": {"afsluiten-reden": "verhuisd", "afsluiten-doelen_behaald": "deels"},
        "akkoord": {"akkoord-wijze": "gesprek", "akkoord-datum": today},
        "ouderlink": {},
        "ouderlink_intrekken": {"link": page["link"].pk},
        "vraag_afgehandeld": {"vraag": page["vraag"].pk},
        "herverdelen": {"herverdelen-casemanager": personas.colleague_casemanager.pk},
    }[action]


def state(traject: Traject) -> tuple:
    """Everything an action of the traject page can change, and the access log."""
    return (
        Traject.objects.values().get(pk=traject.pk),
        list(Contactmoment.objects.filter(traject=traject).values()),
        list(Verwijzing.objects.filter(traject=traject).values()),
        list(OuderLink.objects.filter(gezin=traject.gezin).values()),
        list(OuderVraag.objects.filter(traject=traject).values()),
        PlanAkkoord.objects.count(),
        list(TrajectToewijzing.objects.filter(traject=traject).values()),
        OutboxMessage.objects.count(),
        AccessLogEntry.objects.count(),
    )


WORK = [
    "contact",
    "fase",
    "verwijzing",
    "verwijzing_data",
    "afsluiten",
    "akkoord",
    "ouderlink",
]
WORK_OR_MANAGE = ["ouderlink_intrekken", "vraag_afgehandeld"]
MANAGE = ["herverdelen"]
ACTIONS = WORK + WORK_OR_MANAGE + MANAGE
# Who cannot see the traject at all (404), whatever the action.
STRANGERS = [
    "colleague_casemanager",
    "outsider_casemanager",
    "outsider_coordinator",
    "expert",
    "gemeente_official",
    "beheerder",
]
REFUSALS = (
    [(action, persona, 404) for action in ACTIONS for persona in STRANGERS]
    # The coordinator sees the traject but does not do the casemanager's work.
    + [(action, "coordinator", 403) for action in WORK]
    # The casemanager does not reassign their own traject.
    + [(action, "casemanager", 403) for action in MANAGE]
)
GRANTS = [(action, "casemanager") for action in WORK + WORK_OR_MANAGE] + [
    (action, "coordinator") for action in WORK_OR_MANAGE + MANAGE
]


@pytest.mark.parametrize("action, persona, status", REFUSALS)
def test_who_may_not_do_an_action_is_refused_and_nothing_changes(
    personas, login, page, action, persona, status
):
    traject = page["traject"]
    before = state(traject)
    response = login(getattr(personas, persona)).post(
        action_url(traject, action), valid_post(personas, page, action)
    )
    assert response.status_code == status
    assert state(traject) == before


@pytest.mark.parametrize("action, persona", GRANTS)
def test_who_may_do_an_action_does_it_and_returns_to_the_traject(
    personas, login, page, action, persona
):
    traject = page["traject"]
    before = state(traject)
    response = login(getattr(personas, persona)).post(
        action_url(traject, action), valid_post(personas, page, action)
    )
    assert response.status_code == 302
    assert response.url == reverse("casemanagement:traject", args=[traject.pk])
    assert state(traject) != before


@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_url_answers_a_get_with_405(personas, login, page, action):
    client = login(personas.casemanager)
    assert client.get(action_url(page["traject"], action)).status_code == 405


def test_the_traject_page_itself_takes_no_post(personas, login, page):
    url = reverse("casemanagement:traject", args=[page["traject"].pk])
    assert login(personas.casemanager).post(url, {"actie": "contact"}).status_code == 405


def test_every_form_on_the_traject_page_posts_to_its_own_action(personas, login, page):
    """No form posts to the page itself, and none carries the old `actie` dispatcher."""
    traject = page["traject"]
    content = login(personas.casemanager).get(reverse("casemanagement:traject", args=[traject.pk]))
    html = content.content.decode()
    assert 'name="actie"' not in html
    for action in WORK + WORK_OR_MANAGE:
        if action == "fase":
            continue  # buttons per phase, below
        assert f'action="{action_url(traject, action)}"' in html, action
    assert f'action="{action_url(traject, "fase")}"' in html


@pytest.mark.parametrize(
    "action, field",
    [
        ("verwijzing_data", "verwijzing"),
        ("ouderlink_intrekken", "link"),
        ("vraag_afgehandeld", "vraag"),
        ("herverdelen", "herverdelen-casemanager"),
    ],
)
@pytest.mark.parametrize("junk", JUNK_IDS)
def test_a_junk_id_gets_a_friendly_error_and_changes_nothing(
    personas, login, page, action, field, junk
):
    traject = page["traject"]
    persona = personas.coordinator if action == "herverdelen" else personas.casemanager
    data = {**valid_post(personas, page, action), field: junk}
    before = state(traject)
    response = login(persona).post(action_url(traject, action), data)
    assert response.status_code == 400
    assert "alert-danger" in response.content.decode()
    # The page was shown again (and its read logged); nothing else changed.
    assert state(traject)[:-1] == before[:-1]


def test_another_familys_referral_question_or_link_cannot_be_named(personas, login, page):
    other = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    elsewhere = {
        "verwijzing_data": (
            "verwijzing",
            services.verwijzing_create(
                traject=other,
                by=personas.casemanager,
                organisatie=personas.mee,
                dienst=None,
                referred_at=timezone.localdate(),
                toelichting="",
            ).pk,
        ),
        "vraag_afgehandeld": (
            "vraag",
            services.oudervraag_create(traject=other, tekst="?", terugbellen=False).pk,
        ),
        "ouderlink_intrekken": (
            "link",
            services.ouderlink_create(gezin=other.gezin, by=personas.casemanager, email="x@y.nl")[
                0
            ].pk,
        ),
    }
    client = login(personas.casemanager)
    before = state(other)
    for action, (field, pk) in elsewhere.items():
        data = {**valid_post(personas, page, action), field: pk}
        assert client.post(action_url(page["traject"], action), data).status_code == 400
    # (The access log grew: the page was shown again, with the reason.)
    assert state(other)[:-1] == before[:-1]


def test_an_invalid_contact_keeps_what_was_typed_in_its_open_form(personas, login, page):
    response = login(personas.casemanager).post(
        action_url(page["traject"], "contact"),
        {
            "contact-datum": "٣",
            "contact-soort": "telefonisch",
            "contact-minuten": "²",
            "contact-notitie": "Gebeld met moeder",
        },
    )
    assert response.status_code == 400
    assert response.context["open_action"] == "contact"
    html = response.content.decode()
    assert "Gebeld met moeder</textarea>" in html
    assert not Contactmoment.objects.exists()


def test_a_step_the_service_refuses_is_explained_at_the_top(personas, login, page):
    response = login(personas.casemanager).post(
        action_url(page["traject"], "fase"), {"fase-fase": "evaluatie"}
    )
    assert response.status_code == 400
    assert "Deze stap kan niet vanuit de huidige fase." in response.content.decode()


# --- the referral's dates, saved in place ---------------------------------------------------


def test_referral_dates_are_saved_in_place_with_htmx(personas, login, page):
    verwijzing = page["verwijzing"]
    today = timezone.localdate()
    response = login(personas.casemanager).post(
        action_url(page["traject"], "verwijzing_data"),
        {"verwijzing": verwijzing.pk, "started_at": today.isoformat(), "ended_at": ""},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    # Only the row, with its own ids, and the news in it (no message left for the next page).
    assert html.lstrip().startswith(f'<tr id="verwijzing-{verwijzing.pk}">')
    assert f'id="v{verwijzing.pk}-started_at"' in html
    assert "De data van de verwijzing zijn opgeslagen." in html
    assert "<html" not in html
    verwijzing.refresh_from_db()
    assert verwijzing.started_at == today


def test_refused_referral_dates_come_back_in_the_row_with_the_reason(personas, login, page):
    verwijzing = page["verwijzing"]
    before = verwijzing.referred_at - timedelta(days=1)
    response = login(personas.casemanager).post(
        action_url(page["traject"], "verwijzing_data"),
        {"verwijzing": verwijzing.pk, "started_at": before.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "De hulp kan niet starten voor de verwijzing." in html
    assert f'value="{before.isoformat()}"' in html  # what was typed
    verwijzing.refresh_from_db()
    assert verwijzing.started_at is None


def test_referral_dates_without_javascript_go_back_to_the_page(personas, login, page):
    verwijzing = page["verwijzing"]
    client = login(personas.casemanager)
    url = action_url(page["traject"], "verwijzing_data")
    bad = client.post(url, {"verwijzing": verwijzing.pk, "started_at": "31-02-2026"})
    assert bad.status_code == 400
    assert "<html" in bad.content.decode()
    ok = client.post(url, {"verwijzing": verwijzing.pk, "started_at": ""}, follow=True)
    assert "De data van de verwijzing zijn opgeslagen." in ok.content.decode()


def test_htmx_is_loaded_on_the_traject_page_only(personas, login, page, client):
    traject_page = login(personas.casemanager).get(
        reverse("casemanagement:traject", args=[page["traject"].pk])
    )
    assert "htmx.min.js" in traject_page.content.decode()
    assert "htmx.min.js" not in client.get(reverse("casemanagement:caseload")).content.decode()
    client.logout()
    assert "htmx.min.js" not in client.get(reverse("aanmelding:aanmelden")).content.decode()


# --- caseload: the filter and the substitution -----------------------------------------------


# (A NUL in a query string is the fuzz test's: the access log stores the query.)
@pytest.mark.parametrize("junk", [junk for junk in JUNK_IDS if "\x00" not in junk])
def test_a_junk_casemanager_filter_is_reported_not_a_server_error(personas, login, page, junk):
    response = login(personas.coordinator).get(
        reverse("casemanagement:caseload"), {"casemanager": junk}
    )
    assert response.status_code == 200
    if junk:
        assert "Kies een casemanager uit de lijst." in response.content.decode()
    # Not applied: the list shows everyone's trajecten.
    assert [r.traject for r in response.context["rows"]] == [page["traject"]]


def test_the_casemanager_filter_narrows_the_list(personas, login, page):
    TrajectFactory(region=personas.region, casemanager=personas.colleague_casemanager)
    client = login(personas.coordinator)
    url = reverse("casemanagement:caseload")
    assert len(client.get(url).context["rows"]) == 2
    rows = client.get(url, {"casemanager": personas.casemanager.pk}).context["rows"]
    assert [r.traject for r in rows] == [page["traject"]]


def _vervanging_post(personas) -> dict:
    today = timezone.localdate()
    return {
        "vervanging-afwezige": personas.casemanager.pk,
        "vervanging-vervanger": personas.colleague_casemanager.pk,
        "vervanging-van": today.isoformat(),
        "vervanging-tot": (today + timedelta(days=7)).isoformat(),
        "vervanging-reden": "Verlof",
    }


@pytest.mark.parametrize(
    "persona", ["casemanager", "expert", "gemeente_official", "beheerder", "colleague_casemanager"]
)
def test_only_a_coordinator_arranges_a_substitution_on_the_page(personas, login, persona):
    response = login(getattr(personas, persona)).post(
        reverse("casemanagement:vervanging"), _vervanging_post(personas)
    )
    assert response.status_code == 403
    assert not Vervanging.objects.exists()


def test_a_coordinator_of_another_region_cannot_name_this_regions_casemanagers(personas, login):
    response = login(personas.outsider_coordinator).post(
        reverse("casemanagement:vervanging"), _vervanging_post(personas)
    )
    assert response.status_code == 400
    assert "Kies een casemanager uit de lijst." in response.content.decode()
    assert not Vervanging.objects.exists()


def test_a_coordinator_arranges_a_substitution(personas, login):
    client = login(personas.coordinator)
    form_page = client.get(reverse("casemanagement:vervanging"))
    assert form_page.status_code == 200
    assert 'name="vervanging-vervanger"' in form_page.content.decode()
    response = client.post(reverse("casemanagement:vervanging"), _vervanging_post(personas))
    assert response.status_code == 302
    assert Vervanging.objects.get().vervanger == personas.colleague_casemanager
    listed = client.get(reverse("casemanagement:vervanging")).content.decode()
    assert f"{personas.colleague_casemanager.full_name} vervangt" in listed


def test_a_wrong_substitution_shows_its_page_again_with_what_was_typed(personas, login):
    client = login(personas.coordinator)
    data = {**_vervanging_post(personas), "vervanging-tot": "morgen"}
    response = client.post(reverse("casemanagement:vervanging"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="foutmeldingen"' in body
    assert 'value="Verlof"' in body  # the reason typed is still there
    assert not Vervanging.objects.exists()


def test_only_coordinators_see_the_substitution_page(personas, login):
    assert login(personas.casemanager).get(reverse("casemanagement:vervanging")).status_code == 403


@pytest.mark.parametrize("junk", ["²", "٣", str(2**70), "", "x\x00"])
def test_plan_versions_to_compare_ignore_junk(personas, login, page, junk):
    traject = page["traject"]
    services.plan_save_version(
        traject=traject,
        by=personas.casemanager,
        gezinsvraag="Een andere vraag",
        doelen=[],
        acties=[],
        evaluatie_datum=timezone.localdate() + timedelta(days=90),
        wijziging="",
    )
    response = login(personas.casemanager).get(
        reverse("casemanagement:plan_compare", args=[traject.pk]), {"a": junk, "b": junk}
    )
    assert response.status_code == 200
    diff = response.context["diff"]
    assert (diff.oud.nummer, diff.nieuw.nummer) == (1, 2)


# --- the parents' link --------------------------------------------------------------------

PARENT_ACTIONS = ["akkoord", "vraag", "tevredenheid", "toestemming_intrekken"]


@pytest.fixture
def parent(personas, page) -> str:
    _link, token = services.ouderlink_create(
        gezin=page["traject"].gezin, by=personas.casemanager, email="ouder@example.org"
    )
    return token


@pytest.mark.parametrize("action", PARENT_ACTIONS)
def test_a_parents_action_answers_a_get_with_405(client, parent, action):
    url = reverse(f"casemanagement:ouder_{action}", args=[parent])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("action", PARENT_ACTIONS)
def test_a_parents_action_with_an_unknown_link_shows_the_friendly_page(client, page, action):
    before = state(page["traject"])
    response = client.post(
        reverse(f"casemanagement:ouder_{action}", args=["1.verzonnen"]),
        {"toestemming": "1", "vraag-tekst": "?", "tevredenheid-score": "8"},
    )
    assert response.status_code == 404
    assert "Deze link werkt niet meer" in response.content.decode()
    assert state(page["traject"]) == before


def test_guessing_links_on_the_action_urls_counts_towards_the_same_limit(client, parent, settings):
    settings.IVH_OUDERLINK_RATE_PER_IP = "2/h"
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    guesses = [
        client.post(
            reverse(f"casemanagement:ouder_{action}", args=[secrets.token_urlsafe(32)]),
            REMOTE_ADDR=address,
        ).status_code
        for action in ("vraag", "akkoord", "toestemming_intrekken")
    ]
    assert guesses == [404, 404, 429]
    # Stopped on the page too, also with a right link; a parent at another address is not.
    page_url = reverse("casemanagement:ouder", args=[parent])
    assert client.get(page_url, REMOTE_ADDR=address).status_code == 429
    vraag_url = reverse("casemanagement:ouder_vraag", args=[parent])
    ok = client.post(vraag_url, {"vraag-tekst": "?"}, REMOTE_ADDR="10.250.250.251")
    assert ok.status_code == 302


@pytest.mark.parametrize("junk", ["0", str(2**63), "9" * 30, "²", "-5", "abc", "", "1\x00"])
def test_withdrawing_a_consent_with_a_junk_id_is_refused_kindly(client, page, parent, junk):
    consents = page["traject"].aanmelding.toestemmingen
    before = list(consents.values())
    response = client.post(
        reverse("casemanagement:ouder_toestemming_intrekken", args=[parent]),
        {"toestemming": junk},
    )
    assert response.status_code == 400
    assert "alert-danger" in response.content.decode()
    assert list(consents.values()) == before


def test_a_parent_cannot_withdraw_another_familys_consent(client, personas, page, parent):
    other = AanmeldingFactory(gemeente=personas.gemeente)
    consent = other.toestemmingen.get(doel="mdo")
    response = client.post(
        reverse("casemanagement:ouder_toestemming_intrekken", args=[parent]),
        {"toestemming": consent.pk},
    )
    assert response.status_code == 400
    assert "Deze toestemming kunt u niet (meer) intrekken." in response.content.decode()
    consent.refresh_from_db()
    assert consent.geldig


def test_a_parents_question_that_is_refused_keeps_what_was_typed(client, parent):
    response = client.post(
        reverse("casemanagement:ouder_vraag", args=[parent]),
        {"vraag-tekst": "x" * 2001},
    )
    assert response.status_code == 400
    assert "x" * 2001 + "</textarea>" in response.content.decode()
    assert not OuderVraag.objects.filter(tekst__startswith="xx").exists()


def test_a_survey_answer_without_a_survey_is_refused(client, parent):
    response = client.post(
        reverse("casemanagement:ouder_tevredenheid", args=[parent]),
        {"tevredenheid-score": "8"},
    )
    assert response.status_code == 400
    assert "Er staat voor u geen vragenlijst klaar." in response.content.decode()
