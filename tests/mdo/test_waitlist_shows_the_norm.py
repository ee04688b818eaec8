"""The MDO waiting list says how long a family waits *and* against which norm, so that the
verdict after it cannot be read as a number of days past the norm ("48 dagen boven de norm" read
as 48 days too late when the family waited 48 days against six weeks)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement.models import Traject
from ivh.termijnen.constants import Regel
from ivh.termijnen.sync import termijnen_sync
from tests.mdo.conftest import traject_with_consent
from tests.support.norms import set_norm

pytestmark = pytest.mark.django_db

OVERZICHT = reverse("mdo:overzicht")


def _waiting(personas, name: str, days: int) -> Traject:  # noqa: ANN001
    traject = traject_with_consent(personas, personas.casemanager, first_name=name)
    Traject.objects.filter(pk=traject.pk).update(received_at=timezone.now() - timedelta(days=days))
    return traject


def _cell(content: str, traject: Traject) -> str:
    """The text of the row's "Wacht sinds aanmelding" cell, tags removed."""
    row = content.split(traject.gezin.reference, 1)[1].split("</tr>", 1)[0]
    cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def test_a_late_family_shows_its_days_then_the_norm_then_the_verdict(personas, login):
    late = _waiting(personas, "Sem", 48)
    recent = _waiting(personas, "Lina", 10)
    termijnen_sync()
    content = login(personas.coordinator).get(OVERZICHT).content.decode()

    # The region's default MDO norm: six weeks from the registration.
    assert _cell(content, late).startswith("48 dagen (norm: 6 weken) boven de norm MDO uiterlijk")
    assert _cell(content, recent).startswith("10 dagen (norm: 6 weken) MDO uiterlijk")
    assert "boven de norm" not in _cell(content, recent)


def test_the_norm_shown_is_the_regions_own(personas, login):
    set_norm(personas.region, Regel.MDO, 4, by=personas.coordinator)
    late = _waiting(personas, "Sem", 35)
    termijnen_sync()
    content = login(personas.coordinator).get(OVERZICHT).content.decode()
    assert _cell(content, late).startswith("35 dagen (norm: 4 weken) boven de norm")


def test_without_a_running_deadline_no_norm_is_claimed(personas, login):
    # Not synced: no deadline has started, so the page knows no norm for this family yet.
    waiting = _waiting(personas, "Sem", 48)
    content = login(personas.coordinator).get(OVERZICHT).content.decode()
    assert _cell(content, waiting) == "48 dagen"
