"""The one place that sends e-mail.

Writing: `outbox_put` inserts a row in the caller's transaction (a duplicate key is a no-op) and
queues the send after commit. Sending: `outbox_send` claims the row with a conditional update
(so two workers, or a worker and the sweep, never both send it), renders it through the kind's
renderer, hands it to the mail backend, and stamps it as sent. `outbox_sweep` sends what the
broker never delivered, what is scheduled for later, and what a dead worker left claimed.

A worker killed after the claim and before the stamp leaves the claim to expire; the sweep then
sends the row again. The stable Message-ID lets mail systems recognise the rare duplicate of a
worker that died in the instant between the mail server's acceptance and the stamp."""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from ivh.core.queue import enqueue_on_commit

from .models import DigestItem, OutboxMessage
from .registry import Rendered, get_renderer, get_staff_kind

logger = logging.getLogger(__name__)

SEND_TASK = "ivh.outbox.tasks.send"


def outbox_put(
    *,
    key: str,
    kind: str,
    recipient: str,
    context: dict[str, object] | None = None,
    language: str = "nl",
    not_before: datetime | None = None,
) -> OutboxMessage | None:
    """Write one e-mail to the outbox, in the caller's transaction. Returns None when a row
    with this key exists already (the same event must not mail twice). The context holds ids
    and plain values only, never a child's name or concerns and never a secret."""
    get_renderer(kind)  # fail early on a typo, not in the worker
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the caller intact
            message = OutboxMessage.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                context=context or {},
                language=language or "nl",
                created_at=now,
                not_before=not_before or now,
            )
    except IntegrityError:
        if not OutboxMessage.objects.filter(key=key).exists():
            raise
        return None
    if message.not_before <= now:
        enqueue_on_commit(SEND_TASK, message.pk)
    return message


@dataclass(frozen=True)
class Draft:
    """One e-mail for `outbox_put_many`; the same fields as `outbox_put`."""

    key: str
    kind: str
    recipient: str
    context: dict[str, object]
    language: str = "nl"
    not_before: datetime | None = None


_PUT_MANY = f"""
    INSERT INTO {OutboxMessage._meta.db_table}
        (key, kind, recipient, language, context, created_at, not_before, attempts, last_error)
    SELECT k, kd, r, l, c::jsonb, %(now)s, nb, 0, ''
    FROM unnest(%(keys)s::text[], %(kinds)s::text[], %(recipients)s::text[],
                %(languages)s::text[], %(contexts)s::text[], %(not_befores)s::timestamptz[])
        AS d(k, kd, r, l, c, nb)
    ON CONFLICT (key) DO NOTHING
    RETURNING id, not_before
"""  # noqa: S608 (the table name from the model, values as parameters)


def outbox_put_many(drafts: list[Draft]) -> int:
    """Write many e-mails in one statement, in the caller's transaction (for a scan that may
    announce thousands of things at once). Keys already present are skipped, as with
    `outbox_put`. Returns the number of new rows."""
    if not drafts:
        return 0
    for kind in {d.kind for d in drafts}:
        get_renderer(kind)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _PUT_MANY,
            {
                "now": now,
                "keys": [d.key for d in drafts],
                "kinds": [d.kind for d in drafts],
                "recipients": [d.recipient for d in drafts],
                "languages": [d.language or "nl" for d in drafts],
                "contexts": [json.dumps(d.context) for d in drafts],
                "not_befores": [d.not_before or now for d in drafts],
            },
        )
        created = cursor.fetchall()
    for pk, not_before in created:
        if not_before <= now:
            enqueue_on_commit(SEND_TASK, pk)
    return len(created)


