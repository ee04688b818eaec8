"""Renderers turn an outbox row into the content of one e-mail.

A renderer is registered per kind in the sending app's `outbox.py`. It reads the row's context
(ids only) and the current state of the database, and returns the message, or None when the
mail is no longer due (the row is then marked as skipped). It never sends anything itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import OutboxMessage
else:
    StrOrPromise = str


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


@dataclass(frozen=True)
class StaffKind:
    """A message to staff that each person may take directly, in the daily overview, or not
    at all. `safety` kinds cannot be switched off. `line` says in one line (no child data)
    what an item of this kind is, for the daily overview."""

    kind: str
    label: StrOrPromise
    line: Callable[[dict[str, object]], str]
    safety: bool = False


_staff_kinds: dict[str, StaffKind] = {}


def staff_kind(
    kind: str,
    *,
    label: StrOrPromise,
    line: Callable[[dict[str, object]], str],
    safety: bool = False,
) -> None:
    """Declare a kind of staff message as one people can choose how to receive."""
    _staff_kinds[kind] = StaffKind(kind, label, line, safety)


def get_staff_kind(kind: str) -> StaffKind:
    try:
        return _staff_kinds[kind]
    except KeyError:
        raise LookupError(f"{kind!r} is not a staff notification kind.") from None


def staff_kinds() -> list[StaffKind]:
    return sorted(_staff_kinds.values(), key=lambda k: k.kind)
