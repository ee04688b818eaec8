"""What the access log needs to know about the apps that write to it, without importing them
(ivh/ comes below the domain apps): which client references belong together (a family and its
children) and what each logged page is called in words a privacy officer understands.

The composing app (werkplek) fills it in its `ready()`; a page or group nobody registered is
still found and shown, by its technical name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.utils.functional import Promise

# Given one reference, the client references that belong to it (a family number: its
# children's). Each resolver answers for the references it knows and returns () otherwise.
ClientGroupResolver = Callable[[str], Iterable[str]]

_client_group_resolvers: list[ClientGroupResolver] = []
_page_labels: dict[str, str | Promise] = {}


def register_client_group(resolver: ClientGroupResolver) -> None:
    if resolver not in _client_group_resolvers:
        _client_group_resolvers.append(resolver)


def register_page_labels(labels: Mapping[str, str | Promise]) -> None:
    """Readable names of the logged pages by route name, e.g.
    {"casemanagement:intake": _("intakepagina")}."""
    _page_labels.update(labels)


def client_group(reference: str) -> list[str]:
    """The reference itself and every client reference that belongs to it."""
    refs = [reference]
    for resolver in _client_group_resolvers:
        refs.extend(ref for ref in resolver(reference) if ref)
    return list(dict.fromkeys(refs))


def page_label(view_name: str) -> str | Promise | None:
    return _page_labels.get(view_name)
