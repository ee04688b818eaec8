"""Recovery codes are kept as a keyed digest, never as the code itself: someone who reads the
database (a backup, a leaked dump) cannot use them. django-otp's static device compares the
stored value for equality, so the digest is what it stores and what it is asked to verify."""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "ivh.accounts.recovery-code"
# django-otp's StaticToken.token holds 16 characters: 64 bits of HMAC-SHA256, against codes of
# 40 random bits (StaticToken.random_token), so two codes never share a digest in practice.
DIGEST_LENGTH = 16


def recovery_code_digest(code: str, *, secret: str | None = None) -> str:
    return salted_hmac(SALT, code, secret=secret, algorithm="sha256").hexdigest()[:DIGEST_LENGTH]


def recovery_code_digests(code: str) -> list[str]:
    """The code's digest under the current secret key and each fallback key, so rotating the
    key (SECRET_KEY_FALLBACKS, docs/security.md) does not end anyone's recovery codes."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [recovery_code_digest(code, secret=secret) for secret in secrets]
