"""Shared fixtures: personas in two regions, for grant and refusal tests alike."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Organisatie, Region
from tests.accounts.factories import RoleAssignmentFactory
from tests.netwerk.factories import (
    GemeenteFactory,
    OrganisatieFactory,
    PostcodegebiedFactory,
    RegionFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _private_media(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Documents stored by any test (the demo data's too) go to a scratch directory of the run,
    never into the project's own data directory."""
    settings.IVH_PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@dataclass
class Personas:
    region: Region
    other_region: Region
    gemeente: Gemeente
    other_gemeente: Gemeente
    mee: Organisatie
    ziekenhuis: Organisatie
    other_organisatie: Organisatie
    coordinator: User
    colleague_coordinator: User
    casemanager: User
    colleague_casemanager: User
    expert: User
    gemeente_official: User
    beheerder: User
    outsider_coordinator: User
    outsider_casemanager: User


@pytest.fixture
def personas(db: None) -> Personas:
    region = RegionFactory(name="Haaglanden", slug="haaglanden")
    other = RegionFactory(name="Zeeland", slug="zeeland")
    gemeente = GemeenteFactory(
        name="'s-Gravenhage", cbs_code="GM0518", region=region, kinderen_0_6=38000
    )
    PostcodegebiedFactory(gemeente=gemeente, van=2491, tot=2599)
    other_gemeente = GemeenteFactory(
        name="Middelburg", cbs_code="GM0687", region=other, kinderen_0_6=3000
    )
    PostcodegebiedFactory(gemeente=other_gemeente, van=4330, tot=4339)
    mee = OrganisatieFactory(name="MEE Test", mee=True, regions=[region])
    ziekenhuis = OrganisatieFactory(name="Ziekenhuis Test", ziekenhuis=True, regions=[region])
    other_org = OrganisatieFactory(name="MEE Zeeland Test", mee=True, regions=[other])

    def role(**kwargs: object) -> User:
        return RoleAssignmentFactory(**kwargs).user

    return Personas(
        region=region,
        other_region=other,
        gemeente=gemeente,
        other_gemeente=other_gemeente,
        mee=mee,
        ziekenhuis=ziekenhuis,
        other_organisatie=other_org,
        coordinator=role(coordinator=True, region=region),
        colleague_coordinator=role(coordinator=True, region=region),
        casemanager=role(casemanager=True, region=region, organisatie=mee),
        colleague_casemanager=role(casemanager=True, region=region, organisatie=mee),
        expert=role(expert=True, region=region, organisatie=ziekenhuis),
        gemeente_official=role(gemeente_official=True, gemeente=gemeente),
        beheerder=role(beheerder=True),
        outsider_coordinator=role(coordinator=True, region=other),
        outsider_casemanager=role(casemanager=True, region=other, organisatie=other_org),
    )


@pytest.fixture
def login(client: Client):
    """Log a persona in (password and, when present, the second factor already passed)."""

    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login
