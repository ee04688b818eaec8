"""Demo data: two IVH regions with real gemeente names and CBS codes, partner organisations
and one account per role, then each domain app's own demo (registrations, trajecten, MDOs).
Children counts and postcode ranges are rounded approximations for demonstration, not official
figures. Idempotent: running it again updates, never duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from aanmelding import demo as aanmelding_demo
from casemanagement import demo as casemanagement_demo
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.constants import Discipline as D
from ivh.netwerk.constants import OrganisatieModel
from ivh.netwerk.constants import OrganisatieSoort as S
from ivh.netwerk.models import Dienst, Gemeente, Organisatie, Postcodegebied, Region
from kwaliteit import demo as kwaliteit_demo
from mdo import demo as mdo_demo
from monitor import demo as monitor_demo
from netwerkwerk import demo as netwerkwerk_demo
from signalen import demo as signalen_demo

DEMO_PASSWORD = "ivh-demo-2026"  # noqa: S105 - documented demo password, dev only


@dataclass(frozen=True)
class GemeenteSeed:
    name: str
    cbs_code: str
    kinderen_0_6: int
    postcodes: tuple[tuple[int, int], ...]


HAAGLANDEN = [
    GemeenteSeed("'s-Gravenhage", "GM0518", 38000, ((2491, 2599),)),
    GemeenteSeed("Delft", "GM0503", 5500, ((2611, 2629),)),
    GemeenteSeed("Rijswijk", "GM0603", 3800, ((2280, 2289),)),
    GemeenteSeed("Leidschendam-Voorburg", "GM1916", 4900, ((2260, 2275),)),
    GemeenteSeed("Zoetermeer", "GM0637", 8300, ((2711, 2729),)),
    GemeenteSeed("Westland", "GM1783", 8600, ((2670, 2694),)),
    GemeenteSeed("Pijnacker-Nootdorp", "GM1926", 4600, ((2631, 2632), (2641, 2645))),
    GemeenteSeed("Wassenaar", "GM0629", 1600, ((2240, 2245),)),
    GemeenteSeed("Midden-Delfland", "GM1842", 1300, ((2635, 2636), (3155, 3155))),
]

ZEELAND = [
    GemeenteSeed("Middelburg", "GM0687", 3000, ((4330, 4339),)),
    GemeenteSeed("Vlissingen", "GM0718", 2700, ((4380, 4389),)),
    GemeenteSeed("Goes", "GM0664", 2500, ((4460, 4469),)),
    GemeenteSeed("Terneuzen", "GM0715", 3300, ((4530, 4539),)),
    GemeenteSeed("Schouwen-Duiveland", "GM1676", 1800, ((4300, 4329),)),
    GemeenteSeed("Veere", "GM0717", 1100, ((4350, 4374),)),
    GemeenteSeed("Borsele", "GM0654", 1500, ((4430, 4456),)),
    GemeenteSeed("Kapelle", "GM0678", 900, ((4420, 4424),)),
    GemeenteSeed("Reimerswaal", "GM0703", 1900, ((4400, 4419),)),
    GemeenteSeed("Noord-Beveland", "GM1695", 450, ((4480, 4494),)),
    GemeenteSeed("Hulst", "GM0677", 1500, ((4560, 4589),)),
    GemeenteSeed("Sluis", "GM1714", 1000, ((4500, 4529),)),
    GemeenteSeed("Tholen", "GM0716", 2000, ((4690, 4699),)),
]

# (name, soort, regions, disciplines, reported waiting weeks, services)
ORGANISATIES: list[
    tuple[str, str, tuple[str, ...], list[str], int | None, list[tuple[str, int | None]]]
] = [
    (
        "MEE Zuid-Holland (demo)",
        S.MEE,
        ("haaglanden",),
        [D.TRAJECTBEGELEIDER, D.MAATSCHAPPELIJK_WERK],
        2,
        [("Casemanagement Integrale Vroeghulp", 1), ("Cliëntondersteuning", 3)],
    ),
    (
        "Centrum voor Jeugd en Gezin Den Haag (demo)",
        S.CJG,
        ("haaglanden",),
        [D.JGZ_ARTS, D.JGZ_VERPLEEGKUNDIGE],
        1,
        [("Consultatiebureau", 1), ("Opvoedondersteuning", 2)],
    ),
    (
        "Kinderdienstencentrum De Vlinder (demo)",
        S.KINDERDIENSTENCENTRUM,
        ("haaglanden",),
        [D.ORTHOPEDAGOOG, D.LOGOPEDIST, D.FYSIOTHERAPEUT],
        14,
        [("Dagbehandeling jonge kinderen", 16), ("Behandelgroep peuters", 12)],
    ),
    (
        "Kinderrevalidatie Haaglanden (demo)",
        S.KINDERREVALIDATIE,
        ("haaglanden",),
        [D.REVALIDATIEARTS, D.FYSIOTHERAPEUT, D.ERGOTHERAPEUT],
        10,
        [("Revalidatie jonge kind", 10)],
    ),
    (
        "Ziekenhuis Haaglanden, kindergeneeskunde (demo)",
        S.ZIEKENHUIS,
        ("haaglanden",),
        [D.KINDERARTS],
        6,
        [("Polikliniek ontwikkeling", 6)],
    ),
    (
        "Logopediepraktijk Het Praatje (demo)",
        S.PARAMEDISCH,
        ("haaglanden",),
        [D.LOGOPEDIST],
        8,
        [("Logopedie jonge kinderen", 8)],
    ),
    (
        "GGZ Jeugd Haaglanden (demo)",
        S.GGZ,
        ("haaglanden",),
        [D.GZ_PSYCHOLOOG, D.GGZ],
        18,
        [("Diagnostiek 0–6 jaar", 18), ("Ouder-kindbehandeling", 20)],
    ),
    (
        "GGD Zeeland (demo)",
        S.JGZ,
        ("zeeland",),
        [D.JGZ_ARTS, D.JGZ_VERPLEEGKUNDIGE],
        1,
        [("Coördinatie Integrale Vroeghulp", 1), ("Jeugdgezondheidszorg 0–4", 1)],
    ),
    (
        "MEE Zeeland (demo)",
        S.MEE,
        ("zeeland",),
        [D.TRAJECTBEGELEIDER],
        3,
        [("Trajectbegeleiding", 3)],
    ),
    (
        "Ziekenhuis Zeeland, kindergeneeskunde (demo)",
        S.ZIEKENHUIS,
        ("zeeland",),
        [D.KINDERARTS],
        5,
        [("Polikliniek kindergeneeskunde", 5)],
    ),
    (
        "Zeeuws Kinderrevalidatiecentrum (demo)",
        S.KINDERREVALIDATIE,
        ("zeeland",),
        [D.REVALIDATIEARTS, D.FYSIOTHERAPEUT, D.LOGOPEDIST],
        12,
        [("Revalidatie jonge kind", 12)],
    ),
    (
        "Landelijke Stichting Ontwikkeling (demo)",
        S.ZORGAANBIEDER,
        ("haaglanden", "zeeland"),
        [D.ORTHOPEDAGOOG],
        None,
        [("Ambulante begeleiding thuis", None)],
    ),
]


@dataclass(frozen=True)
class AccountSeed:
    email: str
    full_name: str
    role: str
    region: str | None = None
    organisatie: str | None = None
    gemeente: str | None = None
    discipline: str = ""


ACCOUNTS = [
    AccountSeed("coordinator@demo.ivh.nl", "Sanne Bakker", Role.COORDINATOR, region="haaglanden"),
    AccountSeed(
        "casemanager1@demo.ivh.nl",
        "Ahmed el Amrani",
        Role.CASEMANAGER,
        region="haaglanden",
        organisatie="MEE Zuid-Holland (demo)",
    ),
    AccountSeed(
        "casemanager2@demo.ivh.nl",
        "Lotte Jansen",
        Role.CASEMANAGER,
        region="haaglanden",
        organisatie="MEE Zuid-Holland (demo)",
    ),
    AccountSeed(
        "expert@demo.ivh.nl",
        "Eva Visser",
        Role.MDO_EXPERT,
        region="haaglanden",
        organisatie="Ziekenhuis Haaglanden, kindergeneeskunde (demo)",
        discipline=D.KINDERARTS,
    ),
    AccountSeed(
        "logopedist@demo.ivh.nl",
        "Joost de Vries",
        Role.MDO_EXPERT,
        region="haaglanden",
        organisatie="Logopediepraktijk Het Praatje (demo)",
        discipline=D.LOGOPEDIST,
    ),
    AccountSeed("gemeente@demo.ivh.nl", "Mark de Jong", Role.GEMEENTE, gemeente="GM0518"),
    AccountSeed("beheer@demo.ivh.nl", "Fatima Yilmaz", Role.BEHEERDER),
    AccountSeed(
        "coordinator.zeeland@demo.ivh.nl", "Ria de Wit", Role.COORDINATOR, region="zeeland"
    ),
]


def _seed_gemeenten(region: Region, seeds: list[GemeenteSeed]) -> None:
    for seed in seeds:
        gemeente, _created = Gemeente.objects.update_or_create(
            cbs_code=seed.cbs_code,
            defaults={
                "name": seed.name,
                "region": region,
                "kinderen_0_6": seed.kinderen_0_6,
                "kinderen_peiljaar": 2025,
            },
        )
        for van, tot in seed.postcodes:
            Postcodegebied.objects.get_or_create(gemeente=gemeente, van=van, tot=tot)


def _casemanager_profiles() -> None:
    """Where the demo casemanagers work and what they know, for the intake's suggestions."""
    profiles = {
        "casemanager1@demo.ivh.nl": (
            ["GM0518", "GM0603"],
            ["spraak_taal", "gedrag", "sociaal_emotioneel"],
        ),
        "casemanager2@demo.ivh.nl": (["GM0503", "GM0637", "GM1783"], ["motoriek", "medisch"]),
    }
    for email, (cbs_codes, expertise) in profiles.items():
        role = RoleAssignment.objects.get(user__email=email, role=Role.CASEMANAGER)
        role.expertise = expertise
        role.save(update_fields=["expertise"])
        role.werkgebied.set(Gemeente.objects.filter(cbs_code__in=cbs_codes))


