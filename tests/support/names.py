"""Generated Dutch names that cannot be mistaken for a child's name in the tests: a test that
checks a page or mail for "Noor" must not fail because a parent is called "Noortje" or a staff
member "Noordijk", nor because an apostrophe ("van 't Wel") is escaped in HTML."""

import re

from faker import Faker

_fake = Faker("nl_NL")
# The children's first names the tests use and look for.
_CHILDREN = re.compile(r"noor|sem|lotte|daan|hanna|'", re.IGNORECASE)


def safe_name() -> str:
    while True:
        name = _fake.name()
        if not _CHILDREN.search(name):
            return name
