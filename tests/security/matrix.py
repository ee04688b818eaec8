"""The URL × role matrix: every route from the resolver, filled in, requested by every role.

Kept apart from the test module so that the throwaway-URL test runs the very same check. A
URL configuration (`urlconf`) is a module path, or a class with `urlpatterns` (hashable, as
Django's resolver cache needs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .url_policy import (
    ADMIN_LOGIN,
    KNOWN_GAPS,
    LOGIN,
    REDIRECT,
    TWO_FACTOR,
    Policy,
    policy_table,
)
from .world import World

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
# Values for the regular-expression routes of Django's admin: an app's index, and the
# catch-all that answers any other address under /beheer/.
REGEX_VALUES = {"app_label": "netwerk", "url": "bestaat-niet/"}
ADMIN_OBJECT = re.compile(r"^beheer/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/")


@dataclass(frozen=True)
class Route:
    key: str  # the URL name ("casemanagement:traject"), or the route itself when unnamed
    route: str  # "trajecten/<int:pk>/"


def routes(urlconf: str | type | None = None) -> Iterator[Route]:
    """Every route of the URL configuration, through every include()."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[Route]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                key = f"{namespace}{entry.name}" if entry.name else route
                yield Route(key=key, route=route)

    yield from walk(get_resolver(urlconf).url_patterns, "", "")


def fill(route: str, world: World, role: str) -> str:
    """The route with its arguments replaced by the world's objects (tokens: the role's own,
    or a forged one). An argument the world does not know fails with what to add."""

    def argument(match: re.Match[str]) -> str:
        name = match["name"]
        segment = match.string[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        if name == "token":
            return world.token(role, segment)
        if name == "object_id" and (admin := ADMIN_OBJECT.match(match.string)):
            model = apps.get_model(admin["app"], admin["model"])
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if pk is None:
                raise LookupError(
                    f"The admin page {route!r} needs a row to open: create one "
                    f"{model._meta.label} in build_world (tests/security/world.py)."
                )
            return str(pk)
        if (segment, name) not in world.arguments:
            raise LookupError(
                f"The URL matrix does not know which object {name!r} in {route!r} is: add "
                f"{(segment, name)!r} to the arguments in tests/security/world.py."
            )
        return world.arguments[(segment, name)]

    # The regular-expression groups first: "(?P<url>.*)" holds what looks like "<url>".
    filled = REGEX_GROUP.sub(lambda m: _regex_value(m["name"], route), route)
    filled = ARGUMENT.sub(argument, filled)
    return "/" + filled.replace("^", "").replace("$", "")


def _regex_value(name: str, route: str) -> str:
    if name not in REGEX_VALUES:
        raise LookupError(
            f"The URL matrix cannot fill in ({name!r}) of the regular-expression route "
            f"{route!r}: add a value to REGEX_VALUES in tests/security/matrix.py."
        )
    return REGEX_VALUES[name]


def outcome(response: HttpResponse) -> str:
    """What the user got, in the words of the policy table."""
    status = response.status_code
    if status not in (301, 302):
        return str(status)
    target = urlsplit(response["Location"]).path
    if target == reverse("accounts:login"):
        return LOGIN
    if target in (reverse("accounts:2fa_verify"), reverse("accounts:2fa_setup")):
        return TWO_FACTOR
    if target == reverse("admin:login"):
        return ADMIN_LOGIN
    return REDIRECT


def missing_rules(urlconf: str | type | None = None) -> list[str]:
    """URL names (or unnamed routes) without a rule in the policy table, and rules without a
    URL: the first fail the build until someone decides who may open the new page."""
    table = policy_table()
    keys = {route.key for route in routes(urlconf)}
    problems = [
        f"No access rule for URL {key!r}: add it to tests/security/url_policy.py with the "
        "policy that says who may open it (a new view without a rule fails the build)."
        for key in sorted(keys - set(table))
    ]
    problems += [
        f"Rule for {key!r} in tests/security/url_policy.py matches no URL any more: remove it."
        for key in sorted(set(table) - keys)
    ]
    return problems


def check_matrix(world: World, urlconf: str | type | None = None) -> list[str]:
    """Every route as every role, against the table; returns the mismatches."""
    problems = missing_rules(urlconf)
    if problems:
        return problems
    table = policy_table()
    for route in routes(urlconf):
        policy: Policy = table[route.key]
        for role, client in world.clients.items():
            url = fill(route.route, world, role)
            got = outcome(client.get(url))
            expected = policy.expected(role)
            gap = KNOWN_GAPS.get((route.key, role))
            if gap is not None and got == gap[0]:
                continue
            if gap is not None and got in expected:
                problems.append(
                    f"{route.key} as {role}: the known gap is closed ({gap[1]}); remove it from "
                    "KNOWN_GAPS in tests/security/url_policy.py."
                )
            elif got not in expected:
                problems.append(
                    f"{route.key} [{policy.name}] as {role}: GET {url} gave {got}, "
                    f"expected {' or '.join(sorted(expected))}"
                )
    return problems
