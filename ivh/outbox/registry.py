"""Renderers turn an outbox row into the content of one e-mail.

A renderer is registered per kind in the sending app's `outbox.py`. It reads the row's context
(ids only) and the current state of the database, and returns the message, or None when the
mail is no longer due (the row is then marked as skipped). It never sends anything itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import OutboxMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    # Runs in the transaction that stamps the row as sent: the domain records the fact that
    # the mail went out (e.g. `Deelnemer.sent_sequence`) exactly when it did.
    after_send: Callable[[], None] | None = None


Renderer = Callable[["OutboxMessage"], Rendered | None]

_renderers: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer for one kind of message (`app.name`)."""

    def register(func: Renderer) -> Renderer:
        if kind in _renderers and _renderers[kind] is not func:
            raise ValueError(f"Outbox kind {kind!r} is registered twice.")
        _renderers[kind] = func
        return func

    return register


def get_renderer(kind: str) -> Renderer:
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(f"No outbox renderer for kind {kind!r}.") from None


def registered_kinds() -> list[str]:
    return sorted(_renderers)
