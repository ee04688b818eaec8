"""Every URL of the project, from the URL resolver, for every role: the answer each role gets is
the one its policy in url_policy.py says. A URL without a policy fails the build.

2FA is switched on, as in production: every verified role has passed its second factor, and
one user with every role (and the superuser flag) has only given the password.
"""

import pytest
from django.urls import path, resolve

from .matrix import check_matrix, fill, missing_rules, outcome, routes
from .throwaway_urls import forgotten
from .url_policy import TWO_FACTOR
from .world import COORDINATOR, UNVERIFIED, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, settings, tmp_path) -> World:
    settings.IVH_REQUIRE_2FA = True
    settings.IVH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return build_world(personas)


def test_every_url_answers_every_role_as_its_policy_says(world):
    problems = check_matrix(world)
    assert not problems, "\n".join(problems)


def test_the_matrix_reaches_every_kind_of_url(world):
    """The walk goes through every include(): the admin, each app, the token links."""
    keys = {route.key for route in routes()}
    assert len(keys) > 150
    assert {
        "admin:accounts_user_change",
        "casemanagement:traject",
        "casemanagement:ouder",
        "mdo:antwoord",
        "monitor:quickscan_form",
        "core:home",
    } <= keys


def test_a_user_without_the_second_factor_is_refused_on_every_non_public_url(world):
    """Whatever the table says: a view that needs a login, and is not one of the pages where
    the second factor is given (otp_exempt), sends this user to the 2FA page."""
    client = world.clients[UNVERIFIED]
    checked = []
    for route in routes():
        url = fill(route.route, world, UNVERIFIED)
        view = resolve(url).func
        if getattr(view, "login_required", True) is False or getattr(view, "otp_exempt", False):
            continue
        got = outcome(client.get(url))
        assert got == TWO_FACTOR, f"{route.key}: GET {url} gave {got} without the second factor"
        checked.append(route.key)
    assert len(checked) > 150


def test_a_new_view_without_a_rule_fails_the_matrix(world, settings):
    before = set(missing_rules())  # empty, unless another new view lacks its rule too
    settings.ROOT_URLCONF = "tests.security.throwaway_urls"
    # It is a real page that anyone logged in could open.
    assert world.clients[COORDINATOR].get("/nieuw-zonder-regel/").status_code == 200

    problems = check_matrix(world)

    [added] = set(problems) - before
    assert "'forgotten_view'" in added
    assert "add it to tests/security/url_policy.py" in added


class OnlyTheNewView:
    """A URL configuration without the project's URLs: every rule in the table is stale."""

    urlpatterns = [path("nieuw-zonder-regel/", forgotten, name="forgotten_view")]


def test_a_rule_for_a_url_that_is_gone_fails_too():
    problems = missing_rules(OnlyTheNewView)
    assert any("'forgotten_view'" in p for p in problems)
    stale = [p for p in problems if "matches no URL any more" in p]
    assert any("'casemanagement:traject'" in p for p in stale)
