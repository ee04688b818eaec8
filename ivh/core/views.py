import logging

import redis
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ivh.accounts.middleware import second_factor_passed
from ivh.outbox.selectors import outbox_backlog

logger = logging.getLogger(__name__)


@login_not_required
def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when one address sends too many requests (django-ratelimit)."""
    return render(request, "core/rate_limited.html", status=429)


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Where the admin sends whoever may not use it. A visitor who is not logged in goes to the
    application's own login (with 2FA and lockout). A logged-in user without admin rights gets
    403: sending them to the login page would send them straight back, for ever."""
    if not request.user.is_authenticated:
        query = request.META.get("QUERY_STRING", "")
        return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))
    if admin.site.has_permission(request):
        return redirect("admin:index")
    raise PermissionDenied


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means: not healthy
        logger.exception("Health check: database unavailable")
        return False


def _broker_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        logger.warning("Health check: broker unavailable")
        return False


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness, for load balancers: the process answers and the database does. The broker is
    left out on purpose: with Redis down the application keeps serving (mail waits in the
    outbox), so a broker outage must not take the web nodes out of the balancer."""
    database = _database_ok()
    return JsonResponse(
        {"status": "ok" if database else "error", "database": "ok" if database else "error"},
        status=200 if database else 503,
    )


def _may_read_health_detail(request: HttpRequest) -> bool:
    expected = settings.IVH_HEALTH_DETAIL_TOKEN
    given = request.headers.get("Authorization", "")
    if expected and constant_time_compare(given, f"Bearer {expected}"):
        return True
    user = request.user
    # The view is open to the monitoring token, so the 2FA middleware does not look at it: a
    # beheerder counts only with the second factor passed, as on every staff page.
    return bool(
        user.is_authenticated
        and getattr(user, "is_beheerder", False)
        and second_factor_passed(user)
    )


@login_not_required
@never_cache
@require_GET
def health_detail(request: HttpRequest) -> JsonResponse:
    """Readiness and detail, for monitoring: database, broker and the outbox backlog. 503 when
    any part is down. Numbers only, nothing about anybody; still not public, because it would
    tell an outsider when rate limits are off (Redis down) and let them watch the outbox grow.
    For a monitoring system with `Authorization: Bearer <IVH_HEALTH_DETAIL_TOKEN>`, or a
    logged-in beheerder; 404 for everyone else."""
    if not _may_read_health_detail(request):
        raise Http404
    database = _database_ok()
    broker = _broker_ok()
    body: dict[str, object] = {
        "database": "ok" if database else "error",
        "broker": "ok" if broker else "error",
    }
    if database:
        body["outbox"] = outbox_backlog()
    healthy = database and broker
    body["status"] = "ok" if healthy else "error"
    return JsonResponse(body, status=200 if healthy else 503)
