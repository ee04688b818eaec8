"""The aanmeldpunt inbox, for coordinators. The intake page of one registration and its
actions are in `casemanagement.views_intake` (one of its outcomes starts a traject)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ivh.accounts.models import User
from ivh.audit.services import access_log_record_list
from ivh.core.http import AuthenticatedHttpRequest
from ivh.netwerk.models import Gemeente

from .constants import OPEN_STATUSES
from .forms import InboxFilterForm
from .models import Aanmelding
from .permissions import may_use_aanmeldpunt
from .selectors import inbox_search, wachttijd_eerste_contact


def _require_coordinator(user: User) -> None:
    if not may_use_aanmeldpunt(user):
        raise PermissionDenied


@require_safe
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_coordinator(request.user)
    gemeenten = list(
        Gemeente.objects.filter(region_id__in=request.user.coordinator_region_ids()).values_list(
            "pk", "name"
        )
    )
    filters = InboxFilterForm(request.GET or None, gemeenten=gemeenten)
    qs: QuerySet[Aanmelding] = Aanmelding.objects.visible_to(request.user).select_related(
        "gemeente", "region"
    )
    status = InboxFilterForm.STATUS_OPEN
    if filters.is_valid():
        data = filters.cleaned_data
        status = data["status"] or InboxFilterForm.STATUS_OPEN
        if data["gemeente"] == "geen":
            qs = qs.filter(gemeente__isnull=True)
        elif data["gemeente"]:
            qs = qs.filter(gemeente_id=data["gemeente"])
        if data["kanaal"]:
            qs = qs.filter(kanaal=data["kanaal"])
        qs = inbox_search(qs, data["q"])
    if status == InboxFilterForm.STATUS_OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != InboxFilterForm.STATUS_ALL:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("received_at", "pk"), 50).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    rows = [(a, wachttijd_eerste_contact(a, today), a.leeftijd_op(today)) for a in page.object_list]
    # The inbox shows children's names: one access-log entry for this page view.
    access_log_record_list(
        request=request,
        model=Aanmelding,
        client_refs=[a.audit_client_ref for a, _wacht, _leeftijd in rows],
        region_ids=[a.region_id for a, _wacht, _leeftijd in rows],
        search_term=filters.cleaned_data.get("q", "") if filters.is_valid() else "",
    )
    return render(
        request, "aanmelding/inbox.html", {"filters": filters, "page": page, "rows": rows}
    )
