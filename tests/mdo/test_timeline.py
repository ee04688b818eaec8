"""MDO entries reach the traject's timeline through the provider mdo registers; casemanagement
itself does not import mdo."""

import pytest
from django.urls import reverse

from casemanagement import timeline
from mdo import services
from mdo.timeline import mdo_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(personas, mdo, traject):
    return services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="Hoe helpen we Noor met praten?",
        disciplines=["kinderarts"],
        minuten=30,
    )


def test_mdo_registers_its_timeline_provider_when_the_app_is_ready():
    assert mdo_entries in timeline.timeline_providers()


def test_the_traject_page_shows_the_family_s_mdo_with_a_link_to_the_agenda_item(
    personas, login, item
):
    response = login(personas.casemanager).get(
        reverse("casemanagement:traject", args=[item.traject_id])
    )
    content = response.content.decode()
    punt_url = reverse("mdo:punt", args=[item.mdo_id, item.pk])
    assert f'<a href="{punt_url}">MDO (gepland)</a>' in content
    assert "Hoe helpen we Noor met praten?" in content


def test_without_mdo_s_provider_the_timeline_has_no_mdo_entry(monkeypatch, item):
    # The entry comes from the registry only: casemanagement has no MDO code of its own.
    without_mdo = [p for p in timeline.timeline_providers() if p is not mdo_entries]
    monkeypatch.setattr(timeline, "_providers", without_mdo)
    soorten = {entry.soort for entry in timeline.traject_timeline(item.traject)}
    assert "mdo" not in soorten
    assert "aanmelding" in soorten
