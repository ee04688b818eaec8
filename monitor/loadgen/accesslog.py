"""Access-log rows (NEN 7513) for the reads the work implies: the coordinator opening a
registration at first contact and at the decision, the casemanager opening the family's page on
the days of a contact, experts reading an MDO item, parents using their link, and one list entry
per region and working day for the aanmeldpunt inbox (the 50 oldest open registrations, as the
inbox's first page shows them)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import translation

from ivh.accounts.constants import Role
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry

from . import words
from .calendar import LOCAL, FastCalendar, local_day
from .families import Families, Registration
from .network import Network, Person
from .tables import Tables

PARENT_ACTOR = "ouder (persoonlijke link)"
INBOX_PAGE = 50


def build(
    *,
    tables: Tables,
    network: Network,
    families: Families,
    seed: int,
    as_of: datetime,
    calendar: FastCalendar,
) -> None:
    rng = random.Random(f"{seed}:accesslog")
    with translation.override(settings.LANGUAGE_CODE):
        labels = {role: str(role.label) for role in Role}
    agents: dict[int, str] = {}
    ips: dict[int, str] = {}
    rows: list[tuple] = []

    def staff(person: Person) -> tuple[str, str]:
        if person.id not in agents:
            agents[person.id] = rng.choice(words.USER_AGENTS)
            ips[person.id] = f"10.{person.id % 250}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        return agents[person.id], ips[person.id]

    def entry(
        at: datetime,
        person: Person | None,
        role: str,
        action: str,
        object_type: str,
        object_id: int | str,
        client_ref: str,
        region_id: int | None,
        view_name: str,
        path: str,
        client_refs: list[str] | None = None,
    ) -> None:
        if at >= as_of:
            return
        if person is None:
            agent = rng.choice(words.USER_AGENTS)
            ip = f"198.51.100.{rng.randrange(1, 255)}"
        else:
            agent, ip = staff(person)
        rows.append(
            (
                at,
                person.id if person else None,
                person.email if person else PARENT_ACTOR,
                role,
                person.organisatie if person else "",
                action,
                object_type,
                str(object_id),
                client_ref,
                client_refs or [],
                {},
                region_id,
                ip,
                agent,
                view_name,
                path,
            )
        )

    coordinator, casemanager = labels[Role.COORDINATOR], labels[Role.CASEMANAGER]
    expert = labels[Role.MDO_EXPERT]
    for reg in families.registrations:
        for at, who in (
            (reg.first_contact_at, reg.first_contact_by),
            (reg.closed_at, reg.closed_by),
        ):
            if at is None or who is None:
                continue
            entry(
                at - timedelta(minutes=rng.randrange(1, 15)),
                who,
                coordinator,
                AccessAction.VIEW,
                "aanmelding.aanmelding",
                reg.id,
                reg.ref,
                reg.region.id,
                "casemanagement:intake",
                f"/aanmeldpunt/{reg.id}/",
            )
    for t in families.trajecten:
        region_id = t.reg.region.id
        path = f"/trajecten/{t.id}/"
        for day, _soort, _minutes, who in t.contacts:
            if rng.random() < 0.35:
                at = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL) + timedelta(
                    minutes=rng.randrange(8 * 60, 18 * 60)
                )
                for ref in t.kind_refs:
                    entry(
                        at,
                        who,
                        casemanager,
                        AccessAction.VIEW,
                        "casemanagement.traject",
                        t.id,
                        ref,
                        region_id,
                        "casemanagement:traject",
                        path,
                    )
        if t.plan and rng.random() < 0.2:
            at = t.plan[0].created_at + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
            for ref in t.kind_refs:
                entry(
                    at,
                    None,
                    "",
                    AccessAction.PARENT_LINK,
                    "casemanagement.traject",
                    t.id,
                    ref,
                    region_id,
                    "casemanagement:ouder",
                    "/ouder/<token>/",
                )
    for meeting in families.meetings:
        if meeting.cancelled:
            continue
        experts = meeting.region.experts
        for item, punt_id in zip(meeting.items, meeting.punt_ids, strict=True):
            for reader in rng.sample(experts, min(2, len(experts))):
                at = meeting.starts_at - timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 6))
                for ref in item.kind_refs:
                    entry(
                        at,
                        reader,
                        expert,
                        AccessAction.VIEW,
                        "casemanagement.traject",
                        item.id,
                        ref,
                        meeting.region.id,
                        "mdo:punt",
                        f"/mdo/{meeting.id}/punt/{punt_id}/",
                    )
    _inbox_lists(rng, network, families, calendar, as_of, coordinator, entry)
    rows.sort(key=lambda r: r[0])
    table = tables[AccessLogEntry]
    for row in rows:
        table.add(table.new_id(), *row)


def _inbox_lists(
    rng: random.Random,
    network: Network,
    families: Families,
    calendar: FastCalendar,
    as_of: datetime,
    label: str,
    entry: Callable[..., None],
) -> None:
    """One inbox view per region and working day, naming the clients its first page showed."""
    by_region: dict[int, list[Registration]] = {}
    for reg in families.registrations:
        by_region.setdefault(reg.region.id, []).append(reg)
    if not families.registrations:
        return
    first = local_day(families.registrations[0].received_at)
    last = local_day(as_of) - timedelta(days=1)
    for region in network.regions:
        regs = by_region.get(region.id, [])
        pending: list[Registration] = []
        index = 0
        day = first
        while day <= last:
            if calendar.is_workday(day):
                at = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL) + timedelta(
                    minutes=rng.randrange(8 * 60 + 30, 10 * 60)
                )
                while index < len(regs) and regs[index].received_at < at:
                    pending.append(regs[index])
                    index += 1
                pending = [r for r in pending if r.closed_at is None or r.closed_at > at]
                if pending:
                    who = rng.choice(region.coordinators)
                    entry(
                        at,
                        who,
                        label,
                        AccessAction.LIST,
                        "aanmelding.aanmelding",
                        "",
                        "",
                        region.id,
                        "aanmelding:inbox",
                        "/aanmeldpunt/",
                        [r.ref for r in pending[:INBOX_PAGE]],
                    )
            day += timedelta(days=1)
