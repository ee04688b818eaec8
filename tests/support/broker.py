"""Pointing the Celery app at another broker URL (e.g. a closed port) and back."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

from kombu import pools

from ivh.celery import app


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_broker(url: str) -> None:
    # Celery caches connections in its own pool, its producer pool and kombu's global pools;
    # drop them all so the URL takes effect.
    app.conf.broker_url = url
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@contextlib.contextmanager
def broker_down() -> Iterator[None]:
    original = app.conf.broker_url
    use_broker(f"redis://127.0.0.1:{closed_port()}/0")
    try:
        yield
    finally:
        use_broker(original)
