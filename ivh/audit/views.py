from typing import cast

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from ivh.core.http import AuthenticatedHttpRequest

from .forms import AccessLogSearchForm
from .models import AccessLogEntry
from .permissions import may_search_access_log
from .registry import client_group
from .selectors import access_log_search, describe_entry, normalise_reference, role_display
from .services import access_log_record_list


def access_log_search_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coordinators (their region) and beheerders search the access log, e.g. for one child or
    one family: the reads of their data and the list pages and searches that showed them.

    The page shows client references itself, so each view of it is logged too (one entry)."""
    if not may_search_access_log(request.user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    client = actor = ""
    searched = False
    entries = access_log_search(request.user)
    if form.is_valid():
        data = form.cleaned_data
        client = normalise_reference(data["client"])
        actor = data["actor"].strip()
        entries = access_log_search(
            request.user, client=client, actor=actor, van=data["van"], tot=data["tot"]
        )
        searched = bool(client or actor or data["van"] or data["tot"])
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    # Read the rows now, before this view writes its own entry (which would otherwise show up
    # at the top of a page evaluated later).
    entries_shown = page.object_list = list(page.object_list)
    searched_refs = set(client_group(client)) if client else set()
    rows = [
        {
            "entry": entry,
            "rol": role_display(entry.role),
            "wat": describe_entry(entry),
            # A list entry is shown by its size, plus the searched clients that were on it.
            "gezochte_clienten": sorted(searched_refs & set(entry.client_refs)),
        }
        for entry in entries_shown
    ]
    shown = [e.client_ref for e in entries_shown if e.client_ref]
    shown += [ref for row in rows for ref in cast(list[str], row["gezochte_clienten"])]
    access_log_record_list(
        request=request,
        model=AccessLogEntry,
        client_refs=shown,
        region_ids=[e.region_id for e in entries_shown],
        search_term=client or actor,
        # Its rows show others' search terms (which may hold a name) even without a reference.
        shows_other_client_data=bool(entries_shown),
    )
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "rows": rows, "searched": searched, "client": client},
    )
