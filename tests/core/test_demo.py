import pytest
from django.core.management import CommandError, call_command

from aanmelding.constants import Status
from aanmelding.models import Aanmelding
from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.models import Gemeente, Organisatie, Region
from mdo.models import Mdo

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "coordinator@demo.ivh.nl": (Role.COORDINATOR, "haaglanden"),
    "casemanager1@demo.ivh.nl": (Role.CASEMANAGER, "haaglanden"),
    "casemanager2@demo.ivh.nl": (Role.CASEMANAGER, "haaglanden"),
    "expert@demo.ivh.nl": (Role.MDO_EXPERT, "haaglanden"),
    "gemeente@demo.ivh.nl": (Role.GEMEENTE, "haaglanden"),
    "beheer@demo.ivh.nl": (Role.BEHEERDER, None),
    "coordinator.zeeland@demo.ivh.nl": (Role.COORDINATOR, "zeeland"),
}


def test_seed_demo_builds_the_network_and_accounts_and_is_idempotent():
    call_command("seed_demo")
    counts = (
        Region.objects.count(),
        Gemeente.objects.count(),
        Organisatie.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    call_command("seed_demo")
    assert counts == (
        Region.objects.count(),
        Gemeente.objects.count(),
        Organisatie.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    assert Gemeente.objects.get(cbs_code="GM0518").region.slug == "haaglanden"
    assert Gemeente.objects.for_postcode("4331 AB").get().name == "Middelburg"
    for email, (role, region_slug) in ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.check_password("ivh-demo-2026")
        assert user.has_role(role)
        if region_slug:
            assert Region.objects.get(slug=region_slug).pk in user.region_ids()


def test_seed_demo_refuses_production(settings):
    settings.IVH_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")


def test_seed_demo_builds_each_app_s_demo_on_the_one_below_and_is_idempotent():
    # werkplek composes: registrations (aanmelding), the trajecten casemanagement starts from
    # them after intake, the MDOs those families are on (mdo).
    call_command("seed_demo")
    counts = (Aanmelding.objects.count(), Traject.objects.count(), Mdo.objects.count())
    call_command("seed_demo")
    assert counts == (Aanmelding.objects.count(), Traject.objects.count(), Mdo.objects.count())
    trajecten = Traject.objects.select_related("aanmelding", "casemanager")
    assert len(trajecten) == 6
    for traject in trajecten:
        assert traject.aanmelding.status == Status.TRAJECT
        assert traject.casemanager.email.startswith("casemanager")
        # the intake decision: after the first contact, never before
        assert traject.casemanager_assigned_at >= traject.aanmelding.first_contact_at
    assert Mdo.objects.filter(agendapunten__isnull=False).exists()
