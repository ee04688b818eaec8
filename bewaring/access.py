"""The access helpers of the retention pages: 403 for a page the user may not use at all,
404 for a row of a region that is not theirs (`ivh.core.permissions`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ivh.accounts.models import User
from ivh.core.permissions import get_visible

from .models import Bewaarbatch, Verwijderverzoek
from .permissions import BATCH_VIEW, VERZOEK_HANDLE, VERZOEK_VIEW, may_use_bewaring


def require_bewaring(user: User) -> None:
    if not may_use_bewaring(user):
        raise PermissionDenied


def batch_for(user: User, pk: int) -> Bewaarbatch:
    require_bewaring(user)
    return get_visible(
        BATCH_VIEW, Bewaarbatch.objects.select_related("region", "started_by"), user, pk=pk
    )


def verzoek_for(user: User, pk: int) -> Verwijderverzoek:
    """A request of the user's regions (404 otherwise), with whether they may handle it."""
    require_bewaring(user)
    return get_visible(
        VERZOEK_VIEW,
        Verwijderverzoek.objects.select_related(
            "aanmelding", "gezin", "region", "batch", "ingediend_by", "afgehandeld_by"
        ),
        user,
        VERZOEK_HANDLE,
        pk=pk,
    )
