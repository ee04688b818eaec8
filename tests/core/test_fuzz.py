"""No input makes a page answer with a server error (5xx).

The URL resolver lists every page; the pages list their own forms, filters and links, which
give the field names a browser would send. Hypothesis then sends junk for each of them:
digits of other scripts (² and ٣ pass `str.isdigit()`; `int("²")` fails), numbers beyond
Postgres' bigint, negatives, empty values, NUL characters, very long text. Staff pages are
walked as a coordinator and as a casemanager, the public pages (the registration form, the
parents' link, the MDO answer link) anonymously. A new view, form or field is covered without
changing this file; a URL argument the walk cannot fill in fails with a message that says so.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from hypothesis import HealthCheck, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bewaring import services as bw
from casemanagement import services as cm
from ivh.termijnen.constants import PauzeReden
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_pause
from mdo import services as ms
from signalen.models import Signaal
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.mdo.conftest import traject_with_consent
from tests.security.world import build_objects

pytestmark = pytest.mark.django_db

# Pages that are not part of this walk: the admin (Django's own), login and 2FA (their own
# tests; junk logins would lock the test account out), the health checks, the language switch.
SKIPPED_PREFIXES = ("beheer/", "account/", "health/", "taal/")
# Per form, and per page for its filters; the whole file stays around a minute.
EXAMPLES = 12
GET_EXAMPLES = 5
# Sent in every field at once to every form and page first, whatever hypothesis draws: the
# inputs of the security review (digits of other scripts, beyond bigint, NUL, very long).
ALWAYS = ["²", "٣", str(2**63), "\x00", "x" * 5000]

EDGE_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "²",
    "٣",
    "¹²³",
    "٣٤",
    "৭",
    "1.5",
    "1e9",
    "NaN",
    "None",
    "null",
    "[]",
    "\x00",
    "1\x00",
    "abc",
    str(2**31),
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    "9" * 40,
    "-" + "9" * 40,
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "31-12-9999",
    "25:61",
    "on",
    "komt",
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202eevil",  # right-to-left override
]
JUNK_TEXT = st.one_of(
    st.sampled_from(EDGE_VALUES),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),
)


# A formset's management fields: Django caps the number of forms at `absolute_max`, so a
# huge TOTAL_FORMS only costs seconds of building forms per request; small junk tests the same.
MANAGEMENT_JUNK = st.sampled_from(["", "-1", "0", "²", "٣", "abc", "\x00", "3", "1.5"])


def _field_value(name: str, page_value: str | None) -> st.SearchStrategy:
    """Junk, one to three junk values (a repeated field), or what the page itself had."""
    junk = MANAGEMENT_JUNK if name.endswith("_FORMS") else JUNK_TEXT
    choices = [junk, st.lists(junk, min_size=1, max_size=3)]
    if page_value:
        choices.append(st.just(page_value))
    return st.one_of(*choices)


# --- the pages -----------------------------------------------------------------------------


def _routes(patterns: list | None = None, prefix: str = "") -> Iterator[str]:
    """Every route of the URL configuration, as its pattern string ("trajecten/<int:pk>/")."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _urls(route: str, values: dict[tuple[str, str], list[str]]) -> list[str]:
    """The route filled in with every combination of the world's objects. An argument is
    known by the path segment before it and its name: ("trajecten", "pk")."""
    if route.startswith("^") or "(?P" in route:
        pytest.fail(f"Regular-expression route {route!r}: teach the fuzz test to fill it in.")
    arguments = []
    for match in ARGUMENT.finditer(route):
        segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        key = (segment, match["name"])
        if key not in values:
            pytest.fail(
                f"The fuzz test does not know which object {match['name']!r} in {route!r} is: "
                f"add {key!r} to build_objects (tests/security/world.py)."
            )
        arguments.append(values[key])
    pieces = ARGUMENT.split(route)[:: len(ARGUMENT.groupindex) + 1]
    return [
        "/"
        + "".join(piece + str(value) for piece, value in zip(pieces, combination, strict=False))
        + pieces[-1]
        for combination in itertools.product(*arguments)
    ]


