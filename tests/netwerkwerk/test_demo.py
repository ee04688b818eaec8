import pytest
from django.core.management import call_command

from ivh.netwerk.models import Region
from netwerkwerk.models import Consult, Netwerkactiviteit

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_consults_and_activities_and_is_idempotent():
    call_command("seed_demo")
    haaglanden = Region.objects.get(slug="haaglanden")
    consults = Consult.objects.filter(region=haaglanden)
    assert consults.count() == 60
    assert consults.values("vraagsteller").distinct().count() >= 5
    assert consults.exclude(gemeente=None).values("gemeente").distinct().count() >= 5
    # Every gemeente is one of the region's.
    assert not consults.exclude(gemeente=None).exclude(gemeente__region=haaglanden).exists()
    assert consults.filter(aanmelding__isnull=False).count() == 1
    assert Netwerkactiviteit.objects.filter(region=haaglanden).count() == 8
    call_command("seed_demo")
    assert (Consult.objects.count(), Netwerkactiviteit.objects.count()) == (60, 8)
