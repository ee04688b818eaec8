"""The start pages: the public home page and, after login, one page that shows each role the
user holds. They compose the domain apps (open registrations, open trajecten), so they live
here, above them, and not in ivh/core."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aanmelding.constants import OPEN_STATUSES
from aanmelding.models import Aanmelding
from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Gemeente, Organisatie, Region


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:start")
    return render(request, "werkplek/home.html")


def start(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    return render(request, "werkplek/start.html", context)