def outbox_put_select(*, select: str, params: Mapping[str, Any], kinds: Collection[str]) -> int:
    """Write the e-mails a query describes with one INSERT … SELECT, in the caller's
    transaction: for a job that derives thousands of mails from rows already in the database,
    so they never travel through Python. `select` yields the columns `key`, `kind`,
    `recipient`, `context` (jsonb, ids only) and `not_before` (may be NULL: now), may start
    with its own WITH, and takes its values from `params` (names starting with `outbox_` are
    this function's). The rules are those of `outbox_put_many`: a known key is skipped, every
    kind must have a renderer (`kinds` names them), a row due now is queued after commit.
    Returns the number of new rows."""
    for kind in kinds:
        get_renderer(kind)
    now = timezone.now()
    table = OutboxMessage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table}
                (key, kind, recipient, language, context, created_at, not_before, attempts,
                 last_error)
            SELECT d.key, d.kind, d.recipient, 'nl', d.context, %(outbox_now)s,
                   COALESCE(d.not_before, %(outbox_now)s), 0, ''
            FROM ({select}) AS d
            WHERE d.kind = ANY(%(outbox_kinds)s::text[])
            ON CONFLICT (key) DO NOTHING
            RETURNING id, not_before
            """,  # noqa: S608  # nosec B608 (table from _meta, query from code, values as parameters)
            {**params, "outbox_now": now, "outbox_kinds": sorted(kinds)},
        )
        created = cursor.fetchall()
    for pk, not_before in created:
        if not_before <= now:
            enqueue_on_commit(SEND_TASK, pk)
    return len(created)


def digestitem_put_select(*, select: str, params: Mapping[str, Any], kind: str) -> int:
    """Hold the staff messages a query describes for each person's daily overview, with one
    INSERT … SELECT (the counterpart of `outbox_put_select` for those who chose the overview).
    `select` yields `key`, `user_id` and `context` (jsonb) for messages of `kind`; a known key
    is skipped. Returns the number of new items."""
    get_staff_kind(kind)
    table = DigestItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (key, user_id, kind, context, created_at)
            SELECT d.key, d.user_id, %(outbox_kind)s, d.context, %(outbox_now)s
            FROM ({select}) AS d
            ON CONFLICT (key) DO NOTHING
            """,  # noqa: S608  # nosec B608 (table from _meta, query from code, values as parameters)
            {**params, "outbox_kind": kind, "outbox_now": timezone.now()},
        )
        return cursor.rowcount


def _message_id(message: OutboxMessage) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "ivh.invalid"
    return f"<ivh-outbox-{message.pk}@{domain}>"


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def _record_failure(message: OutboxMessage, error: Exception) -> str:
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= settings.IVH_OUTBOX_MAX_ATTEMPTS:
        OutboxMessage.objects.filter(pk=message.pk).update(
            failed_at=now, claimed_until=None, last_error=text
        )
        logger.error("Outbox message %s failed for good: %s", message.pk, text)
        return "failed"
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=now + _backoff(message.attempts), last_error=text
    )
    logger.warning(
        "Outbox message %s not sent (attempt %s): %s", message.pk, message.attempts, text
    )
    return "retry"


def _build(message: OutboxMessage, rendered: Rendered) -> EmailMessage:
    email = EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        from_email=None,
        to=[message.recipient],
        headers={"Message-ID": _message_id(message), "Auto-Submitted": "auto-generated"},
    )
    for attachment in rendered.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


def outbox_send(*, message_id: int) -> str:
    """Send one row if it is due and free. Returns 'sent', 'skipped' (no longer due),
    'busy' (sent already, claimed by another sender, or not due yet), 'retry' or 'failed'."""
    now = timezone.now()
    lease = timedelta(seconds=settings.IVH_OUTBOX_LEASE_SECONDS)
    # The claim: one conditional UPDATE. A concurrent sender waits for the row lock, then sees
    # the claim and updates nothing.
    claimed = (
        OutboxMessage.objects.due(now)
        .filter(pk=message_id)
        .update(claimed_until=now + lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "busy"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        with translation.override(message.language):
            rendered = get_renderer(message.kind)(message)
            if rendered is not None:
                email = _build(message, rendered)
    except Exception as error:  # a renderer bug must not stop the other rows
        logger.exception("Outbox message %s could not be rendered.", message.pk)
        return _record_failure(message, error)
    if rendered is None:
        OutboxMessage.objects.filter(pk=message.pk).update(
            skipped_at=timezone.now(), claimed_until=None
        )
        return "skipped"
    try:
        email.send()
    except Exception as error:  # mail server down or refusing: retried with backoff
        return _record_failure(message, error)
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            sent_at=timezone.now(), claimed_until=None, last_error=""
        )
        if rendered.after_send is not None:
            rendered.after_send()
    return "sent"


def outbox_sweep(*, limit: int | None = None) -> dict[str, int]:
    """Send every due row: those the broker never delivered, those scheduled for now, those a
    dead worker left behind, and retries whose backoff has passed. Idempotent."""
    ids = list(
        OutboxMessage.objects.due()
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[: limit or settings.IVH_OUTBOX_SWEEP_BATCH]
    )
    outcomes: dict[str, int] = {}
    for message_id in ids:
        outcome = outbox_send(message_id=message_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