def _query_names_in_the_code() -> set[str]:
    """Query parameters the views read (`request.GET.get("regio")`), also where no page
    links to them."""
    pattern = re.compile(r"request\.GET(?:\.get|\.getlist)?\s*[\(\[]\s*[\"'](\w+)[\"']")
    root = Path(settings.BASE_DIR)
    names: set[str] = set()
    for package in ("aanmelding", "casemanagement", "mdo", "ivh", "werkplek", "monitor"):
        for path in (root / package).rglob("*.py"):
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str | None] = field(default_factory=dict)
    # Named submit buttons: each sends its own value, so each is a separate target.
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def variants(self) -> Iterator[dict[str, str | None]]:
        if not self.buttons:
            yield self.fields
        for name, value in self.buttons:
            yield {**self.fields, name: value}


class PageParser(HTMLParser):
    """The forms (with their fields and the values the page gave them) and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action") or "")
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif self._form is not None and a.get("name"):
            name = a["name"]
            if tag == "button" or a.get("type") == "submit":
                self._form.buttons.append((name, a.get("value") or ""))
            elif tag == "input":
                if a.get("type") in ("checkbox", "radio") and name in self._form.fields:
                    return
                self._form.fields[name] = a.get("value")
            elif tag == "select":
                self._select = name
                self._form.fields.setdefault(name, None)
            elif tag == "textarea":
                self._form.fields.setdefault(name, "")
        elif (
            tag == "option"
            and self._select
            and self._form is not None
            and self._form.fields.get(self._select) is None
            and a.get("value")
        ):
            # A select sends its first option unless another is chosen.
            self._form.fields[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass(frozen=True)
class Target:
    method: str
    url: str
    fields: tuple[tuple[str, str | None], ...]  # name, and the value the page gave it
    examples: int = EXAMPLES


def _route_of(path: str) -> str:
    return resolve(path).route


def _is_public(path: str) -> bool:
    return getattr(resolve(path).func, "login_required", True) is False


@dataclass
class Walk:
    """What a walk over the pages found: per POST route one URL with the union of the field
    names sent to it, the query names of every filter and link, and the routes that answer
    GET with 405 (the POST-only actions)."""

    posts: dict[str, tuple[str, dict[str, str | None]]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # route -> one URL that answered 200
    query: dict[str, str | None] = field(default_factory=dict)
    post_only: dict[str, str] = field(default_factory=dict)  # route -> URL

    def add_form(self, method: str, url: str, fields: dict[str, str | None]) -> None:
        if method == "get":
            for name, value in fields.items():
                self.query.setdefault(name, value)
            return
        _url, known = self.posts.setdefault(_route_of(url), (url, {}))
        for name, value in fields.items():
            if name != "csrfmiddlewaretoken":  # the test client does not check CSRF
                known.setdefault(name, value)

    def targets(self) -> list[Target]:
        posts = [
            Target("post", url, tuple(sorted(fields.items())))
            for _route, (url, fields) in sorted(self.posts.items())
        ]
        # Every filter and query name on every page: a view may read one that no page of its
        # own links to.
        query = tuple(sorted(self.query.items()))
        gets = [Target("get", url, query, examples=GET_EXAMPLES) for url in self.pages.values()]
        return gets + posts

    def post_routes(self) -> set[str]:
        return set(self.posts)


def _walk(
    client: Client, values: dict, *, public: bool, query_names: set[str] = frozenset()
) -> Walk:
    """Open every page of the URL configuration that this client may open (the public ones,
    or the staff ones); collect its forms, filters and links."""
    walk = Walk()
    walk.query.update(dict.fromkeys(query_names))
    for route in _routes():
        for url in _urls(route, values):
            if _is_public(url) != public:
                continue
            response = client.get(url)
            if response.status_code == 405:
                walk.post_only.setdefault(route, url)
                continue
            if response.status_code != 200:
                continue
            walk.pages.setdefault(route, url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            parser = PageParser()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = urlsplit(urljoin(url, form.action)).path
                if action.lstrip("/").startswith(SKIPPED_PREFIXES):  # e.g. logging out
                    continue
                if _is_public(action) != public:
                    continue
                for fields in form.variants():
                    walk.add_form("post" if form.method == "post" else "get", action, fields)
            for href in parser.links:
                parts = urlsplit(urljoin(url, href))
                if parts.query and not parts.netloc:
                    walk.add_form("get", parts.path, dict(parse_qsl(parts.query)))
    return walk


def _fuzz(client: Client, target: Target) -> str | None:
    """Junk for every field of one form or filter; never a 5xx. Each example runs in a
    savepoint that is rolled back, so every example meets the same objects. Returns what
    went wrong, so one run lists every broken form."""
    strategy = st.fixed_dictionaries(
        {}, optional={name: _field_value(name, value) for name, value in target.fields}
    )

    def send(payload: dict) -> int:
        with transaction.atomic():
            if target.method == "post":
                response = client.post(target.url, payload)
            else:
                response = client.get(target.url, payload)
            transaction.set_rollback(True)
        return response.status_code

    @hypothesis_settings(
        max_examples=target.examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=strategy)
    def one(data: dict) -> None:
        note(f"{target.method.upper()} {target.url}")
        assert send(data) < 500, (target.url, data)

    try:
        for value in ALWAYS:
            junk = {
                # (A formset's management fields keep their value: see MANAGEMENT_JUNK.)
                name: page_value if name.endswith("_FORMS") else value
                for name, page_value in target.fields
            }
            assert send(junk) < 500, (target.url, junk)
        one()
    except Exception as error:  # noqa: BLE001 - reported with the others below
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return f"{target.method.upper()} {target.url}: {type(error).__name__}: {first_line}"
    return None


def _fuzz_all(client: Client, targets: list[Target]) -> None:
    failures = [failure for target in targets if (failure := _fuzz(client, target))]
    assert not failures, "\n".join(failures)


# --- the objects the pages show ------------------------------------------------------------


@pytest.fixture
def world(personas, settings, tmp_path) -> dict[tuple[str, str], list[str]]:
    """One of everything a form can be about, so that every form is on some page: the URL
    matrix's objects (tests/security/world.py) and, on top, a contacted registration, a
    second family on the MDO's agenda and a third waiting for one, a substitute casemanager,
    a referral, a parent's question, advice with a proposed action, a held deadline, a closed
    traject (survey) with its own link, a dry run of the retention job and an erasure request
    for a family. Returns the values for the URL arguments."""
    p = personas
    settings.IVH_PRIVATE_MEDIA_ROOT = tmp_path / "private"  # the stuurgroep's document
    shared = build_objects(p)
    traject = shared.traject
    gecontacteerd = AanmeldingFactory(
        gemeente=p.gemeente, gecontacteerd=True, received_at=timezone.now() - timedelta(days=2)
    )
    second = traject_with_consent(p, p.casemanager, first_name="Sem")
    traject_with_consent(p, p.casemanager, first_name="Lotte")  # waits for an MDO
    # A colleague covers for the casemanager: only a substitute meets the question why.
    cm.vervanging_create(
        afwezige=p.casemanager,
        vervanger=p.colleague_casemanager,
        region_id=p.region.pk,
        van=timezone.localdate(),
        tot=timezone.localdate() + timedelta(days=7),
        reden="Verlof",
        by=p.coordinator,
    )
    closed = traject_with_consent(p, p.casemanager, first_name="Daan")
    # Two regions: the coordinator's pages offer a choice of region (?regio=).
    RoleAssignmentFactory(coordinator=True, region=p.other_region, user=p.coordinator)
    cm.verwijzing_create(
        traject=traject,
        by=p.casemanager,
        organisatie=p.mee,
        dienst=None,
        referred_at=timezone.localdate() - timedelta(days=10),
        toelichting="",
    )
    cm.oudervraag_create(traject=traject, tekst="Wanneer start de logopedie?", terugbellen=True)
    cm.traject_close(
        traject=closed, by=p.casemanager, reden="verhuisd", doelen_behaald="deels", toelichting=""
    )
    _closed_link, closed_token = cm.ouderlink_create(
        gezin=closed.gezin, by=p.casemanager, email=closed.gezin.ouder_email
    )
    ms.agendapunt_add(
        mdo=shared.mdo,
        traject=second,
        by=p.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    RoleAssignmentFactory(expert=True, region=p.region, organisatie=p.ziekenhuis)  # not invited
    ms.advies_record(
        agendapunt=shared.punt, by=p.coordinator, advies="Logopedie", actie_wat="Gehoortest"
    )
    scan()  # starts the deadlines of the families above
    # One of the traject's deadlines held: the page then offers to let it run again.
    termijn_pause(
        termijn=Termijn.objects.filter(subject_kind="traject", subject_id=traject.pk).first(),
        reden=PauzeReden.OUDERS,
        by=p.casemanager,
    )
    batch = bw.batch_run(dry_run=True, soort="handmatig", by=p.coordinator)
    verzoek = bw.verwijderverzoek_record(
        root=closed.gezin,
        by=p.coordinator,
        aanvrager="ouder",
        reden="niet_nodig",
        ontvangen_op=timezone.localdate(),
    )
    values = {key: [value] for key, value in shared.arguments.items()}
    values[("aanmeldpunt", "pk")].append(str(gecontacteerd.pk))
    values[("trajecten", "pk")].append(str(closed.pk))
    values[("ouder", "token")].append(closed_token)
    values[("quickscan", "gemeente_pk")].append(str(p.other_gemeente.pk))
    values[("signalen", "pk")] = [str(pk) for pk in Signaal.objects.values_list("pk", flat=True)]
    # The fuzz test's own run and request instead of the matrix's: the certificate of a dry
    # run, and a family's erasure (not a registration's) behind the forms of the request.
    values[("batches", "pk")] = [str(batch.pk)]
    values[("verzoeken", "pk")] = [str(verzoek.pk)]
    return values


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "casemanager"])
def test_no_staff_form_or_filter_answers_junk_with_a_server_error(personas, world, client, persona):
    client.force_login(getattr(personas, persona))
    walk = _walk(client, world, public=False, query_names=_query_names_in_the_code())
    # Actions this persona has no form for: refused (403/404) or invalid, never a 5xx.
    for route, url in sorted(walk.post_only.items()):
        if route not in walk.post_routes():
            assert client.post(url, {"x": "²"}).status_code < 500, url
    _fuzz_all(client, walk.targets())


def test_every_post_only_action_is_posted_to_by_some_page(personas, world, client):
    """Each POST-only view has a form on a page that a coordinator or a casemanager (or the
    casemanager's substitute) can open, so the test above fuzzes its real fields."""
    post_only: set[str] = set()
    reached: set[str] = set()
    for persona in (personas.coordinator, personas.casemanager, personas.colleague_casemanager):
        client.force_login(persona)
        walk = _walk(client, world, public=False)
        post_only |= set(walk.post_only)
        reached |= walk.post_routes()
    assert len(post_only) > 20, post_only
    assert post_only <= reached, sorted(post_only - reached)


def test_no_public_page_answers_junk_with_a_server_error(personas, world, client, settings):
    # The registration form refuses answers sent within seconds (spam); junk must get past it.
    settings.IVH_AANMELDING_MIN_SECONDS = 0
    walk = _walk(client, world, public=True, query_names=_query_names_in_the_code())
    assert {
        "aanmelden/",
        "ouder/<str:token>/vraag/",
        "ouder/<str:token>/toestemming-intrekken/",
        "mdo/antwoord/<str:token>/",
    } <= walk.post_routes(), walk.post_routes()
    for route, url in sorted(walk.post_only.items()):
        if route not in walk.post_routes():
            assert client.post(url, {"x": "²"}).status_code < 500, url
    _fuzz_all(client, walk.targets())


@pytest.mark.parametrize("persona", ["coordinator", "casemanager"])
def test_ids_in_the_path_beyond_the_database_range_give_404_not_500(
    personas, world, client, persona
):
    client.force_login(getattr(personas, persona))
    for route in _routes():
        for value in ("0", str(2**63), "9" * 40):
            huge = {key: [value] for key in world}
            for url in _urls(route, huge):
                for method in (client.get, client.post):
                    assert method(url).status_code < 500, url
