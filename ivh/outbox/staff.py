"""Messages to staff, delivered as each person chose: directly (an outbox row), in the daily
overview (a digest item), or not at all — except the kinds that matter for a child's safety,
which always arrive. In the caller's transaction, like `outbox_put`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from ivh.accounts.models import User

from .models import Delivery, DigestItem, NotificationPreference
from .registry import get_staff_kind
from .services import Draft, outbox_put_many


@dataclass(frozen=True)
class StaffDraft:
    user_id: int
    kind: str
    key: str
    context: dict[str, object]
    not_before: datetime | None = None


def deliveries(user_ids: set[int], kinds: set[str]) -> dict[tuple[int, str], str]:
    """The chosen delivery per (user, kind); what is not stored is DIRECT (one query)."""
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in=user_ids, kind__in=kinds
        ).values_list("user_id", "kind", "delivery")
    }
    out = {}
    for user_id in user_ids:
        for kind in kinds:
            delivery = chosen.get((user_id, kind), Delivery.DIRECT)
            if delivery == Delivery.OFF and get_staff_kind(kind).safety:
                delivery = Delivery.DIRECT
            out[user_id, kind] = delivery
    return out


def notify_staff_many(drafts: list[StaffDraft]) -> int:
    """Deliver many staff messages in a fixed number of statements. Returns how many were new
    (mailed or held for the overview); a key seen before is a no-op."""
    if not drafts:
        return 0
    for kind in {d.kind for d in drafts}:
        get_staff_kind(kind)
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in={d.user_id for d in drafts}, is_active=True).only(
            "pk", "email"
        )
    }
    chosen = deliveries(set(users), {d.kind for d in drafts})
    direct, digest = [], []
    for draft in drafts:
        user = users.get(draft.user_id)
        if user is None or not user.email:
            continue
        delivery = chosen[draft.user_id, draft.kind]
        if delivery == Delivery.DIRECT:
            direct.append(
                Draft(
                    key=draft.key,
                    kind=draft.kind,
                    recipient=user.email,
                    context=draft.context,
                    not_before=draft.not_before,
                )
            )
        elif delivery == Delivery.DIGEST:
            digest.append(draft)
    created = outbox_put_many(direct)
    if digest:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {DigestItem._meta.db_table} (key, user_id, kind, context, created_at)
                SELECT k, u, kd, c::jsonb, now()
                FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::text[]) AS d(k, u, kd, c)
                ON CONFLICT (key) DO NOTHING
                """,  # noqa: S608 (the table name from the model, values as parameters)
                [
                    [d.key for d in digest],
                    [d.user_id for d in digest],
                    [d.kind for d in digest],
                    [json.dumps(d.context) for d in digest],
                ],
            )
            created += cursor.rowcount
    return created


def notify_staff(
    *,
    user: User,
    kind: str,
    key: str,
    context: dict[str, object],
    not_before: datetime | None = None,
) -> bool:
    """One staff message, delivered as the person chose. True when it was new."""
    return notify_staff_many([StaffDraft(user.pk, kind, key, context, not_before)]) > 0


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if get_staff_kind(kind).safety and delivery == Delivery.OFF:
            delivery = Delivery.DIRECT
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
