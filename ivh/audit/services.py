"""Writing the access log. Every view that shows a child's or family's data calls
`access_log_record` before it renders."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from ivh.accounts.models import User

from .constants import AccessAction
from .models import AccessLogEntry


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy REMOTE_ADDR is the proxy; gunicorn's forwarded_allow_ips and the
    # proxy set it right, so the application trusts REMOTE_ADDR only.
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    *,
    request: HttpRequest,
    action: AccessAction | str,
    obj: models.Model,
    client_ref: str,
    region_id: int | None,
    actor_label: str | None = None,
) -> AccessLogEntry:
    """Write one access-log entry for a read of `obj` (which belongs to client `client_ref`).

    Synchronous, in the request's own database connection: it exists even if the broker is down.
    `actor_label` names a non-staff actor (a parent using their personal link).
    """
    user = (
        request.user if isinstance(request.user, User) and request.user.is_authenticated else None
    )
    role = organisatie = ""
    if user is not None:
        assignments = user.active_roles
        role = ", ".join(sorted({str(a.get_role_display()) for a in assignments}))
        organisatie = ", ".join(sorted({a.organisatie.name for a in assignments if a.organisatie}))
    return AccessLogEntry.objects.create(
        user=user,
        actor_label=actor_label or (user.email if user else "anoniem"),
        role=role[:40],
        organisatie_name=organisatie[:150],
        action=action,
        object_type=obj._meta.label_lower[:60],
        object_id=str(obj.pk),
        client_ref=client_ref,
        region_id=region_id,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=request.get_full_path()[:300],
    )
