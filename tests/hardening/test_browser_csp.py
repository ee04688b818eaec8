"""In headless Chromium with the Content-Security-Policy on: the login page, the public form,
a coordinator's inbox and a dossier page load without a single CSP violation (reported by the
browser's `securitypolicyviolation` event or on the console). And the session warning appears
before the inactivity limit, "Blijf ingelogd" keeps the session, and without a click the
session ends on the server and the login page says why."""

import os
import threading
from collections.abc import Callable

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import CHROMIUM_ARGS, _chromium_path, axe_violations, describe, log_in
from tests.casemanagement.factories import TrajectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page (through the DevTools protocol, not subject to the CSP).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def in_browser(live_server) -> Callable[[Callable], None]:  # noqa: ANN001
    """Run `steps(page)` in a Chromium of its own, in a thread of its own: tests/browser keeps
    its session-wide Playwright (and its event loop) open in the main thread, and a second
    sync Playwright cannot start beside it there."""
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI.")
        pytest.skip("Chromium not installed; browser tests skipped.")

    def run(steps: Callable) -> None:
        failure: list[BaseException] = []

        def target() -> None:
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                    context = browser.new_context(
                        viewport={"width": 1280, "height": 900}, locale="nl-NL"
                    )
                    context.add_init_script(LISTEN)
                    page = context.new_page()
                    page.set_default_timeout(15000)
                    page.base_url = live_server.url
                    page.console = []
                    page.on("console", lambda message: _keep_csp(page, message.text))
                    try:
                        steps(page)
                    finally:
                        browser.close()
            except BaseException as error:  # handed to the test's own thread
                failure.append(error)

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive(), "the browser steps did not finish"
        if failure:
            raise failure[0]

    return run


def _keep_csp(page, text: str) -> None:  # noqa: ANN001
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        page.console.append(text)


def violations(page) -> list[str]:  # noqa: ANN001
    return [*page.evaluate("window.__csp || []"), *page.console]


def test_the_detector_sees_a_violation(in_browser):
    # The guard against a listener that hears nothing: an inline script is refused and reported.
    def steps(page) -> None:  # noqa: ANN001
        page.goto(page.base_url + reverse("accounts:login"))
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
            " document.body.appendChild(s); }"
        )
        page.wait_for_function("window.__csp.length > 0")
        assert any("script-src" in v for v in violations(page))

    in_browser(steps)


def test_public_and_staff_pages_load_without_csp_violations(in_browser, personas):
    AanmeldingFactory(gemeente=personas.gemeente)
    assert Aanmelding.objects.exists()
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    reference = traject.gezin.reference

    def steps(page) -> None:  # noqa: ANN001
        page.goto(page.base_url + reverse("accounts:login"))
        assert violations(page) == []
        page.goto(page.base_url + reverse("aanmelding:aanmelden"))
        page.get_by_label("Postcode", exact=False).first.fill("2511 AB")
        assert violations(page) == []

        log_in(page, personas.coordinator.email, PASSWORD)
        page.goto(page.base_url + reverse("aanmelding:inbox"))
        assert page.get_by_role("heading", level=1).is_visible()
        assert violations(page) == []
        page.locator("button.nav-account").click()  # "Uitloggen" sits in the account menu
        page.get_by_role("button", name="Uitloggen").click()

        log_in(page, personas.casemanager.email, PASSWORD)
        page.goto(page.base_url + reverse("casemanagement:traject", args=[traject.pk]))
        assert page.get_by_text(reference).first.is_visible()
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], violations(page)

    in_browser(steps)


def test_the_session_warning_keeps_the_session_and_otherwise_it_ends(
    in_browser, personas, settings
):
    # Short limits, same mechanism: warned 8 s before the end of 12 s of inactivity.
    settings.IVH_SESSION_IDLE_SECONDS = 12
    settings.IVH_SESSION_WARNING_SECONDS = 8
    email = personas.casemanager.email

    def steps(page) -> None:  # noqa: ANN001
        log_in(page, email, PASSWORD)
        warning = page.locator("#sessie-waarschuwing")
        assert warning.is_hidden()

        warning.wait_for(state="visible", timeout=10000)
        assert page.get_by_text("U wordt bijna uitgelogd").is_visible()
        assert not (v := axe_violations(page)), describe(v)
        page.get_by_role("button", name="Blijf ingelogd").click()
        warning.wait_for(state="hidden", timeout=5000)
        status = page.request.get(page.base_url + reverse("accounts:session_status")).json()
        assert status["remaining"] > 8  # kept: the click counted as activity

        # No click this time: the server ends the session and the page goes to the login.
        warning.wait_for(state="visible", timeout=10000)
        page.wait_for_url("**/account/inloggen/**", timeout=20000)
        assert page.get_by_text("U bent automatisch uitgelogd").is_visible()
        assert violations(page) == []

    in_browser(steps)
