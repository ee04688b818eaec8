import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aanmelding.constants import OPEN_STATUSES
from aanmelding.models import Aanmelding
from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Organisatie, Region

logger = logging.getLogger(__name__)


@login_not_required
def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when one address sends too many requests (django-ratelimit)."""
    return render(request, "core/rate_limited.html", status=429)


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:start")
    return render(request, "core/home.html")


def start(request: HttpRequest) -> HttpResponse:
    """The start page: one section per role the user holds."""
    user = request.user
    coordinator_regions = (
        Region.objects.filter(pk__in=user.coordinator_region_ids())
        .annotate(
            n_gemeenten=Count("gemeenten", distinct=True),
            # A subquery: summing over the join with organisaties would count children twice.
            n_kinderen=Subquery(
                Gemeente.objects.filter(region=OuterRef("pk"))
                .values("region")
                .annotate(total=Sum("kinderen_0_6"))
                .values("total")
            ),
            n_organisaties=Count(
                "organisaties", filter=Q(organisaties__actief=True), distinct=True
            ),
            n_open=Subquery(
                Aanmelding.objects.filter(region=OuterRef("pk"), status__in=OPEN_STATUSES)
                .values("region")
                .annotate(total=Count("pk"))
                .values("total")
            ),
        )
        .order_by("name")
    )
    gemeenten = (
        Gemeente.objects.filter(pk__in=user.gemeente_ids())
        .with_doelgroep()
        .select_related("region")
    )
    context = {
        "assignments": user.active_roles,
        "coordinator_regions": coordinator_regions if user.has_role(Role.COORDINATOR) else [],
        "casemanager_roles": [a for a in user.active_roles if a.role == Role.CASEMANAGER],
        "expert_roles": [a for a in user.active_roles if a.role == Role.MDO_EXPERT],
        "gemeenten": gemeenten if user.has_role(Role.GEMEENTE) else [],
        "is_beheerder": user.is_beheerder,
    }
    if user.has_role(Role.CASEMANAGER):
        context["open_trajecten"] = Traject.objects.filter(casemanager=user).open().count()
    if user.is_beheerder:
        context["beheer_counts"] = {
            "users": User.objects.filter(is_active=True).count(),
            "regions": Region.objects.count(),
            "organisaties": Organisatie.objects.count(),
        }
    return render(request, "core/start.html", context)


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
    """Liveness for load balancers and monitoring: 200 when database and broker answer."""
    database = _database_ok()
    broker = _broker_ok()
    healthy = database and broker
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": "ok" if database else "error",
            "broker": "ok" if broker else "error",
        },
        status=200 if healthy else 503,
    )
