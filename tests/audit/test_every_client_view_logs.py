"""Every page that shows client data writes exactly one access-log entry per view, naming the
right client (NEN 7513: every read is logged).

The routes come from the URL resolver. Every route of the apps that hold client data is either
in READS (what one GET must log), in NO_CLIENT_DATA (with the reason it shows none), or
answers GET with 405 (one POST view per action: changes are logged as `edit`, see
test_changes_and_reasons.py). A new page in those apps that is in neither list fails here
until someone decides what it logs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from mdo.models import Mdo
from tests.security.world import build_objects

pytestmark = pytest.mark.django_db

# The apps whose pages show children's or families' data.
DOSSIER_NAMESPACES = ("aanmelding", "casemanagement", "mdo", "signalen", "core", "audit")

SINGLE, LIST = "single", "list"


@dataclass(frozen=True)
class Read:
    who: str  # the persona who opens it ("parent": the family's personal link)
    kind: str  # SINGLE: `client_ref` names the client; LIST: `client_refs` includes it
    action: str
    client: str  # "child" (the traject's child) or "aanmelding" (the open registration)
    prepare: Callable[[World], None] | None = None


def _meeting_started(world: World) -> None:
    """Recording a meeting is offered from its start."""
    Mdo.objects.filter(pk=world.mdo_pk).update(starts_at=timezone.now() - timedelta(hours=1))


READS: dict[str, Read] = {
    "aanmelding:inbox": Read("coordinator", LIST, AccessAction.LIST, "aanmelding"),
    "casemanagement:intake": Read("coordinator", SINGLE, AccessAction.VIEW, "aanmelding"),
    "casemanagement:caseload": Read("casemanager", LIST, AccessAction.LIST, "child"),
    "casemanagement:traject": Read("casemanager", SINGLE, AccessAction.VIEW, "child"),
    "casemanagement:contact_edit": Read("casemanager", SINGLE, AccessAction.EDIT, "child"),
    "casemanagement:plan_edit": Read("casemanager", SINGLE, AccessAction.EDIT, "child"),
    "casemanagement:plan_compare": Read("casemanager", SINGLE, AccessAction.VIEW, "child"),
    "casemanagement:plan_pdf": Read("casemanager", SINGLE, AccessAction.PRINT, "child"),
    "casemanagement:inzage": Read("coordinator", SINGLE, AccessAction.EXPORT, "child"),
    "casemanagement:ouder": Read("parent", SINGLE, AccessAction.PARENT_LINK, "child"),
    "mdo:overzicht": Read("coordinator", LIST, AccessAction.LIST, "child"),
    "mdo:detail": Read("coordinator", LIST, AccessAction.LIST, "child"),
    "mdo:punt": Read("expert", SINGLE, AccessAction.VIEW, "child"),
    "signalen:overzicht": Read("coordinator", LIST, AccessAction.LIST, "aanmelding"),
    "core:start": Read("coordinator", LIST, AccessAction.LIST, "aanmelding"),
    "audit:access_log": Read("coordinator", LIST, AccessAction.LIST, "child"),
    # Last: it moves the meeting's start into the past.
    "mdo:houden": Read("coordinator", LIST, AccessAction.LIST, "child", _meeting_started),
}

NO_CLIENT_DATA: dict[str, str] = {
    "aanmelding:aanmelden": "the public form: what the sender types, nobody else's data",
    "aanmelding:aanmelden_professional": "the public form for professionals",
    "aanmelding:ontvangen": "the receipt of the sender's own registration (reference only)",
    "aanmelding:postcode": "the postcode finder: regions, no client",
    "aanmelding:privacy": "the privacy statement",
    "casemanagement:vervanging": "arranging a substitution: casemanagers' names and dates",
    "mdo:nieuw": "planning a meeting: date, place, chair",
    "mdo:bewerken": "changing a meeting's date, place and chair",
    "mdo:antwoord": "the invitation's answer link: date and place only",
    "signalen:taken": "the state of the periodic jobs",
    "core:home": "the public home page (a logged-in user is sent on)",
}

ARGUMENT = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")


@dataclass
class World:
    clients: dict[str, Client]
    refs: dict[str, str]  # "child", "aanmelding"
    arguments: dict[tuple[str, str], str]  # (segment before, argument name) → value
    mdo_pk: int

    def fill(self, route: str) -> str:
        def argument(match: re.Match[str]) -> str:
            segment = match.string[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            key = (segment, match["name"])
            assert key in self.arguments, (
                f"No object for {key} in {route!r}: add one to build_objects "
                "(tests/security/world.py)."
            )
            return self.arguments[key]

        return "/" + ARGUMENT.sub(argument, route)


def _routes() -> Iterator[tuple[str, str]]:
    """(namespace:name, route) of every named route in the dossier apps."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}", route

    for key, route in walk(get_resolver().url_patterns, "", ""):
        if key.split(":", 1)[0] in DOSSIER_NAMESPACES:
            yield key, route


@pytest.fixture
def world(personas) -> World:
    """The URL matrix's objects (tests/security/world.py): an open registration past its
    first-contact norm (in the inbox, on the start page and in the signals), a family with one
    child waiting for an MDO, with two versions of its plan, a contact and a personal link,
    and that MDO with the family on its agenda and the expert invited."""
    objects = build_objects(personas)
    clients = {"parent": Client()}
    for persona in ("coordinator", "casemanager", "expert"):
        clients[persona] = Client()
        clients[persona].force_login(getattr(personas, persona))
    return World(
        clients=clients,
        refs={
            "child": objects.traject.gezin.kinderen.get().reference,
            "aanmelding": objects.aanmelding.reference,
        },
        arguments=objects.arguments,
        mdo_pk=objects.mdo.pk,
    )


def test_every_page_of_the_dossier_apps_is_declared():
    keys = {key for key, _route in _routes()}
    assert set(READS) <= keys, f"Listed but not a route: {set(READS) - keys}"
    assert set(NO_CLIENT_DATA) <= keys, f"Listed but not a route: {set(NO_CLIENT_DATA) - keys}"
    assert not set(READS) & set(NO_CLIENT_DATA)


def test_each_page_that_shows_client_data_writes_exactly_one_entry_naming_the_client(world):
    routes = dict(_routes())
    for key, read in READS.items():
        if read.prepare:
            read.prepare(world)
        before = AccessLogEntry.objects.count()
        response = world.clients[read.who].get(world.fill(routes[key]))
        assert response.status_code == 200, (key, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        new = list(
            AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before]
        )
        assert len(new) == 1, f"{key}: {len(new)} entries"
        [entry] = new
        ref = world.refs[read.client]
        assert entry.action == read.action, key
        assert entry.view_name == key
        if read.kind == SINGLE:
            assert entry.client_ref == ref, key
        else:
            assert ref in entry.client_refs, key


def test_every_other_page_of_the_dossier_apps_is_a_post_only_action(world):
    """A page that answers GET and is in neither list fails: decide what it logs."""
    coordinator = world.clients["coordinator"]
    undeclared = []
    for key, route in _routes():
        if key in READS or key in NO_CLIENT_DATA:
            continue
        status = coordinator.get(world.fill(route)).status_code
        if status != 405:
            undeclared.append((key, status))
    assert not undeclared, (
        "These pages answer GET but are not declared: add each to READS (what it logs) or "
        f"NO_CLIENT_DATA (why it shows no client data): {undeclared}"
    )
