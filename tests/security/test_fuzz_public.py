"""Hypothesis against the two ways in without an account: the public registration form and the
token links (the parents' personal link, the MDO answer link).

tests/core/test_fuzz.py sends junk to every form and asserts "no server error". These go
further on the public entrances: a registration is never saved from input that breaks a rule,
what is saved keeps the rules, and a token that is not a live link's own is answered with 404
(not 500, not 405) and changes nothing, for the page and for each action alike.
"""

from __future__ import annotations

import string
import unicodedata
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from aanmelding.forms import PHONE_RE, POSTCODE_RE, AanmeldForm
from aanmelding.models import Aanmelding
from casemanagement import services as cm
from casemanagement.models import OuderLink, OuderVraag, PlanAkkoord, Tevredenheid
from ivh.audit.models import AccessLogEntry
from mdo import services as ms
from mdo.models import Deelnemer
from mdo.tokens import ANTWOORD_SALT, antwoord_token
from tests.aanmelding.conftest import form_data  # noqa: F401 - a fixture, used by name
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=50,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is repeatable
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text: every script, control and format characters, surrogate-free.
ANY_TEXT = st.text(max_size=60)
# Past every field's maximum length (the concerns take 4000): a drawn piece, repeated.
LONG_TEXT = st.tuples(st.text(min_size=1, max_size=8), st.integers(4001, 6000)).map(
    lambda piece_and_length: (piece_and_length[0] * piece_and_length[1])[: piece_and_length[1]]
)
HIDDEN = st.sampled_from(["\x00", "\u202e", "\u200b", "\ufeff", "\x1b"])


def _choices(field: str) -> set[str]:
    return {str(value) for value, _label in AanmeldForm().fields[field].choices}


def _not_a_choice(field: str) -> st.SearchStrategy[str]:
    valid = _choices(field)
    return st.text(min_size=1, max_size=20).filter(lambda s: s.strip() not in valid)


# For each field, input that breaks one of its rules for certain.
BREAKS = {
    "kind_first_name": st.one_of(
        st.sampled_from(["", "   "]), st.text(min_size=81, max_size=300).filter(str.strip)
    ),
    "kind_geboortedatum": st.one_of(
        # Not a date at all, an impossible date, a date in the future, a child past seven.
        st.text(alphabet=string.ascii_letters + "!?#", min_size=1, max_size=20),
        st.sampled_from(["2024-02-30", "2023-13-01", "0000-00-00", "31-02-2022", "²⁰²⁴-01-01"]),
        st.integers(1, 3650).map(lambda d: (timezone.localdate() + timedelta(days=d)).isoformat()),
        st.integers(7 * 366 + 1, 40 * 365).map(
            lambda d: (timezone.localdate() - timedelta(days=d)).isoformat()
        ),
    ),
    "ouder_name": st.sampled_from(["", "  ", "x" * 151]),
    "ouder_email": st.text(min_size=1, max_size=60).filter(lambda s: s.strip() and "@" not in s),
    "ouder_telefoon": st.text(min_size=1, max_size=40).filter(
        lambda s: s.strip() and not PHONE_RE.match(s.strip())
    ),
    "postcode": st.text(min_size=1, max_size=12).filter(
        lambda s: s.strip() and not POSTCODE_RE.match(s.strip())
    ),
    "zorg": st.one_of(st.sampled_from(["", " \n "]), LONG_TEXT),
    "gezag": _not_a_choice("gezag"),
    "andere_gezagsdrager": _not_a_choice("andere_gezagsdrager"),
    "contact_voorkeur": _not_a_choice("contact_voorkeur"),
    "zorg_domeinen": st.lists(_not_a_choice("zorg_domeinen"), min_size=1, max_size=3),
    # The anti-robot fields: a forged start time, a token that is no UUID, a filled honeypot.
    "started": ANY_TEXT,
    "submission_token": st.text(min_size=1, max_size=40).filter(lambda s: len(s.strip()) != 36),
    "website": st.text(min_size=1, max_size=40).filter(str.strip),
}
# A hidden character in a one-line text field is refused as well.
for _name in ("kind_first_name", "ouder_name", "betrokken"):
    BREAKS[f"{_name}+hidden"] = st.tuples(st.just(_name), HIDDEN, ANY_TEXT)

