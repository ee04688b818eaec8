"""The network: 25 regions (one per veiligheidsregio), the 342 gemeenten of 2024 with their CBS
codes, postcode ranges, the sociale kaart, norms and the staff of every region.

What is real: the names and CBS codes of the gemeenten and which veiligheidsregio and province
each lies in (`gemeenten_2024.csv`). What is invented: the number of children 0–6 (a rough
estimate, with the large cities near their real size), the postcode ranges (the province's real
first digits, divided over its gemeenten by size), every organisation, person and figure.

Each region has a profile that decides how it performs, spread so that the monitor shows
differences worth seeing: some regions make first contact within the norm almost always, others
in little more than half the cases; MDO waits and providers' waiting lists differ the same way.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.constants import Discipline, OrganisatieModel, OrganisatieSoort, ZorgDomein
from ivh.netwerk.models import Dienst, Gemeente, Organisatie, Postcodegebied, Region
from ivh.termijnen.constants import (
    DEFAULT_FAR_PERCENT,
    DEFAULT_NORMS,
    DEFAULT_WARN_PERCENT,
    Regel,
)
from ivh.termijnen.models import Norm as NormModel

from . import words
from .calendar import LOCAL, Norm
from .schema import LEGACY_REGION_NORMS
from .tables import Tables

GEMEENTEN_CSV = Path(__file__).with_name("gemeenten_2024.csv")
PEILJAAR = 2024
# Children 0–6 in the Netherlands, roughly (seven birth cohorts of about 170,000).
CHILDREN_0_6_TOTAL = 1_180_000
# Rough sizes of the largest gemeenten, so that they stand out as they do in reality.
LARGE_GEMEENTEN = {
    "GM0363": 62_000,  # Amsterdam
    "GM0599": 50_000,  # Rotterdam
    "GM0518": 42_000,  # 's-Gravenhage
    "GM0344": 30_000,  # Utrecht
    "GM0034": 16_000,  # Almere
    "GM0855": 15_000,  # Tilburg
    "GM0772": 14_500,  # Eindhoven
    "GM0014": 13_000,  # Groningen
    "GM0758": 11_500,  # Breda
    "GM0268": 10_500,  # Nijmegen
    "GM0200": 11_000,  # Apeldoorn
    "GM0193": 10_500,  # Zwolle
    "GM0307": 12_000,  # Amersfoort
    "GM0394": 12_500,  # Haarlemmermeer
}

VEILIGHEIDSREGIO = {
    "VR01": "Groningen",
    "VR02": "Fryslân",
    "VR03": "Drenthe",
    "VR04": "IJsselland",
    "VR05": "Twente",
    "VR06": "Noord- en Oost-Gelderland",
    "VR07": "Gelderland-Midden",
    "VR08": "Gelderland-Zuid",
    "VR09": "Utrecht",
    "VR10": "Noord-Holland Noord",
    "VR11": "Zaanstreek-Waterland",
    "VR12": "Kennemerland",
    "VR13": "Amsterdam-Amstelland",
    "VR14": "Gooi en Vechtstreek",
    "VR15": "Haaglanden",
    "VR16": "Hollands Midden",
    "VR17": "Rotterdam-Rijnmond",
    "VR18": "Zuid-Holland Zuid",
    "VR19": "Zeeland",
    "VR20": "Midden- en West-Brabant",
    "VR21": "Brabant-Noord",
    "VR22": "Brabant-Zuidoost",
    "VR23": "Limburg-Noord",
    "VR24": "Zuid-Limburg",
    "VR25": "Flevoland",
}

# The first digits of the province's real postcodes (several blocks for some provinces).
PROVINCE_POSTCODES = {
    "Noord-Holland": ((1000, 1299), (1400, 2199)),
    "Flevoland": ((1300, 1399), (8200, 8399)),
    "Zuid-Holland": ((2200, 3399),),
    "Utrecht": ((3400, 3999),),
    "Gelderland": ((4000, 4299), (6500, 7399)),
    "Zeeland": ((4300, 4599),),
    "Noord-Brabant": ((4600, 5799),),
    "Limburg": ((5800, 6499),),
    "Overijssel": ((7400, 7799), (8000, 8199)),
    "Drenthe": ((7800, 7999), (9300, 9499)),
    "Fryslân": ((8400, 9299),),
    "Groningen": ((9500, 9999),),
}

# Providers of vervolghulp per region: (name pattern, kind, disciplines, services with the
# typical real wait in weeks before the region's own factor).
PROVIDERS: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, float], ...]], ...] = (
    (
        "JGZ {region}",
        OrganisatieSoort.JGZ,
        (Discipline.JGZ_ARTS, Discipline.JGZ_VERPLEEGKUNDIGE),
        (("Extra consulten jonge kind", 1.5),),
    ),
    (
        "Kinderdienstencentrum {region}",
        OrganisatieSoort.KINDERDIENSTENCENTRUM,
        (Discipline.ORTHOPEDAGOOG, Discipline.LOGOPEDIST, Discipline.FYSIOTHERAPEUT),
        (("Dagbehandeling jonge kinderen", 14.0), ("Behandelgroep peuters", 11.0)),
    ),
    (
        "Kinderrevalidatie {region}",
        OrganisatieSoort.KINDERREVALIDATIE,
        (Discipline.REVALIDATIEARTS, Discipline.FYSIOTHERAPEUT, Discipline.ERGOTHERAPEUT),
        (("Revalidatie jonge kind", 9.0),),
    ),
    (
        "Ziekenhuis {region}, kindergeneeskunde",
        OrganisatieSoort.ZIEKENHUIS,
        (Discipline.KINDERARTS,),
        (("Polikliniek ontwikkeling", 5.0),),
    ),
    (
        "GGZ Jeugd {region}",
        OrganisatieSoort.GGZ,
        (Discipline.GZ_PSYCHOLOOG, Discipline.GGZ),
        (("Diagnostiek 0–6 jaar", 15.0), ("Ouder-kindbehandeling", 17.0)),
    ),
    (
        "Logopediepraktijk {region}",
        OrganisatieSoort.PARAMEDISCH,
        (Discipline.LOGOPEDIST,),
        (("Logopedie jonge kinderen", 6.0),),
    ),
    (
        "Kinderfysiotherapie {region}",
        OrganisatieSoort.PARAMEDISCH,
        (Discipline.FYSIOTHERAPEUT,),
        (("Kinderfysiotherapie", 3.0),),
    ),
    (
        "Wijkteam Jeugd {region}",
        OrganisatieSoort.WIJKTEAM,
        (Discipline.MAATSCHAPPELIJK_WERK,),
        (("Opvoedondersteuning thuis", 3.5),),
    ),
)

EXPERT_DISCIPLINES = (
    Discipline.KINDERARTS,
    Discipline.ORTHOPEDAGOOG,
    Discipline.LOGOPEDIST,
    Discipline.FYSIOTHERAPEUT,
    Discipline.GZ_PSYCHOLOOG,
    Discipline.JGZ_ARTS,
    Discipline.REVALIDATIEARTS,
)

# Norms a few regions set differently from the DESIGN defaults (by position in the run).
NORM_OVERRIDES: dict[int, dict[str, int]] = {
    3: {Regel.EERSTE_CONTACT: 10},
    7: {Regel.MDO: 8},
    11: {Regel.EERSTE_CONTACT: 3},
    16: {Regel.VERVOLGHULP: 10},
    21: {Regel.MDO: 8, Regel.EERSTE_CONTACT: 10},
}
EPOCH = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))


@dataclass(frozen=True)
class GemeenteRow:
    cbs_code: str
    name: str
    province: str
    vr: str


def gemeente_rows() -> list[GemeenteRow]:
    with GEMEENTEN_CSV.open(encoding="utf-8") as fh:
        return [
            GemeenteRow(r["cbs_code"], r["naam"], r["provincie"], r["veiligheidsregio"])
            for r in csv.DictReader(fh)
        ]


@dataclass
class Profile:
    """How a region performs; every share and wait the flow draws from."""

    reach: float  # registrations per child 0–6, relative to the national average
    contact_within: float  # share of first contacts within the norm
    assign_days: float  # median days from first contact to a casemanager
    mdo_share: float  # share of trajecten discussed in an MDO
    mdo_weeks: float  # median weeks from receipt to the MDO asked for
    mdo_interval: int  # days between MDO meetings
    mdo_load: float  # families asked for / places offered (near 1: queues in busy months)
    parents_present: float
    plan_agree: float
    survey_response: float
    provider_factor: float  # multiplies every provider's waiting time
    organisatie_model: str


@dataclass
class Provider:
    organisatie_id: int
    name: str
    diensten: list[tuple[int, float]]  # (dienst id, median wait in days)


@dataclass
class Person:
    id: int
    email: str
    name: str
    role_label: str
    organisatie: str = ""
    discipline: str = ""
    organisatie_id: int | None = None


@dataclass
class RegionW:
    id: int
    slug: str
    name: str
    profile: Profile
    norms: dict[str, Norm]
    gemeenten: list[GemeenteW] = field(default_factory=list)
    coordinators: list[Person] = field(default_factory=list)
    casemanagers: list[Person] = field(default_factory=list)
    experts: list[Person] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)
    casemanagement_org: int = 0
    mdo_capacity: int = 4


@dataclass
class GemeenteW:
    id: int
    cbs_code: str
    name: str
    region: RegionW
    kinderen: int
    ranges: list[tuple[int, int]]


@dataclass
class Network:
    regions: list[RegionW]
    gemeenten: list[GemeenteW]
    beheerder: Person | None
    officials: list[Person]
    counts: dict[str, int] = field(default_factory=dict)


def _spread(rng: random.Random, n: int) -> list[float]:
    """n values evenly over [0, 1] in a random order: every run has good and poor regions."""
    values = [i / max(n - 1, 1) for i in range(n)]
    rng.shuffle(values)
    return values


def _profiles(rng: random.Random, n: int) -> list[Profile]:
    overall = _spread(rng, n)
    dims = {k: _spread(rng, n) for k in ("contact", "assign", "mdo", "provider", "parents")}

    def q(dim: str, i: int) -> float:
        return 0.6 * overall[i] + 0.4 * dims[dim][i]

    models_ = [m.value for m in OrganisatieModel if m != OrganisatieModel.ANDERS]
    return [
        Profile(
            reach=0.65 + 0.7 * rng.random(),
            contact_within=0.52 + 0.46 * q("contact", i),
            assign_days=3 + 25 * (1 - q("assign", i)),
            mdo_share=0.3 + 0.3 * rng.random(),
            mdo_weeks=3.5 + 8 * (1 - q("mdo", i)),
            mdo_interval=rng.choice((7, 7, 14)),
            mdo_load=0.6 + 0.37 * (1 - q("mdo", i)),
            parents_present=0.55 + 0.4 * q("parents", i),
            plan_agree=0.72 + 0.25 * overall[i],
            survey_response=0.35 + 0.35 * rng.random(),
            provider_factor=0.6 + 0.9 * (1 - q("provider", i)),
            organisatie_model=models_[i % len(models_)],
        )
        for i in range(n)
    ]


def _kinderen(rng: random.Random, rows: list[GemeenteRow]) -> dict[str, int]:
    """A rough number of children 0–6 per gemeente, adding up to about the national total."""
    raw = {
        r.cbs_code: min(max(rng.lognormvariate(math.log(1900), 0.75), 180), 11_000)
        for r in rows
        if r.cbs_code not in LARGE_GEMEENTEN
    }
    large = {r.cbs_code: LARGE_GEMEENTEN[r.cbs_code] for r in rows if r.cbs_code in LARGE_GEMEENTEN}
    # Scale the rest to the national total when the whole country is built; a part of the
    # country keeps the unscaled estimate.
    if len(rows) > 300:
        factor = (CHILDREN_0_6_TOTAL - sum(large.values())) / sum(raw.values())
    else:
        factor = 1.0
    out = {code: int(round(v * factor, -1)) for code, v in raw.items()}
    out.update(large)
    return out


def _allocate_postcodes(
    gemeenten: list[tuple[str, str, int]], taken: set[int]
) -> dict[str, list[tuple[int, int]]]:
    """Postcode ranges per gemeente: each province's free numbers divided in proportion to the
    children, in the order given (gemeenten of one region lie next to each other)."""
    by_province: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for code, province, weight in gemeenten:
        by_province[province].append((code, weight))
    out: dict[str, list[tuple[int, int]]] = {}
    for province, members in by_province.items():
        free = [
            n
            for van, tot in PROVINCE_POSTCODES[province]
            for n in range(van, tot + 1)
            if n not in taken
        ]
        total = sum(max(w, 1) for _, w in members)
        position = 0
        for i, (code, weight) in enumerate(members):
            left = len(members) - i - 1
            if left == 0:
                share = len(free) - position
            else:
                share = max(2, round(len(free) * max(weight, 1) / total))
                share = min(share, len(free) - position - 2 * left)
            numbers = free[position : position + share]
            position += share
            out[code] = _runs(numbers)
    return out


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as inclusive ranges."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(words.ADULT_NAMES)} {rng.choice(words.SURNAMES)}"


def unusable_password(rng: random.Random) -> str:
    """An unusable password ('!' + random), as `set_unusable_password` writes, from the seed."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "!" + "".join(rng.choice(alphabet) for _ in range(40))


