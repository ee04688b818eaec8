"""The coordinator's main menu in Chromium: at laptop widths (1200, 1280, 1366 px) in Dutch and in
English it fits on one row without sideways scrolling and without a label wrapping; every
destination is reachable with the keyboard (the "Privacy" and account menus opened by keyboard);
on a phone it folds behind the menu button; axe finds nothing, open or closed."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from ivh.accounts.models import User

from .conftest import axe_violations, describe, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ivh-demo-2026"
# The longest name the menu should still show whole at 1280 px; longer ones get an ellipsis.
LONG_NAME = "Sanne Bakker-van der Heijden"

# What the menu offers a coordinator who is also functioneel beheerder (the most items anyone
# has), per language: the top row in order, then what sits in a dropdown under which toggle.
MENU = {
    "nl": {
        "top": [
            "Start",
            "Trajecten",
            "Aanmeldingen",
            "Signalen",
            "Monitor",
            "MDO's",
            "Netwerk",
            "Privacy",
            "Beheer",
            LONG_NAME,
        ],
        "dropdowns": {
            "Netwerk": [
                ("Consulten", "netwerkwerk:consulten"),
                ("Netwerkactiviteiten", "netwerkwerk:activiteiten"),
                ("Stuurgroep", "netwerkwerk:stuurgroep"),
                ("Kwaliteitsreview", "kwaliteit:overzicht"),
                ("Sociale kaart", "netwerk:sociale_kaart"),
            ],
            "Privacy": [
                ("Toegangslog", "audit:access_log"),
                ("Bewaren", "bewaring:kalender"),
            ],
            LONG_NAME: [("Mijn account", "accounts:account"), ("Uitloggen", None)],
        },
    },
    "en": {
        "top": [
            "Start",
            "Care pathways",
            "Registrations",
            "Alerts",
            "Monitor",
            "MDOs",
            "Network",
            "Privacy",
            "Admin",
            LONG_NAME,
        ],
        "dropdowns": {
            "Network": [
                ("Consultations", "netwerkwerk:consulten"),
                ("Network activities", "netwerkwerk:activiteiten"),
                ("Steering group", "netwerkwerk:stuurgroep"),
                ("Quality review", "kwaliteit:overzicht"),
                ("Social map", "netwerk:sociale_kaart"),
            ],
            "Privacy": [
                ("Access log", "audit:access_log"),
                ("Retention", "bewaring:kalender"),
            ],
            LONG_NAME: [("My account", "accounts:account"), ("Log out", None)],
        },
    },
}

# Per top-level item of the menu: its label, whether its text runs over more than one line, and
# whether it sticks out of the menu bar (as "Uitloggen" did, cut off at the right edge).
MEASURE = """() => {
  const bar = document.querySelector('nav.navbar > .container').getBoundingClientRect();
  return [...document.querySelectorAll('#hoofdmenu > .navbar-nav > .nav-item > .nav-link')]
    .map((el) => {
      const style = getComputedStyle(el);
      const text = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      const box = el.getBoundingClientRect();
      return {
        label: el.innerText.trim(),
        wraps: text > 1.5 * parseFloat(style.lineHeight),
        outside: box.left < bar.left - 0.5 || box.right > bar.right + 0.5,
        top: box.top,
        height: box.height,
      };
    });
}"""


@pytest.fixture
def coordinator(transactional_db: None) -> User:
    call_command("seed_demo")
    user = User.objects.get(email="coordinator@demo.ivh.nl")
    # Also functioneel beheerder ("Beheer" in the menu) and a long name: the widest menu.
    user.full_name = LONG_NAME
    user.is_staff = True
    user.save(update_fields=["full_name", "is_staff"])
    return user


def _choose_language(page, language: str) -> None:  # noqa: ANN001
    if language == "nl":
        return
    page.get_by_label("Taal").select_option(language)
    page.get_by_role("button", name="Kies").click()
    page.wait_for_function(f"document.documentElement.lang === '{language}'")


def _menu(page):  # noqa: ANN001, ANN202
    return page.get_by_role("navigation", name=re.compile("^(Hoofdmenu|Main menu)$"))


def _assert_fits(page, width: int, menu: dict) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        width,
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
    )
    items = page.evaluate(MEASURE)
    assert [i["label"] for i in items] == menu["top"], width
    assert not [i["label"] for i in items if i["wraps"]], (width, items)
    assert not [i["label"] for i in items if i["outside"]], (width, items)
    tops = [i["top"] for i in items]  # one row: no item pushed below the others
    assert max(tops) - min(tops) < min(i["height"] for i in items) / 2, (width, items)


def _open_by_keyboard(page, toggle_name: str):  # noqa: ANN001, ANN202
    toggle = _menu(page).get_by_role("button", name=toggle_name, exact=True)
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    return toggle


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_coordinators_menu_fits_a_laptop_screen_and_every_item_is_reachable(
    page, coordinator, language
):
    menu = MENU[language]
    log_in(page, coordinator.email, DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    _choose_language(page, language)

    # 1200: the narrowest width with the menu unfolded; from 1400 on the name shows too.
    for width in (1200, 1366, 1440, 1920, 1280):
        _assert_fits(page, width, menu)
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, f"menu-1280-{language}")

    # The keyboard reaches every item of the top row in order, from the brand on.
    _menu(page).locator(".navbar-brand").focus()
    reached = []
    for _ in menu["top"]:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.innerText.trim()"))
    assert reached == menu["top"]

    # Each dropdown opens with Enter; the arrow keys go through its items; Escape closes it
    # and gives the focus back to its button.
    for toggle_name, items in menu["dropdowns"].items():
        toggle = _open_by_keyboard(page, toggle_name)
        for name, url_name in items:
            page.keyboard.press("ArrowDown")
            assert page.evaluate("document.activeElement.innerText.trim()") == name
            if url_name:  # the last of the account menu is the logout button
                link = _menu(page).get_by_role("link", name=name, exact=True)
                assert link.is_visible() and link.get_attribute("href") == reverse(url_name)
        assert not (v := axe_violations(page)), describe(v)
        screenshot(page, f"menu-1280-{language}-{toggle_name.split()[0].lower()}")
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.innerText.trim()") == toggle_name

    # A destination inside a dropdown opens by keyboard alone.
    _open_by_keyboard(page, "Privacy")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("audit:access_log"))
    assert page.get_by_role("heading", level=1).is_visible()
    _assert_fits(page, 1280, menu)

    # So does logging out, the last item of the account menu.
    _open_by_keyboard(page, LONG_NAME)
    page.keyboard.press("ArrowUp")  # from the button: the last item
    logout = menu["dropdowns"][LONG_NAME][-1][0]
    assert page.evaluate("document.activeElement.innerText.trim()") == logout
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("accounts:login"))
    assert page.get_by_role("button", name=re.compile("^(Inloggen|Log in)$")).is_visible()


def test_on_a_phone_the_menu_folds_behind_the_menu_button(phone_page, coordinator):
    page = phone_page
    log_in(page, coordinator.email, DEMO_PASSWORD)
    page.wait_for_url("**/start/")
    menu = _menu(page)
    assert menu.get_by_role("link", name="Trajecten").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    button = menu.get_by_role("button", name="Menu openen of sluiten")
    button.focus()
    page.keyboard.press("Enter")
    for name in MENU["nl"]["top"]:
        role = "button" if name in MENU["nl"]["dropdowns"] else "link"
        assert menu.get_by_role(role, name=name, exact=True).is_visible()
    _open_by_keyboard(page, LONG_NAME)
    assert menu.get_by_role("button", name="Uitloggen").is_visible()
    assert menu.get_by_text(LONG_NAME).last.is_visible()  # the name, in full
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not (v := axe_violations(page)), describe(v)
    screenshot(page, "menu-phone-open")
