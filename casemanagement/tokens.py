"""The parents' personal link token: signed with the server's key over the link's id and a
random value stored with it. Nothing secret is stored; the same token can be rebuilt for a
resend; revoking or expiring the link row ends it."""

from __future__ import annotations

import secrets

from django.core import signing

from .models import OuderLink

_SALT = "casemanagement.ouderlink"
# A token looks like `<id>.<signature>`; '.' is outside the URL-safe base64 alphabet.
_SEP = "."


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def _signer(nonce: str) -> signing.Signer:
    return signing.Signer(salt=f"{_SALT}:{nonce}", sep=_SEP, algorithm="sha256")


def ouderlink_token(link: OuderLink) -> str:
    if not link.nonce:
        raise ValueError("A link without a nonce has no rebuildable token.")
    return _signer(link.nonce).sign(str(link.pk))


def ouderlink_lookup(token: str) -> OuderLink | None:
    """The link a token belongs to (usable or not), or None. Links made before signed tokens
    were revoked when these came (their tokens had been written to the access log)."""
    if len(token) > 200:
        return None
    pk, sep, _signature = token.partition(_SEP)
    if not (sep and pk.isascii() and pk.isdigit() and len(pk) < 19):
        return None
    link = OuderLink.objects.select_related("gezin").filter(pk=int(pk)).exclude(nonce="").first()
    if link is None:
        return None
    try:
        _signer(link.nonce).unsign(token)
    except signing.BadSignature:
        return None
    return link
