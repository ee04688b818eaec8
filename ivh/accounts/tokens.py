"""The token in an account link: a signature (with the server's key) over the link's id, salted
with a random nonce stored on the row. Nothing secret is stored, the e-mail renderer can rebuild
the same link, and using, revoking or expiring the row ends it."""

from __future__ import annotations

import secrets

from django.core import signing

from .models import AccountLink

_SALT = "accounts.accountlink"
# A token looks like `<id>.<signature>`; '.' is outside the URL-safe base64 alphabet.
_SEP = "."


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def _signer(link: AccountLink) -> signing.Signer:
    # The purpose is part of the salt: a token can never be replayed as another kind of link.
    return signing.Signer(salt=f"{_SALT}:{link.purpose}:{link.nonce}", sep=_SEP, algorithm="sha256")


def account_link_token(link: AccountLink) -> str:
    return _signer(link).sign(str(link.pk))


def account_link_lookup(token: str) -> AccountLink | None:
    """The link a token belongs to (usable or not), or None for a forged or garbled token."""
    if len(token) > 200:
        return None
    pk, sep, _signature = token.partition(_SEP)
    if not (sep and pk.isascii() and pk.isdigit()):
        return None
    link = AccountLink.objects.select_related("user").filter(pk=int(pk)).first()
    if link is None:
        return None
    try:
        _signer(link).unsign(token)
    except signing.BadSignature:
        return None
    return link
