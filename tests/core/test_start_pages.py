import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.constants import Status
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("coordinator", "Regio Haaglanden"),
        ("casemanager", "MEE Test – Haaglanden"),
        ("expert", "Kinderarts, Ziekenhuis Test"),
        ("gemeente_official", "Geschatte doelgroep"),
        ("beheerder", "Naar beheer"),
    ],
)
def test_each_role_sees_its_own_start_page(personas, login, persona, expected):
    response = login(getattr(personas, persona)).get(reverse("core:start"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_coordinator_sees_the_open_registrations_of_own_region_only(personas, login):
    AanmeldingFactory.create_batch(3, gemeente=personas.gemeente)
    AanmeldingFactory(  # closed
        gemeente=personas.gemeente, status=Status.ADVIES, closed_at=timezone.now()
    )
    AanmeldingFactory.create_batch(2, gemeente=personas.other_gemeente)  # other region
    content = login(personas.coordinator).get(reverse("core:start")).content.decode()
    assert 'data-telling="open-aanmeldingen">3</a>' in content


def test_casemanager_sees_the_number_of_own_open_trajecten(personas, login):
    TrajectFactory.create_batch(2, region=personas.region, casemanager=personas.casemanager)
    TrajectFactory(region=personas.region, casemanager=personas.colleague_casemanager)
    content = login(personas.casemanager).get(reverse("core:start")).content.decode()
    assert "U heeft 2 open trajecten." in content


def test_coordinator_start_page_does_not_show_other_regions(personas, login):
    content = login(personas.coordinator).get(reverse("core:start")).content.decode()
    assert "Zeeland" not in content


def test_user_without_role_is_told_so(login, db):
    from tests.accounts.factories import UserFactory

    content = login(UserFactory()).get(reverse("core:start")).content.decode()
    assert "U heeft nog geen rol" in content


def test_home_redirects_a_logged_in_user_to_the_start_page(personas, login):
    response = login(personas.casemanager).get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("core:start")


def test_pages_are_dutch_by_default_with_landmarks_and_skip_link(client, db):
    content = client.get(reverse("core:home")).content.decode()
    assert '<html lang="nl">' in content
    assert 'href="#inhoud"' in content and 'id="inhoud"' in content
    assert "<main" in content and "<header>" in content and "<footer" in content


def test_english_is_available(client, db):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "en"})
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Log in" in content
