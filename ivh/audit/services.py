"""Writing the access log. Every view that shows one child's or family's data calls
`access_log_record` before it renders; a list page or search that shows several clients calls
`access_log_record_list` once per page view. A request that reads or changes several clients'
data one by one (an action on every family of a meeting) writes their entries with
`access_log_record_many`, in one INSERT.

No secret is ever written to the log: the path is stored with every secret URL argument (a
personal link's token) replaced by its name, and without the query string."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils import translation

from ivh.accounts.models import User
from ivh.core.clientip import client_ip as _client_ip
from ivh.core.logsafe import SECRET_ARGUMENT

from .constants import PRIVACY_OFFICER_ROLE, REASON_MAX_LENGTH, AccessAction
from .models import AccessLogEntry
from .permissions import is_privacy_officer

# URL arguments and query parameters whose value is a credential: whoever has it can act as
# someone (the parents' link, an MDO invitation's answer link, ...).


def client_ip(request: HttpRequest) -> str | None:
    # One definition for the access log, rate limits and lockout (IVH_TRUSTED_PROXY_HOPS).
    return _client_ip(request)


def safe_path(request: HttpRequest) -> tuple[str, str]:
    """The route's name and the path with each secret URL argument replaced by its name, e.g.
    ("casemanagement:ouder", "/ouder/<token>/").

    The query string is left out: it can carry a secret or a child's name. A list page's search
    and filters go to the entry's `query`, where they are meant to be."""
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "", request.path[:300]
    path = request.path
    for name, value in match.kwargs.items():
        if not SECRET_ARGUMENT.search(name):
            continue
        text = str(value)
        if text and text in path:
            path = path.replace(text, f"<{name}>")
        else:
            # The value is not literally in the path (an unusual encoding): store the route
            # pattern, which holds no values at all, rather than risk storing the secret.
            path = "/" + match.route
            break
    return match.view_name[:100], path[:300]


def _actor(request: HttpRequest) -> tuple[User | None, str, str]:
    """The logged-in user with snapshots of their roles and organisations."""
    user = (
        request.user if isinstance(request.user, User) and request.user.is_authenticated else None
    )
    role = organisatie = ""
    if user is not None:
        assignments = user.active_roles
        # In the site's language whatever the user's: one spelling in the log ("Coördinator").
        with translation.override(settings.LANGUAGE_CODE):
            role = ", ".join(sorted({str(a.get_role_display()) for a in assignments}))
            if not role and not user.is_superuser and is_privacy_officer(user):
                role = str(PRIVACY_OFFICER_ROLE)
        organisatie = ", ".join(sorted({a.organisatie.name for a in assignments if a.organisatie}))
    return user, role[:40], organisatie[:150]


def _request_fields(request: HttpRequest) -> dict[str, object]:
    view_name, path = safe_path(request)
    return {
        "ip_address": client_ip(request),
        "user_agent": _storable(request.META.get("HTTP_USER_AGENT", ""))[:300],
        "view_name": view_name,
        "path": path,
    }


def access_log_record(
    *,
    request: HttpRequest,
    action: AccessAction | str,
    obj: models.Model,
    client_ref: str,
    region_id: int | None,
    actor_label: str | None = None,
    reason: str = "",
) -> AccessLogEntry:
    """Write one access-log entry for a read of `obj` (which belongs to client `client_ref`).

    Synchronous, in the request's own database connection: it exists even if the broker is down.
    `actor_label` names a non-staff actor (a parent using their personal link). `reason`: why,
    where the access needs one (`ivh.audit.reasons`).
    """
    user, role, organisatie = _actor(request)
    return AccessLogEntry.objects.create(
        user=user,
        actor_label=actor_label or (user.email if user else "anoniem"),
        role=role,
        organisatie_name=organisatie,
        action=action,
        object_type=obj._meta.label_lower[:60],
        object_id=str(obj.pk),
        client_ref=client_ref,
        region_id=region_id,
        reason=reason.strip()[:REASON_MAX_LENGTH],
        **_request_fields(request),
    )


