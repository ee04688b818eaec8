"""Which pages the benchmark opens, as whom: chosen from the data set by rules, so every run on
the same data set opens the same pages. The largest region (by registrations) is the one
measured: its coordinator, its busiest casemanager and the official of its largest gemeente."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from aanmelding.constants import OPEN_STATUSES, Status
from aanmelding.models import Aanmelding
from casemanagement.models import Kind, Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.models import Gemeente, Region
from mdo.constants import MdoStatus
from mdo.models import Mdo


@dataclass(frozen=True)
class Page:
    key: str  # what --only matches
    name: str  # as shown in the table
    user: User | None
    path: str
    target_ms: float | None = None  # the median the issue asks for
    p95_target_ms: float | None = None


@dataclass
class Plan:
    region: Region
    coordinator: User
    casemanager: User
    official: User
    gemeente: Gemeente
    pages: list[Page] = field(default_factory=list)
    about: list[str] = field(default_factory=list)


WORK_PAGE_MS = 50.0  # issue 14/16: inbox, caseload, traject and every work page, median
DASHBOARD_MS, DASHBOARD_P95_MS = 100.0, 250.0


def _url(name: str, *args: object, **query: object) -> str:
    path = reverse(name, args=args)
    return f"{path}?{urlencode(query)}" if query else path


def make_plan() -> Plan:
    region = Region.objects.annotate(n=Count("aanmeldingen")).order_by("-n", "pk").first()
    if region is None:
        raise SystemExit("[bench] The database holds no region: no data set?")
    coordinator = _role_user(Role.COORDINATOR, region=region)
    # The casemanager with the most open trajecten: the largest caseload.
    casemanager = (
        User.objects.filter(
            role_assignments__role=Role.CASEMANAGER, role_assignments__region=region
        )
        .annotate(n=Count("trajecten", filter=Q(trajecten__closed_at__isnull=True), distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    gemeente = (
        Gemeente.objects.filter(region=region)
        .annotate(n=Count("aanmeldingen"))
        .order_by("-n", "pk")
        .first()
    )
    assert casemanager is not None and gemeente is not None
    official = _role_user(Role.GEMEENTE, gemeente=gemeente)
    plan = Plan(
        region=region,
        coordinator=coordinator,
        casemanager=casemanager,
        official=official,
        gemeente=gemeente,
    )
    in_region = Aanmelding.objects.filter(region=region)
    registration = (
        in_region.filter(status=Status.IN_BEHANDELING).order_by("received_at", "pk").first()
        or in_region.filter(status__in=OPEN_STATUSES).order_by("received_at", "pk").first()
        or in_region.order_by("-received_at", "pk").first()
    )
    named = in_region.order_by("received_at", "pk").first()
    traject = (
        Traject.objects.filter(casemanager=casemanager, closed_at__isnull=True)
        .annotate(n=Count("contacten"))
        .order_by("-n", "pk")
        .first()
    )
    mdo = (
        Mdo.objects.filter(region=region, status=MdoStatus.GEPLAND)
        .order_by("starts_at", "pk")
        .first()
    )
    child = Kind.objects.filter(gezin__trajecten=traject).order_by("pk").first()
    open_count = Traject.objects.filter(casemanager=casemanager, closed_at__isnull=True).count()
    region_open = Traject.objects.filter(region=region, closed_at__isnull=True).count()
    plan.about = [
        f"region {region.name} ({region.gemeenten.count()} gemeenten, "
        f"{in_region.count():,} registrations, {region_open:,} open trajecten)",
        f"coordinator {coordinator.email}; casemanager {casemanager.email} "
        f"({open_count} open trajecten); official {official.email} ({gemeente.name})",
    ]

    work = {"target_ms": WORK_PAGE_MS}
    pages = [
        Page("inbox", "inbox (open)", coordinator, _url("aanmelding:inbox"), **work),
        Page(
            "inbox-forwarded",
            "inbox, status forwarded",
            coordinator,
            _url("aanmelding:inbox", status=Status.DOORGESTUURD),
            **work,
        ),
    ]
    if named is not None:
        pages.append(
            Page(
                "inbox-search",
                "inbox, search by name (all statuses)",
                coordinator,
                _url("aanmelding:inbox", q=named.kind_first_name, status="alle"),
                **work,
            )
        )
    if registration is not None:
        pages.append(
            Page(
                "registration",
                f"registration detail ({registration.status})",
                coordinator,
                _url("casemanagement:intake", registration.pk),
                **work,
            )
        )
    pages.append(
        Page(
            "caseload",
            f"caseload ({open_count} open trajecten)",
            casemanager,
            _url("casemanagement:caseload"),
            **work,
        )
    )
    if traject is not None:
        pages.append(
            Page(
                "traject",
                "traject page",
                casemanager,
                _url("casemanagement:traject", traject.pk),
                **work,
            )
        )
    pages.append(Page("mdo", "MDO overview", coordinator, _url("mdo:overzicht"), **work))
    if mdo is not None:
        pages.append(
            Page("mdo-planned", "planned MDO page", coordinator, _url("mdo:detail", mdo.pk), **work)
        )
    if child is not None:
        pages.append(
            Page(
                "accesslog",
                "access log, one child",
                coordinator,
                _url("audit:access_log", client=child.reference),
                **work,
            )
        )
    pages += [
        Page(
            "region-trajecten",
            f"coordinator's region trajecten ({region_open:,} open)",
            coordinator,
            _url("casemanagement:caseload"),
            **work,
        ),
        Page("start", "coordinator's start page", coordinator, _url("core:start"), **work),
        Page(
            "dashboard-region",
            f"monitor dashboard, region ({region.gemeenten.count()} gemeenten)",
            coordinator,
            _url("monitor:overzicht"),
            target_ms=DASHBOARD_MS,
            p95_target_ms=DASHBOARD_P95_MS,
        ),
        Page(
            "dashboard-gemeente",
            "monitor dashboard, one gemeente",
            official,
            _url("monitor:overzicht"),
            target_ms=DASHBOARD_MS,
            p95_target_ms=DASHBOARD_P95_MS,
        ),
    ]
    plan.pages = pages
    return plan


def _role_user(role: str, **scope: object) -> User:
    assignment = (
        RoleAssignment.objects.filter(role=role, **scope)
        .select_related("user")
        .order_by("user__email", "pk")
        .first()
    )
    if assignment is None:
        raise SystemExit(f"[bench] No {role} for {scope} in the data set.")
    return assignment.user
