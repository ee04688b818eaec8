"""The parents read the planned MDO for their child against the agreed norm."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement import services as cm
from casemanagement.tokens import ouderlink_token
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.services import calendar_extend
from mdo import services

pytestmark = pytest.mark.django_db


def test_the_parents_read_the_planned_mdo_within_the_norm(personas, mdo, traject, client):
    calendar_extend()
    termijn_start(
        subject_kind=Onderwerp.TRAJECT,
        subject_id=traject.pk,
        regel=Regel.MDO,
        region_id=personas.region.pk,
        started_at=timezone.now() - timedelta(days=7),
    )
    services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    link, _token = cm.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email="ouders@example.org"
    )
    text = client.get(reverse("casemanagement:ouder", args=[ouderlink_token(link)])).content
    assert "Het MDO is gepland op" in text.decode()
    assert "binnen de afgesproken 6 weken" in text.decode()