class ClientRead(NamedTuple):
    """One read for `access_log_record_many`: the object, its client, its region."""

    obj: models.Model
    client_ref: str
    region_id: int | None


def access_log_record_many(
    *,
    request: HttpRequest,
    action: AccessAction | str,
    reads: Iterable[ClientRead],
    actor_label: str | None = None,
    reason: str = "",
) -> list[AccessLogEntry]:
    """`access_log_record` for several reads in one request (each child of each family an
    action touched), written in one INSERT: every entry has the fields that
    `access_log_record` would write for it, so the log reads the same; only the round trips
    are fewer. Nothing is written for no reads."""
    reads = list(reads)
    if not reads:
        return []
    user, role, organisatie = _actor(request)
    shared = {
        "user": user,
        "actor_label": actor_label or (user.email if user else "anoniem"),
        "role": role,
        "organisatie_name": organisatie,
        "action": action,
        "reason": reason.strip()[:REASON_MAX_LENGTH],
        **_request_fields(request),
    }
    return AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                object_type=read.obj._meta.label_lower[:60],
                object_id=str(read.obj.pk),
                client_ref=read.client_ref,
                region_id=read.region_id,
                **shared,
            )
            for read in reads
        ]
    )


def _storable(text: str) -> str:
    """Text as Postgres can store it: a NUL character (which anyone can put in a query string or
    a header) is refused by the database, so it is left out of the log."""
    return text.replace("\x00", "")


def _list_query(request: HttpRequest) -> dict[str, str]:
    """The page's search term, filters and page number from the query string, secrets left out."""
    query = {}
    for key, values in list(request.GET.lists())[:20]:
        shown = _storable(", ".join(v for v in values if v))
        if shown and not SECRET_ARGUMENT.search(key):
            query[_storable(key)[:40]] = shown[:200]
    return query


def _list_region(region_ids: Iterable[int | None], user: User | None) -> int | None:
    """The region an entry belongs to (its coordinators read it): the one region of the rows
    shown, else the actor's only region. Rows of several regions: none, so the beheerder reads
    it (no coordinator learns what another region's rows were)."""
    regions = {pk for pk in region_ids if pk is not None}
    if not regions and user is not None:
        regions = user.region_ids()
    return next(iter(regions)) if len(regions) == 1 else None


def access_log_record_list(
    *,
    request: HttpRequest,
    model: type[models.Model],
    client_refs: Iterable[str],
    region_ids: Iterable[int | None] = (),
    search_term: str = "",
    shows_other_client_data: bool = False,
    exported: bool = False,
) -> AccessLogEntry | None:
    """Write one access-log entry for one view of a list page or search that shows client data.

    It records the search term, filters and page (`query`) and the references of every client on
    the page (`client_refs`), so a search of the log for one child also finds the lists and
    searches that showed that child. One INSERT per page view, however many rows it shows.
    A search that found nobody is recorded too (the search term says who was looked for); a
    list without a search that shows nobody discloses nothing and writes nothing, unless
    `shows_other_client_data` says the page shows client data without a reference (e.g. the
    search terms of others, on the access-log page). `region_ids` are the regions of the rows
    shown (see `_list_region`). `exported`: the list was downloaded (a CSV file), not shown;
    written even when it holds nobody.
    """
    refs = list(dict.fromkeys(ref for ref in client_refs if ref))
    search_term = search_term.strip()
    if not refs and not search_term and not shows_other_client_data and not exported:
        return None
    user, role, organisatie = _actor(request)
    if exported:
        action = AccessAction.EXPORT_LIST
    else:
        action = AccessAction.SEARCH if search_term else AccessAction.LIST
    return AccessLogEntry.objects.create(
        user=user,
        actor_label=user.email if user else "anoniem",
        role=role,
        organisatie_name=organisatie,
        action=action,
        object_type=model._meta.label_lower[:60],
        object_id="",
        client_ref="",
        client_refs=refs,
        query=_list_query(request),
        region_id=_list_region(region_ids, user),
        **_request_fields(request),
    )
