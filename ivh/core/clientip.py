"""The address of the person making a request, the same for rate limits, lockout and access log.

Behind N trusted reverse proxies (`IVH_TRUSTED_PROXY_HOPS`), REMOTE_ADDR is the nearest proxy and
each proxy appended the address it received the request from to X-Forwarded-For. Only the
right-most N entries were written by our own proxies; everything to their left came from the
client and may be forged. So the client is the N-th entry from the right. With 0 hops (no proxy,
the default) the header is ignored entirely and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """A bare IP address from one header entry ("1.2.3.4", "1.2.3.4:5678", "[::1]:5678")."""
    value = value.strip()
    if value.startswith("["):  # IPv6 with a port, as some proxies write it
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; unwrapped, they count as
    # themselves and not together in one IPv6 /64.
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when it cannot be known (e.g. a Unix socket, no proxy)."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    hops = settings.IVH_TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [
        entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
    ]
    if not forwarded:
        # Not through the proxy (a health check from inside, or a misconfigured proxy).
        return remote
    # Fewer entries than hops (a request that skipped the outer proxy): take the left-most, as
    # Django REST framework's NUM_PROXIES does. An unreadable entry falls back to REMOTE_ADDR.
    return _address(forwarded[-min(hops, len(forwarded))]) or remote
