"""Per-address rate limits that fail open: a dead or silent Redis never refuses or breaks a request.

django-ratelimit counts in the cache (Redis) but only catches `socket.gaierror` around it, so
RATELIMIT_FAIL_OPEN does not cover a refused connection or a timeout: the error reached the view
and the parent or casemanager got a 500. These helpers catch the cache's errors themselves and
answer "not limited". After a failure they leave the cache alone for RETRY_SECONDS, so a silent
Redis costs one short timeout (the "ratelimit" cache alias has ~0.5 s socket timeouts) per process
per period instead of one per request, and the log gets one warning, not one per request.

Counters use the "ratelimit" cache alias (RATELIMIT_USE_CACHE) and are keyed on the client
address from ivh.core.clientip, the same address the access log and the login lockout see.
"""

import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

from .clientip import client_ip
from .logsafe import safe_url

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30
_cache_down_until = 0.0

# A counter's key from (group, request), as django-ratelimit calls it.
Key = Callable[[str, HttpRequest], str]


def address_key(_group: str, request: HttpRequest) -> str:
    """The counter's key: the client address; an IPv6 client counts per /64 (one household)."""
    ip = client_ip(request)
    if ip is None:
        return "unknown"
    prefix = 64 if ":" in ip else 32
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def circuit_reset() -> None:
    """Use the cache again at once (tests; after the cache is known to be back)."""
    global _cache_down_until
    _cache_down_until = 0.0


def _usage(
    request: HttpRequest, *, group: str, rate_setting: str, increment: bool, key: Key
) -> dict | None:
    global _cache_down_until
    if time.monotonic() < _cache_down_until:
        return None
    try:
        return get_usage(
            request,
            group=group,
            key=key,
            rate=getattr(settings, rate_setting),
            method=ALL,
            increment=increment,
        )
    except (RedisError, OSError) as exc:
        _cache_down_until = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Rate limits are off for %ss: the cache is unreachable (%s: %s).",
            RETRY_SECONDS,
            type(exc).__name__,
            exc,
        )
        return None


def limit_reached(
    request: HttpRequest, *, group: str, rate_setting: str, key: Key = address_key
) -> bool:
    """Whether this address (or `key`) has used up its allowance, without counting this request."""
    usage = _usage(request, group=group, rate_setting=rate_setting, increment=False, key=key)
    return usage is not None and usage["count"] >= usage["limit"]


def limit_count(
    request: HttpRequest, *, group: str, rate_setting: str, key: Key = address_key
) -> bool:
    """Count this request for this address (or `key`); True when it went over the limit."""
    return limit_step(request, group=group, rate_setting=rate_setting, key=key).over


@dataclass(frozen=True)
class Step:
    # This request went over the limit (django-ratelimit's should_limit).
    over: bool
    # This request used up the allowance: from now on the key is refused, until the window ends.
    filled: bool


def limit_step(
    request: HttpRequest, *, group: str, rate_setting: str, key: Key = address_key
) -> Step:
    """Count this request and say whether it went over, or just filled, the allowance. Filling it
    is logged once per window, with the group and the path made safe (ivh.core.logsafe) and
    without the key: that is a client's address or an account."""
    usage = _usage(request, group=group, rate_setting=rate_setting, increment=True, key=key)
    if usage is None:
        return Step(over=False, filled=False)
    filled = usage["count"] == usage["limit"]
    if filled:
        logger.warning(
            "Rate limit %s reached (%s) at %s; further requests are refused for a while.",
            group,
            getattr(settings, rate_setting),
            safe_url(request.path),
        )
    return Step(over=bool(usage["should_limit"]), filled=filled)


def not_found(response: HttpResponse) -> bool:
    """For `counts`: a failed look-up (a guessed or expired link answers 404)."""
    return response.status_code == 404


def ratelimit(
    *,
    group: str,
    rate_setting: str,
    method: str | None = None,
    counts: Callable[[HttpResponse], bool] | None = None,
    key: Key = address_key,
) -> Callable:
    """Refuse a view with 429 (RATELIMIT_VIEW) once an address is over the limit; fail open.

    `rate_setting` names the setting that holds the django-ratelimit rate ("30/h"), read per
    request. Without `counts` every request (of `method`, if given) is counted before the view
    runs. With `counts`, the view runs while the allowance lasts and only responses for which
    `counts(response)` is true are counted, e.g. failed lookups of a secret link. `key` counts
    per something else than the client's address (e.g. per account).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if method is not None and request.method != method:
                return view(request, *args, **kwargs)
            if counts is None:
                if limit_count(request, group=group, rate_setting=rate_setting, key=key):
                    raise Ratelimited()
                return view(request, *args, **kwargs)
            if limit_reached(request, group=group, rate_setting=rate_setting, key=key):
                raise Ratelimited()
            response = view(request, *args, **kwargs)
            if counts(response):
                limit_count(request, group=group, rate_setting=rate_setting, key=key)
            return response

        return wrapped

    return decorator
