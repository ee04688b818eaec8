"""The start pages: the public home page and, after login, one page that answers "what needs
me now" for each role the user holds (werkplek.selectors), with the facts of their regions.
They compose the domain apps, so they live here, above them, and not in ivh/core."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.audit.services import access_log_record_list
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Gemeente, Organisatie, Region
from ivh.termijnen.constants import LEVELS_WORST_FIRST, Niveau
from signalen.permissions import may_use_signalen
from signalen.selectors import signal_counts

from .selectors import casemanager_work, coordinator_work, expert_invitations


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:start")
    return render(request, "werkplek/home.html")


def _signal_levels(user: User) -> list[tuple[str, str, int]]:
    """The open signals the user may see, per level, worst first (one query)."""
    per_level: dict[str, int] = {}
    for (_regel, level), n in signal_counts(user).items():
        per_level[level] = per_level.get(level, 0) + n
    return [
        (level, str(Niveau(level).label), per_level[level])
        for level in LEVELS_WORST_FIRST
        if per_level.get(level)
    ]


@require_safe
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page: first what needs the user now (per role), then one card per role."""
    user = request.user
    coordinator = coordinator_work(user)
    casemanager = casemanager_work(user)
    uitnodigingen = expert_invitations(user)
    # The work lists name families and registrations: one access-log entry for this view.
    shown = [w for w in (coordinator, casemanager) if w is not None]
    access_log_record_list(
        request=request,
        model=Traject,
        client_refs=[ref for w in shown for ref in w.client_refs],
        region_ids=[pk for w in shown for pk in w.region_ids],
    )
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
        "coordinator": coordinator,
        "casemanager": casemanager,
        "uitnodigingen": uitnodigingen,
        "signalen": _signal_levels(user) if may_use_signalen(user) else None,
    }
    if user.is_beheerder:
        context["beheer_counts"] = {
            "users": User.objects.filter(is_active=True).count(),
            "regions": Region.objects.count(),
            "organisaties": Organisatie.objects.count(),
        }
    return render(request, "werkplek/start.html", context)