@transaction.atomic
def seed() -> list[str]:
    haaglanden, _ = Region.objects.update_or_create(
        slug="haaglanden",
        defaults={
            "name": "Haaglanden",
            "organisatie_model": OrganisatieModel.CENTRAAL_AANMELDPUNT,
            "aanmeldpunt_name": "Aanmeldpunt Integrale Vroeghulp Haaglanden",
            "aanmeldpunt_telefoon": "070 000 00 00",
            "aanmeldpunt_email": "aanmeldpunt.haaglanden@demo.ivh.nl",
            "aanmeldpunt_adres": "Voorbeeldstraat 1, Den Haag",
            "aanmeldpunt_bereikbaar": "ma–vr 9.00–17.00 uur",
            "prevalentie_procent": Decimal("1.00"),
        },
    )
    zeeland, _ = Region.objects.update_or_create(
        slug="zeeland",
        defaults={
            "name": "Zeeland",
            "organisatie_model": OrganisatieModel.GGD,
            "aanmeldpunt_name": "Integrale Vroeghulp Zeeland (GGD)",
            "aanmeldpunt_telefoon": "0113 00 00 00",
            "aanmeldpunt_email": "vroeghulp.zeeland@demo.ivh.nl",
            "aanmeldpunt_adres": "Voorbeeldweg 2, Goes",
            "aanmeldpunt_bereikbaar": "ma–do 8.30–16.30 uur",
            "prevalentie_procent": Decimal("1.00"),
        },
    )
    regions = {"haaglanden": haaglanden, "zeeland": zeeland}
    _seed_gemeenten(haaglanden, HAAGLANDEN)
    _seed_gemeenten(zeeland, ZEELAND)

    for name, soort, region_slugs, disciplines, wachttijd, diensten in ORGANISATIES:
        organisatie, _ = Organisatie.objects.update_or_create(
            name=name,
            defaults={
                "soort": soort,
                "disciplines": [str(d) for d in disciplines],
                "wachttijd_weken": wachttijd,
                "telefoon": "088 000 00 00",
                "email": f"info@{soort}.demo.ivh.nl",
            },
        )
        organisatie.regions.set([regions[slug] for slug in region_slugs])
        for dienst_name, dienst_wachttijd in diensten:
            Dienst.objects.update_or_create(
                organisatie=organisatie,
                name=dienst_name,
                defaults={"wachttijd_weken": dienst_wachttijd},
            )

    for account in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={"full_name": account.full_name, "is_staff": account.role == Role.BEHEERDER},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user,
            role=account.role,
            region=regions[account.region] if account.region else None,
            organisatie=Organisatie.objects.get(name=account.organisatie)
            if account.organisatie
            else None,
            gemeente=Gemeente.objects.get(cbs_code=account.gemeente) if account.gemeente else None,
            defaults={"discipline": account.discipline},
        )

    _casemanager_profiles()
    # Lowest layer first: each app's demo builds on the one below (registrations, then the
    # trajecten started from them, then the MDOs those families are on).
    lines = [
        *aanmelding_demo.seed(),
        *casemanagement_demo.seed(),
        *mdo_demo.seed(),
        *netwerkwerk_demo.seed(),
        # Then: the waiting times of all of the above, and one scan.
        *signalen_demo.seed(),
        # Then: the monitor's figures over everything.
        *monitor_demo.seed(),
        # Last: the quality review, which reads those figures.
        *kwaliteit_demo.seed(),
    ]
    return [
        *lines,
        f"Regions: {Region.objects.count()}, gemeenten: {Gemeente.objects.count()}, "
        f"organisaties: {Organisatie.objects.count()}",
        f"Accounts (password {DEMO_PASSWORD}): " + ", ".join(a.email for a in ACCOUNTS),
    ]
