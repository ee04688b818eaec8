"""Reads that may go to a Postgres replica (docs/scaling.md, "A read replica").

Only what is marked reads from the replica: the monitor's figures on its pages and exports, made
from a read model that a job refreshes, so a replica a few seconds behind shows the same thing
(and the cache key is read there too, so figures and key belong together). Every write, and every
read outside such a block (who may see what, the jobs that build the read model, the access log,
the work pages), uses the primary. Without `DATABASE_REPLICA_URL` there is no replica and this
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

REPLICA = "replica"

_use_replica: ContextVar[bool] = ContextVar("ivh_use_replica", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "IVH_READ_REPLICA", False)) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Inside this block, reads go to the replica when one is configured."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def read_connection() -> BaseDatabaseWrapper:
    """The connection for a raw SQL read: the replica inside a `replica_reads` block."""
    if _use_replica.get() and replica_enabled():
        return connections[REPLICA]
    return connections["default"]


class ReplicaRouter:
    """Sends the reads of a `replica_reads` block to the replica; everything else to default."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _use_replica.get() and replica_enabled():
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        # Always the primary, also for an object that was read from the replica (Django would
        # otherwise write it back where it came from).
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
