"""Queueing Celery tasks after the transaction commits, without ever failing the request.

The database row is the truth: if the broker is down, the task is not queued, the failure is
logged, and a periodic sweep finds the row and does the work later."""

import logging
from collections.abc import Callable
from typing import Any

from celery import Task, current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task | str, *args: Any) -> None:
    """Queue `task` (a task or a registered task's name) once the transaction commits."""
    name = task if isinstance(task, str) else task.name

    def _send() -> None:
        try:
            if isinstance(task, str):
                current_app.send_task(task, args=args, retry=False)
            else:
                task.apply_async(args=args, retry=False)
        except Exception:  # broker down or unreachable: the sweep will pick it up
            logger.warning("Could not queue %s%r; it will be retried by the sweep.", name, args)

    transaction.on_commit(_send)


def run_on_commit(func: Callable[[], None]) -> None:
    transaction.on_commit(func)