# What a person or a robot may type in each field, right or wrong.
TYPED = {
    "kind_first_name": ANY_TEXT,
    "ouder_name": ANY_TEXT,
    "ouder_telefoon": st.one_of(ANY_TEXT, st.from_regex(r"\A[0-9 +()-]{8,22}\Z")),
    "ouder_email": st.one_of(ANY_TEXT, st.emails()),
    "zorg": st.one_of(ANY_TEXT, LONG_TEXT),
    "betrokken": ANY_TEXT,
    "postcode": st.one_of(ANY_TEXT, st.from_regex(r"\A ?[0-9]{4} ?[A-Za-z]{0,2} ?\Z")),
    "kind_geboortedatum": st.one_of(
        ANY_TEXT,
        st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    ),
}


def _hidden_characters(text: str) -> list[str]:
    """Control characters and the marks that reorder text (right-to-left overrides)."""
    return [
        ch
        for ch in text
        if unicodedata.category(ch) == "Cc" or unicodedata.bidirectional(ch) in BIDI_CONTROLS
    ]


BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


@pytest.fixture(autouse=True)
def no_rate_limits(settings) -> None:
    """Saved registrations and failed link look-ups are rate-limited per address; these tests
    make hundreds on purpose, from one address."""
    settings.IVH_AANMELDING_RATE_PER_IP = "1000000/h"
    settings.IVH_OUDERLINK_RATE_PER_IP = "1000000/h"


def _sent(client: Client, data: dict) -> tuple[int, int]:
    before = Aanmelding.objects.count()
    response = client.post(reverse("aanmelding:aanmelden"), data)
    return response.status_code, Aanmelding.objects.count() - before


@pytest.mark.parametrize("rule", sorted(BREAKS))
@hypothesis_settings(FUZZ, max_examples=10)
@given(data=st.data())
def test_a_registration_that_breaks_a_rule_is_never_saved(personas, form_data, rule, data):  # noqa: F811
    """One rule broken at a time, everything else as a parent would fill it in: so each rule
    is tried on its own, and a rule the form stopped checking shows up as a saved row."""
    values = form_data()
    value = data.draw(BREAKS[rule], label=rule)
    field = rule.removesuffix("+hidden")
    if rule.endswith("+hidden"):
        _field, hidden, text = value
        value = f"{values[field]}{hidden}{text}"
    values[field] = value
    note(repr(values))

    status, saved = _sent(Client(), values)

    assert status in (200, 400), status  # the form again, with its errors
    assert saved == 0


@FUZZ
@given(data=st.data())
def test_whatever_is_typed_a_saved_registration_keeps_the_rules(personas, form_data, data):  # noqa: F811
    values = form_data()
    for name in data.draw(st.lists(st.sampled_from(sorted(TYPED)), min_size=1, unique=True)):
        values[name] = data.draw(TYPED[name], label=name)
    note(repr(values))

    status, saved = _sent(Client(), values)

    assert status < 500
    event("saved" if saved else "refused")
    if saved:
        aanmelding = Aanmelding.objects.latest("pk")
        age = timezone.localdate() - aanmelding.kind_geboortedatum
        assert timedelta(0) <= age < timedelta(days=7 * 366)
        assert aanmelding.kind_first_name.strip() and aanmelding.ouder_name.strip()
        assert aanmelding.zorg.strip()
        assert POSTCODE_RE.match(aanmelding.postcode)
        assert aanmelding.ouder_telefoon or aanmelding.ouder_email
        for text in (aanmelding.kind_first_name, aanmelding.ouder_name, aanmelding.postcode):
            assert not _hidden_characters(text), repr(text)


# --- token links ---------------------------------------------------------------------------


