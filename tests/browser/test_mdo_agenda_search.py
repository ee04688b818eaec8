"""The coordinator finds a family waiting for an MDO by name on the planned MDO page and puts
it on the agenda (issue 16: the page offers only waiting families, with a search)."""

import pytest
from django.core.management import call_command

from casemanagement.constants import Fase
from casemanagement.models import Traject
from casemanagement.services import traject_set_fase
from mdo.models import Mdo

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo")


def test_coordinator_searches_a_waiting_family_and_puts_it_on_the_agenda(page, demo):
    adam = Traject.objects.get(aanmelding__kind_first_name="Adam")
    eva = Traject.objects.get(aanmelding__kind_first_name="Eva")
    yusuf = Traject.objects.get(aanmelding__kind_first_name="Yusuf")  # not waiting
    for traject in (adam, eva):
        traject_set_fase(traject=traject, by=traject.casemanager, fase=Fase.MDO)
    mdo = Mdo.objects.get(status="gepland")

    log_in(page, "coordinator@demo.ivh.nl", "ivh-demo-2026")
    page.goto(page.base_url + f"/mdo/{mdo.pk}/")
    page.get_by_text("Gezin op de agenda zetten").click()
    families = page.locator("#id_punt-traject option:not([value=''])")
    offered = families.all_inner_texts()
    assert any(adam.gezin.reference in text for text in offered)
    assert any(eva.gezin.reference in text for text in offered)
    assert not any(yusuf.gezin.reference in text for text in offered)

    page.get_by_label("Zoek een gezin").fill("adam")
    page.get_by_role("button", name="Zoeken").click()
    # The page comes back with the form open and only the family found.
    assert page.get_by_text("1 gezin gevonden voor ‘adam’.").is_visible()
    assert families.all_inner_texts() == [f"{adam.gezin.reference} – Adam"]
    assert page.get_by_label("Zoek een gezin").input_value() == "adam"
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-gezin-zoeken")

    page.locator("#id_punt-traject").select_option(str(adam.pk))
    page.get_by_label("Vraag aan het team").fill("Wat is er nodig voor Adam?")
    page.get_by_label("Kinderarts", exact=True).check()
    page.get_by_role("button", name="Op de agenda zetten").click()
    assert page.get_by_text("Het gezin staat op de agenda").is_visible()
    assert mdo.agendapunten.filter(traject=adam).exists()

    # Adam is on the agenda now: a search for him finds no waiting family.
    page.get_by_text("Gezin op de agenda zetten").click()
    page.get_by_label("Zoek een gezin").fill("Adam")
    page.get_by_role("button", name="Zoeken").click()
    assert page.get_by_text("Geen wachtend gezin gevonden voor ‘Adam’.").is_visible()
    page.get_by_role("link", name="Alle wachtende gezinnen").click()
    assert families.all_inner_texts() == [f"{eva.gezin.reference} – Eva"]
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "mdo-gezin-zoeken-niets-gevonden")
