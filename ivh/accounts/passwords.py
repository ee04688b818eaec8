"""The breached-password check, done offline: no password (nor a hash prefix of one) ever leaves
the server, and a login or a password change never waits for a third party.

The lists: Django's own 20,000 most common passwords (taken from breach corpora), the 30,000 of
zxcvbn's breach-derived frequency list, and a short Dutch list of our own (the words people here
turn into a password: the season, a football club, the organisation's own name). A password of
twelve characters or more is seldom on those lists as it stands; what crackers try first is a
listed word dressed up ("Wachtwoord2024!", "W3lkom!!2025"). So the password is refused when it,
or its core without leading and trailing digits and punctuation, or that core with common
letter-for-digit swaps undone, is on a list."""

from __future__ import annotations

import string
from functools import cache

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Dutch and local words that make the common "word + year + !" passwords. Lower case.
DUTCH_WORDS = frozenset(
    """
    wachtwoord welkom welkom01 geheim hallo hoi doei liefde schatje schat prinses lieverd
    voorjaar lente zomer herfst najaar winter januari februari maart april mei juni juli
    augustus september oktober november december maandag dinsdag woensdag donderdag vrijdag
    zaterdag zondag nederland holland amsterdam rotterdam denhaag utrecht eindhoven groningen
    ajax feyenoord psv oranje voetbal koffie fiets tulp kaas kinderen kindje baby mama papa
    opa oma gezin familie vakantie zorg jeugdzorg jeugdhulp consultatiebureau wijkteam
    ivh vroeghulp integralevroeghulp coordinatie coordinator ketenregisseur casemanager
    gemeente mdo aanmelding aanmeldpunt wijziging veranderen nieuw nieuwwachtwoord
    """.split()  # noqa: SIM905 - a word list reads and grows more easily as text
)

# Digit and symbol swaps that crackers undo first ("w4chtw00rd" is "wachtwoord").
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_DECORATION = string.digits + string.punctuation + string.whitespace


@cache
def breached_passwords() -> frozenset[str]:
    """Every listed password, lower case. Read once per process (about 50,000 strings)."""
    django_list = CommonPasswordValidator().passwords
    # Imported here: the module holds several large word lists and is needed only now.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(django_list | set(FREQUENCY_LISTS["passwords"]) | DUTCH_WORDS) - {""}


def password_variants(password: str) -> set[str]:
    """The password as a cracker's first rules would reach it from a listed word."""
    lowered = password.lower()
    core = lowered.strip(_DECORATION)
    return {lowered, core, core.translate(LEET), lowered.translate(LEET)} - {""}


def is_breached(password: str) -> bool:
    return not password_variants(password).isdisjoint(breached_passwords())


class BreachedPasswordValidator:
    """AUTH_PASSWORD_VALIDATORS entry that refuses listed passwords and their simple variants
    (it replaces Django's CommonPasswordValidator, whose list it includes)."""

    def validate(self, password: str, user: object = None) -> None:
        if is_breached(password):
            raise ValidationError(
                _(
                    "Dit wachtwoord, of een eenvoudige variant ervan, staat in lijsten van "
                    "uitgelekte wachtwoorden. Kies een ander wachtwoord, bijvoorbeeld een zin "
                    "van een paar woorden."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _(
            "Uw wachtwoord mag niet (ook niet met cijfers of tekens erbij) in een lijst van "
            "uitgelekte wachtwoorden staan."
        )
