"""Issue 9, item 7: "Wie heeft uw dossier geopend?" on the parents' page, grouped per person,
role and day, newest first, each read's time on request; roles in one Dutch spelling."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from casemanagement import services
from ivh.audit.models import AccessLogEntry
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas, traject):
    traject.aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    traject.save()
    personas.casemanager.full_name = "Ahmed el Amrani"
    personas.casemanager.save(update_fields=["full_name"])
    _link, token = services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    return token


def _section(content: str) -> str:
    return content.split('id="kop-geopend"', 1)[1].split("</section>", 1)[0]


def test_reads_are_grouped_per_person_role_and_day_with_the_times_on_request(
    client, personas, login, traject, token
):
    staff = login(personas.casemanager)
    for _ in range(3):
        staff.get(reverse("casemanagement:traject", args=[traject.pk]))
        time.sleep(1.05)  # a read is counted once per second (one request, an entry per child)
    # The coordinator read once in English before the log kept to Dutch: that entry says
    # "Coordinator"; the parents read "coördinator", as for the Dutch read.
    AccessLogEntry.objects.create(
        at=timezone.now() - timedelta(seconds=2),
        user=personas.coordinator,
        actor_label=personas.coordinator.email,
        role="Coordinator",
        action="view",
        object_type="casemanagement.traject",
        object_id=str(traject.pk),
        client_ref=traject.gezin.kinderen.get().reference,
    )
    login(personas.coordinator).get(reverse("casemanagement:traject", args=[traject.pk]))
    assert AccessLogEntry.objects.filter(role="Coördinator").exists()
    client.logout()

    content = client.get(reverse("casemanagement:ouder", args=[token])).content.decode()
    section = _section(content)
    today = date_format(timezone.localdate(), "j F Y")
    assert f"<strong>Ahmed el Amrani</strong>, casemanager, 3× op {today}" in section
    assert (
        f"<strong>{escape(personas.coordinator.full_name)}</strong>, coördinator, 2× op {today}"
        in section
    )
    assert "Coordinator" not in section and "Coördinator" not in section
    # One line per person and day (plus the parents' own visit), not one per page view.
    assert section.count("<details>") == 3
    assert f"<strong>U zelf (via deze link)</strong>, 1× op {today}" in section
    # The times, on request: Ahmed's three reads.
    ahmed = section.split("Ahmed el Amrani", 1)[1].split("</details>", 1)[0]
    assert ahmed.count(":") == 1 + 3  # "Tijden:" and three times
    assert personas.casemanager.email not in content


def test_newest_day_first(client, personas, traject, token):
    kind = traject.gezin.kinderen.get()
    for days_ago, user in ((5, personas.coordinator), (1, personas.casemanager)):
        AccessLogEntry.objects.create(
            at=timezone.now() - timedelta(days=days_ago),
            user=user,
            actor_label=user.email,
            role="Casemanager" if user == personas.casemanager else "Coördinator",
            action="view",
            object_type="casemanagement.traject",
            object_id=str(traject.pk),
            client_ref=kind.reference,
        )
    section = _section(client.get(reverse("casemanagement:ouder", args=[token])).content.decode())
    own = section.index("U zelf")
    ahmed = section.index("Ahmed el Amrani")
    coordinator = section.index(escape(personas.coordinator.full_name))
    assert own < ahmed < coordinator


def test_the_list_costs_the_same_queries_for_a_long_log(client, personas, traject, token):
    url = reverse("casemanagement:ouder", args=[token])
    kind = traject.gezin.kinderen.get()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=timezone.now() - timedelta(hours=i),
            user=personas.casemanager,
            actor_label=personas.casemanager.email,
            role="Casemanager",
            action="view",
            object_type="casemanagement.traject",
            object_id=str(traject.pk),
            client_ref=kind.reference,
        )
        for i in range(500)
    )
    with CaptureQueriesContext(connection) as many:
        content = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    # 500 reads over about 21 days: a line a day, not a row a read.
    assert 20 <= _section(content).count("Ahmed el Amrani") <= 23


def test_another_familys_reads_are_not_in_the_list(client, personas, login, traject, token):
    from tests.casemanagement.factories import TrajectFactory

    other = TrajectFactory(region=personas.region, casemanager=personas.colleague_casemanager)
    login(personas.colleague_casemanager).get(reverse("casemanagement:traject", args=[other.pk]))
    client.logout()
    section = _section(client.get(reverse("casemanagement:ouder", args=[token])).content.decode())
    assert escape(personas.colleague_casemanager.full_name) not in section
