"""When the service refuses a value the casemanager typed (a contact or referral in the future,
help that ended before it started), the page shows the reason at that field, with what was
typed kept, not only in a banner above the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement.models import Contactmoment, Verwijzing
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traject(personas):
    return TrajectFactory(region=personas.region, casemanager=personas.casemanager)


def _field_error(body: str, field_id: str, message: str) -> bool:
    """The field is marked invalid and the message is in the summary linked to it."""
    tag_start = body.index(f'id="{field_id}"')
    tag = body[body.rindex("<", 0, tag_start) : body.index(">", tag_start)]
    summary = body[body.index('id="foutmeldingen"') :]
    return "is-invalid" in tag and f'href="#{field_id}"' in summary and message in summary


def test_a_contact_in_the_future_is_refused_at_its_date(personas, login, traject):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = login(personas.casemanager).post(
        reverse("casemanagement:traject_contact", args=[traject.pk]),
        {
            "contact-datum": tomorrow.isoformat(),
            "contact-soort": "telefonisch",
            "contact-minuten": "15",
            "contact-notitie": "Gebeld met moeder over de logopedie.",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert _field_error(body, "id_contact-datum", "Een contact kan niet in de toekomst liggen.")
    assert not list(response.context["messages"])
    assert "Gebeld met moeder over de logopedie." in body
    assert not Contactmoment.objects.exists()


def test_a_referral_in_the_future_is_refused_at_its_date(personas, login, traject):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = login(personas.casemanager).post(
        reverse("casemanagement:traject_verwijzing", args=[traject.pk]),
        {
            "verwijzing-organisatie": personas.ziekenhuis.pk,
            "verwijzing-referred_at": tomorrow.isoformat(),
            "verwijzing-toelichting": "Voor onderzoek naar het gehoor.",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert _field_error(
        body, "id_verwijzing-referred_at", "De verwijsdatum kan niet in de toekomst liggen."
    )
    assert not list(response.context["messages"])
    assert not Verwijzing.objects.exists()
