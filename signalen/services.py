from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ivh.accounts.models import User
from ivh.core.permissions import require

from .models import Signaal
from .permissions import SIGNAAL_ACKNOWLEDGE


@transaction.atomic
def signaal_acknowledge(*, signaal: Signaal, note: str, by: User) -> Signaal:
    """Seen, with a note of what is being done. The signal stays open until its cause is gone."""
    require(SIGNAAL_ACKNOWLEDGE, by, signaal)
    signaal.acknowledged_at = timezone.now()
    signaal.acknowledged_by = by
    signaal.acknowledgement = note.strip()
    signaal.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
    return signaal
