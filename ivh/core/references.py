"""Reference numbers that people read out over the phone: the aanmelding's, the family's."""

import secrets

# Crockford-style alphabet: no I, L, O, U, 0 or 1, so a reference read over the phone is clear.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(prefix: str = "A") -> str:
    """A reference such as A-7KQ4-M2XD: random, so it reveals nothing about volumes."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"
