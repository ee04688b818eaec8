"""The signed answer link in an MDO invitation: nothing secret is stored, and the same link
can be rebuilt for every update or resend of the invitation."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from .models import Deelnemer

ANTWOORD_SALT = "mdo.antwoord"
# The answer link in an invitation keeps working this long after it was sent.
ANTWOORD_MAX_AGE = timedelta(days=120)


def antwoord_token(deelnemer: Deelnemer) -> str:
    return signing.dumps({"d": deelnemer.pk, "m": str(deelnemer.mdo.uid)}, salt=ANTWOORD_SALT)


def deelnemer_from_token(token: str) -> Deelnemer | None:
    try:
        data = signing.loads(token, salt=ANTWOORD_SALT, max_age=ANTWOORD_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    return (
        Deelnemer.objects.select_related("mdo", "mdo__region", "agendapunt")
        .filter(pk=data["d"], mdo__uid=str(data.get("m")))
        .first()
    )
