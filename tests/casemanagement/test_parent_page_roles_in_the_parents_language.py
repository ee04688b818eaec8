"""The parents' page "Who opened your file?" names each reader's role in the language the parents
chose: the log keeps one Dutch spelling ("coördinator"), the page translates it when it is shown."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casemanagement import services
from ivh.audit.models import AccessLogEntry
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas, traject):
    traject.aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    traject.save()
    _link, token = services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    return token


@pytest.fixture
def reads(personas, traject):
    """One read each, as the log wrote them: the coordinator, the casemanager, the MDO expert,
    someone with two roles, and a role the page does not know."""
    kind = traject.gezin.kinderen.get()
    readers = [
        (personas.coordinator, "Coördinator"),
        (personas.casemanager, "Casemanager"),
        (personas.expert, "MDO-deelnemer"),
        (personas.colleague_coordinator, "Casemanager, Coördinator"),
        (personas.beheerder, "Adviseur"),
    ]
    for minutes, (user, role) in enumerate(readers):
        AccessLogEntry.objects.create(
            at=timezone.now() - timedelta(minutes=minutes + 1),
            user=user,
            actor_label=user.email,
            role=role,
            action="view",
            object_type="casemanagement.traject",
            object_id=str(traject.pk),
            client_ref=kind.reference,
        )
    return {user: role for user, role in readers}


def section(client, token: str, language: str) -> str:  # noqa: ANN001
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get(reverse("casemanagement:ouder", args=[token])).content.decode()
    return content.split('id="kop-geopend"', 1)[1].split("</section>", 1)[0]


def line_of(html: str, user) -> str:  # noqa: ANN001
    return html.split(f"<strong>{escape(user.full_name)}</strong>", 1)[1].split(" <span", 1)[0]


def test_the_english_page_names_the_roles_in_english(client, personas, token, reads):
    html = section(client, token, "en")
    assert line_of(html, personas.coordinator).startswith(", coordinator, 1× on ")
    assert line_of(html, personas.casemanager).startswith(", case manager, 1× on ")
    assert line_of(html, personas.expert).startswith(", MDO participant, 1× on ")
    assert line_of(html, personas.colleague_coordinator).startswith(
        ", coordinator, case manager, 1× on "
    )
    # A role the page has no word for is shown as it was logged, not dropped.
    assert line_of(html, personas.beheerder).startswith(", adviseur, 1× on ")
    for dutch in ("coördinator", "casemanager", "MDO-deelnemer"):
        assert dutch not in html, dutch


def test_the_dutch_page_keeps_the_dutch_roles(client, personas, token, reads):
    html = section(client, token, "nl")
    assert line_of(html, personas.coordinator).startswith(", coördinator, 1× op ")
    assert line_of(html, personas.casemanager).startswith(", casemanager, 1× op ")
    assert line_of(html, personas.expert).startswith(", MDO-deelnemer, 1× op ")
    assert line_of(html, personas.colleague_coordinator).startswith(
        ", coördinator, casemanager, 1× op "
    )