def build(
    *,
    tables: Tables,
    seed: int,
    n_regions: int,
    expected_trajecten_per_year: float,
    window_start: date,
) -> Network:
    """Regions, gemeenten, postcodes, organisations, services, people, roles and norms.

    Regions and gemeenten that already exist (by slug and by CBS code) are used as they are:
    `--append` over demo data keeps the demo's own gemeenten and postcode ranges."""
    rng = random.Random(f"{seed}:network")
    all_rows = gemeente_rows()
    vr_codes = sorted(VEILIGHEIDSREGIO)[:n_regions]
    rows = [r for r in all_rows if r.vr in vr_codes]
    profiles = _profiles(rng, len(vr_codes))
    kinderen = _kinderen(rng, rows)

    existing_regions = {r.slug: r for r in Region.objects.all()}
    existing_gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    taken = {
        n
        for van, tot in Postcodegebied.objects.values_list("van", "tot")
        for n in range(van, tot + 1)
    }
    existing_ranges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for gemeente_id, van, tot in Postcodegebied.objects.values_list("gemeente_id", "van", "tot"):
        existing_ranges[gemeente_id].append((van, tot))
    existing_orgs = set(Organisatie.objects.values_list("name", flat=True))

    t_region, t_gemeente, t_postcode = tables[Region], tables[Gemeente], tables[Postcodegebied]
    t_norm, t_org = tables[NormModel], tables[Organisatie]
    t_org_regions = tables[Organisatie.regions.through]
    t_dienst, t_user, t_role = tables[Dienst], tables[User], tables[RoleAssignment]
    t_werkgebied = tables[RoleAssignment.werkgebied.through]
    joined = datetime.combine(window_start, time(9), tzinfo=LOCAL)

    regions: list[RegionW] = []
    by_vr: dict[str, RegionW] = {}
    for i, vr in enumerate(vr_codes):
        name = VEILIGHEIDSREGIO[vr]
        slug = slugify(name)
        overrides = NORM_OVERRIDES.get(i, {})
        existing = existing_regions.get(slug)
        if existing is not None:
            region_id = existing.pk
        else:
            region_id = t_region.new_id()
            values: dict[str, object] = {
                "id": region_id,
                "name": name,
                "slug": slug,
                "organisatie_model": profiles[i].organisatie_model,
                "aanmeldpunt_name": f"Aanmeldpunt Integrale Vroeghulp {name}",
                "aanmeldpunt_telefoon": f"088 {100 + i:03d} 00 00",
                "aanmeldpunt_email": f"aanmeldpunt@{slug}.loadgen.invalid",
                "aanmeldpunt_adres": f"Voorbeeldstraat {i + 1}",
                "aanmeldpunt_bereikbaar": "ma–vr 9.00–17.00 uur",
                "prevalentie_procent": Decimal("1.00"),
            }
            for regel, column in LEGACY_REGION_NORMS.items():
                values[column] = overrides.get(regel, DEFAULT_NORMS[regel][0])
            t_region.add(*(values[c] for c in t_region.columns))
        norms: dict[str, Norm] = {}
        existing_norms = (
            {
                n.regel: n
                for n in NormModel.objects.filter(region_id=region_id).order_by("valid_from")
            }
            if existing is not None
            else {}
        )
        for regel in Regel:
            old = existing_norms.get(regel)
            if old is not None:
                norms[regel] = Norm(
                    old.pk, regel, old.amount, old.unit, old.warn_percent, old.far_percent
                )
                continue
            amount, unit = DEFAULT_NORMS[regel]
            amount = overrides.get(regel, amount)
            norm_id = t_norm.new_id()
            reason = "regionale afspraak" if regel in overrides else "standaardnorm"
            t_norm.add(
                norm_id,
                region_id,
                regel.value,
                amount,
                unit,
                DEFAULT_WARN_PERCENT,
                DEFAULT_FAR_PERCENT,
                EPOCH,
                reason,
            )
            norms[regel] = Norm(
                norm_id, regel, amount, unit, DEFAULT_WARN_PERCENT, DEFAULT_FAR_PERCENT
            )
        region = RegionW(region_id, slug, name, profiles[i], norms)
        regions.append(region)
        by_vr[vr] = region

    # Gemeenten and their postcode ranges.
    new_rows = [r for r in rows if r.cbs_code not in existing_gemeenten]
    ranges = _allocate_postcodes(
        [
            (r.cbs_code, r.province, kinderen[r.cbs_code])
            for r in sorted(new_rows, key=lambda r: (r.vr, r.name))
        ],
        taken,
    )
    gemeenten: list[GemeenteW] = []
    regions_by_id = {r.id: r for r in regions}
    for row in rows:
        present = existing_gemeenten.get(row.cbs_code)
        if present is not None:
            # Kept in the region it already belongs to, when that region is part of the run.
            home = regions_by_id.get(present.region_id)
            if home is None or not existing_ranges.get(present.pk):
                continue
            region = home
            gemeente = GemeenteW(
                present.pk,
                row.cbs_code,
                present.name,
                region,
                present.kinderen_0_6 or kinderen[row.cbs_code],
                existing_ranges[present.pk],
            )
        else:
            region = by_vr[row.vr]
            gemeente = GemeenteW(
                t_gemeente.new_id(),
                row.cbs_code,
                row.name,
                region,
                kinderen[row.cbs_code],
                ranges[row.cbs_code],
            )
            t_gemeente.add(
                gemeente.id, row.name, row.cbs_code, region.id, gemeente.kinderen, PEILJAAR
            )
            for van, tot in gemeente.ranges:
                t_postcode.add(t_postcode.new_id(), gemeente.id, van, tot)
        region.gemeenten.append(gemeente)
        gemeenten.append(gemeente)

    # The sociale kaart: the casemanagement organisation and the providers of every region.
    def organisation(
        name: str, soort: str, disciplines: tuple[str, ...], region_ids: list[int], weeks: int
    ) -> int:
        if name in existing_orgs:
            name = f"{name} (loadgen)"
        existing_orgs.add(name)
        org_id = t_org.new_id()
        slug = slugify(name)[:40]
        reported = window_start.replace(year=window_start.year + 9)
        t_org.add(
            org_id,
            name,
            soort,
            [str(d) for d in disciplines],
            "088 000 00 00",
            f"info@{slug}.loadgen.invalid",
            weeks,
            reported,
        )
        for region_id in region_ids:
            t_org_regions.add(t_org_regions.new_id(), org_id, region_id)
        return org_id

    for region in regions:
        region.casemanagement_org = organisation(
            f"MEE {region.name}",
            OrganisatieSoort.MEE,
            (Discipline.TRAJECTBEGELEIDER,),
            [region.id],
            2,
        )
        t_dienst.add(
            t_dienst.new_id(),
            region.casemanagement_org,
            "Casemanagement Integrale Vroeghulp",
            2,
        )
        for pattern, soort, disciplines, services in PROVIDERS:
            factor = region.profile.provider_factor * rng.lognormvariate(0, 0.25)
            diensten: list[tuple[int, float]] = []
            medians = [weeks * factor for _name, weeks in services]
            # Providers report a waiting time that is often shorter than the one measured.
            reported = round(min(medians) * rng.uniform(0.55, 1.05))
            org_id = organisation(
                pattern.format(region=region.name), soort, disciplines, [region.id], reported
            )
            for (service, _weeks), median in zip(services, medians, strict=True):
                dienst_id = t_dienst.new_id()
                t_dienst.add(dienst_id, org_id, service, round(median * rng.uniform(0.55, 1.05)))
                diensten.append((dienst_id, median * 7))
            region.providers.append(Provider(org_id, pattern.format(region=region.name), diensten))

    # People: one beheerder, per region coordinators, casemanagers, experts, and an official
    # per gemeente. Logins are predictable (role + number + region) for the benchmarks, which
    # set a password of their own; every password here is unusable.
    counter: dict[str, int] = defaultdict(int)

    def person(
        role: str,
        scope: str,
        *,
        label: str,
        is_staff: bool = False,
    ) -> Person:
        counter[f"{role}.{scope}"] += 1
        email = f"{role}{counter[f'{role}.{scope}']}.{scope}@loadgen.invalid"
        user_id = t_user.new_id()
        name = _person_name(rng)
        t_user.add(user_id, unusable_password(rng), False, email, name, "", True, is_staff, joined)
        return Person(user_id, email, name, label)

    def role(
        user: Person,
        kind: str,
        *,
        region_id: int | None = None,
        organisatie_id: int | None = None,
        gemeente_id: int | None = None,
        discipline: str = "",
        expertise: list[str] | None = None,
    ) -> int:
        role_id = t_role.new_id()
        t_role.add(
            role_id,
            user.id,
            kind,
            region_id,
            organisatie_id,
            gemeente_id,
            discipline,
            expertise or [],
            True,
        )
        return role_id

    beheerder: Person | None = None
    if n_regions >= len(VEILIGHEIDSREGIO):
        beheerder = person("beheer", "land", label="Functioneel beheerder", is_staff=True)
        role(beheerder, Role.BEHEERDER)

    domains = [d.value for d in ZorgDomein]
    total_weight = sum(g.kinderen * g.region.profile.reach for g in gemeenten) or 1
    for region in regions:
        weight = sum(g.kinderen * region.profile.reach for g in region.gemeenten) / total_weight
        per_year = expected_trajecten_per_year * weight
        n_coordinators = 2 if per_year < 400 else 3 if per_year < 900 else 4
        # A caseload of about 35 families, a traject of about a year.
        n_casemanagers = max(3, math.ceil(per_year * 0.95 / 35))
        for _ in range(n_coordinators):
            p = person("coordinator", region.slug, label="Coördinator")
            role(p, Role.COORDINATOR, region_id=region.id)
            region.coordinators.append(p)
        for _ in range(n_casemanagers):
            p = person("casemanager", region.slug, label="Casemanager")
            p.organisatie, p.organisatie_id = f"MEE {region.name}", region.casemanagement_org
            role_id = role(
                p,
                Role.CASEMANAGER,
                region_id=region.id,
                organisatie_id=region.casemanagement_org,
                expertise=sorted(rng.sample(domains, 3)),
            )
            for g in rng.sample(region.gemeenten, min(len(region.gemeenten), 4)):
                t_werkgebied.add(t_werkgebied.new_id(), role_id, g.id)
            region.casemanagers.append(p)
        for discipline in EXPERT_DISCIPLINES:
            provider = next(
                (
                    pr
                    for pr, (_pattern, _soort, discs, _s) in zip(
                        region.providers, PROVIDERS, strict=True
                    )
                    if discipline in discs
                ),
                region.providers[0],
            )
            p = person("deskundige", region.slug, label="MDO-deelnemer")
            p.organisatie, p.organisatie_id = provider.name, provider.organisatie_id
            p.discipline = discipline.value
            role(
                p,
                Role.MDO_EXPERT,
                region_id=region.id,
                organisatie_id=provider.organisatie_id,
                discipline=discipline.value,
            )
            region.experts.append(p)
    officials = []
    for gemeente in gemeenten:
        p = person("gemeente", gemeente.cbs_code.lower(), label="Gemeente")
        role(p, Role.GEMEENTE, gemeente_id=gemeente.id)
        officials.append(p)
    return Network(regions, gemeenten, beheerder, officials)
