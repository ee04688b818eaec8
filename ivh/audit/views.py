from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from ivh.core.http import AuthenticatedHttpRequest

from .forms import AccessLogSearchForm
from .models import AccessLogEntry
from .permissions import may_search_access_log
from .services import access_log_record_list


def access_log_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coordinators (their region) and beheerders search the access log, e.g. for one child:
    the reads of that child's data and the list pages and searches that showed the child.

    The page shows client references itself, so each view of it is logged too (one entry)."""
    if not may_search_access_log(request.user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    entries = AccessLogEntry.objects.visible_to(request.user).select_related("region")
    searched = False
    client = search_term = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["client"]:
            client = data["client"].strip()
            # References are upper case; the list entries' array is matched exactly (GIN index).
            entries = entries.filter(
                Q(client_ref__iexact=client) | Q(client_refs__contains=[client.upper()])
            )
            searched = True
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
            searched = True
        if data["van"]:
            entries = entries.filter(at__date__gte=data["van"])
        if data["tot"]:
            entries = entries.filter(at__date__lte=data["tot"])
        search_term = client or data["actor"].strip()
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    # Read the rows now, before this view writes its own entry (which would otherwise show up
    # at the top of a page evaluated later).
    rows = page.object_list = list(page.object_list)
    # A list entry is shown by its size only, plus the searched child when it was on that list.
    shown = [e.client_ref for e in rows if e.client_ref]
    if client and any(e.is_list for e in rows):
        shown.append(client.upper())
    access_log_record_list(
        request=request,
        model=AccessLogEntry,
        client_refs=shown,
        region_ids=[e.region_id for e in rows],
        search_term=search_term,
        # Its rows show others' search terms (which may hold a name) even without a reference.
        shows_other_client_data=bool(rows),
    )
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "client": client.upper(),
        },
    )
