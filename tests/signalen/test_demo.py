"""After `make run` (which seeds the demo) every kind of signal is there to see, with one clock
held; seeding again adds nothing."""

import pytest
from django.core.management import call_command

from ivh.termijnen.constants import Niveau
from ivh.termijnen.models import Pauze
from signalen.models import Signaal

pytestmark = pytest.mark.django_db


def test_the_demo_has_signals_at_each_level_and_a_held_clock():
    call_command("seed_demo")
    levels = set(Signaal.objects.open().values_list("level", flat=True))
    assert {Niveau.BIJNA, Niveau.OVER, Niveau.VER_OVER} <= levels
    assert Pauze.objects.filter(ended_at__isnull=True).count() == 1
    before = Signaal.objects.count()
    call_command("seed_demo")
    assert Signaal.objects.count() == before
    assert Pauze.objects.count() == 1
