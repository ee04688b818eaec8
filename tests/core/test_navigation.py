"""The main navigation offers a page exactly when that page lets the user in: one gate per page,
read by both the view and the menu."""

import pytest
from django.urls import reverse

PAGES = {
    "aanmeldpunt": "aanmelding:inbox",
    "trajecten": "casemanagement:caseload",
    "mdo": "mdo:overzicht",
    "toegangslog": "audit:access_log",
    "signalen": "signalen:overzicht",
    "monitor": "monitor:overzicht",
    "netwerkwerk": "netwerkwerk:consulten",
    "stuurgroep": "netwerkwerk:stuurgroep",
    "kwaliteit": "kwaliteit:overzicht",
    "bewaring": "bewaring:kalender",
}
PERSONAS = [
    "coordinator",
    "casemanager",
    "expert",
    "gemeente_official",
    "beheerder",
    "outsider_casemanager",
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_menu_offers_a_page_exactly_when_the_page_opens(personas, login, persona):
    client = login(getattr(personas, persona))
    nav = client.get(reverse("core:start")).context["nav"]
    for key, url_name in PAGES.items():
        status = client.get(reverse(url_name)).status_code
        assert status in (200, 403), (persona, key, status)
        assert nav[key] is (status == 200), (persona, key, status)


@pytest.mark.django_db
def test_each_page_refuses_the_roles_it_is_not_for(personas, login):
    expected = {
        "coordinator": {
            "aanmeldpunt",
            "trajecten",
            "mdo",
            "toegangslog",
            "signalen",
            "monitor",
            "netwerkwerk",
            "stuurgroep",
            "kwaliteit",
            "bewaring",
        },
        "casemanager": {"trajecten", "mdo", "signalen"},
        "expert": {"mdo"},
        "gemeente_official": {"monitor", "stuurgroep", "kwaliteit"},
        "beheerder": {"toegangslog"},
    }
    for persona, allowed in expected.items():
        client = login(getattr(personas, persona))
        opened = {k for k, name in PAGES.items() if client.get(reverse(name)).status_code == 200}
        assert opened == allowed, persona


def test_anonymous_visitors_get_the_login_page_not_the_menu(client, db):
    response = client.get(reverse("aanmelding:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
