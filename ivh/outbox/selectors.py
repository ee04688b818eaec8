from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from .models import OutboxMessage


def outbox_backlog() -> dict[str, object]:
    """How many mails wait, how long the oldest has waited (seconds), and how many failed in
    the last day: one aggregate query over the partial index of open rows."""
    now = timezone.now()
    figures = OutboxMessage.objects.filter(
        Q(sent_at__isnull=True, skipped_at__isnull=True)
    ).aggregate(
        waiting=Count("pk", filter=Q(failed_at__isnull=True, not_before__lte=now)),
        oldest=Min("not_before", filter=Q(failed_at__isnull=True, not_before__lte=now)),
        failed=Count("pk", filter=Q(failed_at__gte=now - timedelta(days=1))),
    )
    oldest = figures["oldest"]
    return {
        "waiting": figures["waiting"],
        "oldest_waiting_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed_last_day": figures["failed"],
    }