@pytest.fixture
def links(personas) -> dict[str, str]:
    """A live parents' link and answer link, and the tokens of dead ones: expired, revoked,
    and a correctly signed invitation that does not exist."""
    traject = traject_with_consent(personas, personas.casemanager)
    live, live_token = cm.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    expired, expired_token = cm.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    OuderLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, revoked_token = cm.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    cm.ouderlink_revoke(link=revoked, by=personas.casemanager)
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)
    punt = ms.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    ouders = ms.deelnemer_invite_ouders(agendapunt=punt, by=personas.coordinator)
    answer_token = antwoord_token(ouders)
    gone_token = signing.dumps({"d": ouders.pk + 1000, "m": str(mdo.uid)}, salt=ANTWOORD_SALT)
    return {
        "live": live_token,
        "expired": expired_token,
        "revoked": revoked_token,
        "answer": answer_token,
        "answer_gone": gone_token,
    }


PARENT_PAGES = ["casemanagement:ouder"]
PARENT_ACTIONS = [
    "casemanagement:ouder_akkoord",
    "casemanagement:ouder_vraag",
    "casemanagement:ouder_tevredenheid",
    "casemanagement:ouder_toestemming_intrekken",
]


def _forged(live: str) -> st.SearchStrategy[str]:
    """Tokens near the real one: a character changed, cut short, made longer, another link's
    number with this signature, look-alike digits."""
    pk, _sep, signature = live.partition(":")
    return st.one_of(
        st.integers(0, len(live) - 1).flatmap(
            lambda i: (
                st.sampled_from("AZaz09-_:")
                .filter(lambda c: c != live[i])
                .map(lambda c: live[:i] + c + live[i + 1 :])
            )
        ),
        st.integers(1, len(live) - 1).map(lambda i: live[:i]),
        st.text(min_size=1, max_size=40).map(lambda s: live + s),
        st.integers(0, 2**70).map(lambda n: f"{n}:{signature}"),
        st.just(f"{pk.translate(str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩'))}:{signature}"),
    )


def _token_strategy(live: str, dead: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(min_size=1, max_size=80),  # anything, every script and control character
        st.text(min_size=201, max_size=5000),  # very long
        st.sampled_from(dead),
        _forged(live),
    ).filter(lambda token: token != live)


def _writes() -> tuple[int, ...]:
    return (
        OuderVraag.objects.count(),
        Tevredenheid.objects.count(),
        PlanAkkoord.objects.count(),
        AccessLogEntry.objects.count(),
        OuderLink.objects.filter(last_used_at__isnull=False).count(),
    )


def _path(name: str, token: str) -> str:
    # What a browser sends: the token percent-encoded in the path.
    return reverse(name, args=["TOKEN"]).replace("TOKEN", quote(token, safe=""))


@FUZZ
@given(data=st.data())
def test_a_parent_link_that_is_not_a_live_link_gives_404_and_changes_nothing(links, data):
    token = data.draw(
        _token_strategy(links["live"], [links["expired"], links["revoked"]]), label="token"
    )
    client = Client()
    before = _writes()
    for name in PARENT_PAGES:
        assert client.get(_path(name, token)).status_code == 404, name
    for name in PARENT_ACTIONS:
        response = client.post(
            _path(name, token), {"vraag-tekst": "Mag ik iets vragen?", "tevredenheid-score": "8"}
        )
        assert response.status_code == 404, name
    assert _writes() == before


def test_the_live_parent_link_opens_so_the_404s_above_are_about_the_token(links):
    assert Client().get(_path("casemanagement:ouder", links["live"])).status_code == 200


@FUZZ
@given(data=st.data())
def test_an_mdo_answer_link_that_is_not_an_invitation_gives_404_and_changes_nothing(links, data):
    token = data.draw(_token_strategy(links["answer"], [links["answer_gone"]]), label="token")
    client = Client()
    answers = list(Deelnemer.objects.values_list("pk", "antwoord"))
    assert client.get(_path("mdo:antwoord", token)).status_code == 404
    assert client.post(_path("mdo:antwoord", token), {"antwoord": "komt"}).status_code == 404
    assert list(Deelnemer.objects.values_list("pk", "antwoord")) == answers


def test_the_live_answer_link_opens(links):
    assert Client().get(_path("mdo:antwoord", links["answer"])).status_code == 200
