"""The soak test's users (bench/soak.py starts locust with this file; see there).

Four kinds of users, as many of each as the runner says (`fixed_count`), each going through
what that person does, one page after the other with a pause between:

- a parent: the public form (GET), the time it takes to fill it in (at least the form's own
  minimum), the form sent back with its CSRF token, signed start time and submission token and
  an empty honeypot (POST, must lead to the receipt), the receipt; then the next parent, with
  no cookies;
- a coordinator: the inbox, one of the oldest registrations in intake, the start page, the MDO
  overview;
- a casemanager: the caseload, one of their open trajecten, a contact moment written on it
  (POST, must lead back to the traject page), the traject page it leads to;
- a gemeente official: the monitor dashboard and its CSV export.

Cookies are kept by hand, per user: the production settings make the session and CSRF cookies
`Secure` and `__Host-`, which a cookie jar does not send back over the plain HTTP of loopback
(the harness says X-Forwarded-Proto: https, as the proxy would). Redirects are not followed
automatically, so that each response is checked for what it must be: a page is 200 (a 302 to
the login page is a failure), a POST is a 302 to the right place.

Every request's time is recorded and written to IVH_SOAK_RESULTS when locust quits; the runner
computes the figures. No Django here: locust patches this process with gevent.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, events, task

from bench.client import hidden_fields

CONFIG: dict[str, Any] = json.loads(Path(os.environ["IVH_SOAK_CONFIG"]).read_text())
COUNTS: dict[str, int] = CONFIG["counts"]
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

# Per request name: [seconds since the first request, ms] of each success; failures by kind.
_times: dict[str, list[list[float]]] = {}
_failures: dict[str, dict[str, int]] = {}
_began: list[float] = []


@events.request.add_listener
def _record(
    name: str, response_time: float, exception: BaseException | None, start_time: float, **_: Any
) -> None:
    if not _began:
        _began.append(start_time)
    if exception is None:
        _times.setdefault(name, []).append(
            [round(start_time - _began[0], 2), round(response_time, 2)]
        )
    else:
        kinds = _failures.setdefault(name, {})
        kind = str(exception)[:200]
        kinds[kind] = kinds.get(kind, 0) + 1


@events.quitting.add_listener
def _write(environment: Any, **_: Any) -> None:
    names = set(_times) | set(_failures)
    total = environment.stats.total
    out = {
        "endpoints": {
            name: {"times": _times.get(name, []), "failures": _failures.get(name, {})}
            for name in sorted(names)
        },
        # locust's own count, to compare with ours, and errors in the users' code (a page
        # without the form the user looks for, say), which are no request of their own.
        "locust": {"requests": total.num_requests, "failures": total.num_failures},
        "errors": {
            str(e["msg"])[:300]: e["count"]
            for e in (environment.runner.exceptions.values() if environment.runner else [])
        },
    }
    with open(os.environ["IVH_SOAK_RESULTS"], "w") as f:
        json.dump(out, f)


class _NoCookies(DefaultCookiePolicy):
    """The client's own jar stays empty: the users keep their cookies themselves."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False


class SoakUser(FastHttpUser):
    abstract = True
    wait_time = between(*CONFIG["think"])
    default_headers = {
        "X-Forwarded-Proto": "https",
        "User-Agent": "ivh-soak",
        "Accept": "text/html",
        "Accept-Language": "nl",
    }
    role = ""

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(_NoCookies())
        self.cookies: dict[str, str] = {}

    # -- requests, each checked ------------------------------------------------------------

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, response: Any) -> None:
        if not response.headers:  # no response at all (refused, reset): failed already
            return
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)  # Django deletes a cookie this way
                else:
                    self.cookies[name] = morsel.value

    def page(self, path: str, what: str) -> bytes | None:
        """GET a page that must answer 200; its body, or None after a failure."""
        with self.client.get(
            path,
            name=f"{self.role}: {what}",
            headers=self._headers(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self._keep_cookies(response)
            if response.status_code != 200:
                where = (response.headers or {}).get("Location") or ""
                response.failure(f"status {response.status_code} {where}".strip())
                return None
            response.success()
            return response.content

    def send(self, path: str, what: str, form: dict[str, Any], to: str) -> bool:
        """POST a form that must redirect to `to` (a 200 or 400 is the form refused)."""
        origin = CONFIG["origin"]
        headers = self._headers(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + path,
            }
        )
        with self.client.post(
            path,
            data=urlencode(form, doseq=True),
            name=f"{self.role}: {what}",
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self._keep_cookies(response)
            where = (response.headers or {}).get("Location") or ""
            if response.status_code != 302 or not where.endswith(to):
                response.failure(f"status {response.status_code} {where}, expected 302 to {to}")
                return False
            response.success()
            return True


class Parent(SoakUser):
    fixed_count = COUNTS["parent"]
    role = "parent"
    _numbers = itertools.count(1)

    @task
    def register(self) -> None:
        form = CONFIG["parent"]
        self.cookies = {}  # the next parent, in a browser of their own
        body = self.page(form["form"], "form (GET)")
        if body is None:
            return
        hidden = hidden_fields(body)
        # Filling it in: the form refuses one sent back sooner than its minimum time.
        gevent.sleep(random.uniform(*form["fill"]))
        n = next(self._numbers)
        data = {
            **form["data"],
            **hidden,
            "kind_first_name": f"Soak{n}",
            "kind_geboortedatum": form["birth_dates"][n % len(form["birth_dates"])],
            "ouder_name": f"Ouder Soak {n}",
            "ouder_email": f"ouder{n}-{int(time.time())}@soak.example.org",
            "postcode": form["postcodes"][n % len(form["postcodes"])],
        }
        if self.send(form["form"], "form (POST)", data, to=form["receipt"]):
            self.page(form["receipt"], "receipt")


class _Staff(SoakUser):
    abstract = True
    _next = itertools.count()

    def on_start(self) -> None:
        super().on_start()
        people = CONFIG[self.role]
        self.me = people[next(type(self)._next) % len(people)]
        self.cookies[CONFIG["session_cookie"]] = self.me["session"]


class Coordinator(_Staff):
    fixed_count = COUNTS["coordinator"]
    role = "coordinator"
    _next = itertools.count()

    @task
    def work_the_inbox(self) -> None:
        self.page(self.me["inbox"], "inbox")
        self.wait()
        self.page(random.choice(self.me["registrations"]), "registration")
        self.wait()
        self.page(self.me["start"], "start page")
        self.wait()
        self.page(self.me["mdo"], "MDO overview")


class Casemanager(_Staff):
    fixed_count = COUNTS["casemanager"]
    role = "casemanager"
    _next = itertools.count()
    _notes = itertools.count(1)

    @task
    def log_a_contact(self) -> None:
        self.page(self.me["caseload"], "caseload")
        self.wait()
        traject = random.choice(self.me["trajecten"])
        body = self.page(traject["page"], "traject page")
        if body is None:
            return
        token = _CSRF.search(body)
        self.wait()
        data = {
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "contact-datum": self.me["today"],
            "contact-soort": "telefonisch",
            "contact-minuten": str(random.randint(5, 60)),
            "contact-notitie": f"Belafspraak {next(self._notes)} met moeder (soaktest).",
        }
        if self.send(traject["contact"], "contact (POST)", data, to=traject["page"]):
            self.page(traject["page"], "traject page")


class Official(_Staff):
    fixed_count = COUNTS["official"]
    role = "official"
    _next = itertools.count()

    @task
    def look_at_the_figures(self) -> None:
        self.page(self.me["dashboard"], "monitor dashboard")
        self.wait()
        self.page(self.me["csv"], "CSV export")
