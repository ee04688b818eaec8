from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ivh.core.http import AuthenticatedHttpRequest

from .forms import AccessLogSearchForm, AccessReasonForm
from .models import AccessLogEntry
from .permissions import may_search_access_log
from .reasons import access_reason_store, unsign_question
from .registry import client_group
from .selectors import (
    EXPORT_MAX_ROWS,
    access_log_search,
    describe_entry,
    export_client_refs,
    normalise_reference,
    role_display,
    spreadsheet_safe,
)
from .services import access_log_record_list

CSV_FORMAT = "csv"


@require_safe
def access_log_search_view(
    request: AuthenticatedHttpRequest,
) -> HttpResponse | StreamingHttpResponse:
    """The privacy officer (the whole log), beheerders (the whole log) and coordinators (their
    region) search the access log for one child or family, one user, a period, or all three:
    the reads of their data and the list pages and searches that showed them. `?formaat=csv`
    downloads the whole result as a CSV file.

    The page and the file show client references themselves, so each view of the page and each
    download is logged too (one entry)."""
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
    elif form.is_bound:
        # An invalid search (an end before its start) shows what is wrong and no rows: not the
        # whole log, as if nothing had been asked.
        entries = entries.none()
    searched_refs = set(client_group(client)) if client else set()
    if request.GET.get("formaat") == CSV_FORMAT:
        if form.is_bound and not form.is_valid():
            # An invalid search (an end before its start): the page, with what is wrong.
            return _page_without_csv(request)
        return _csv_download(request, entries, searched_refs, search_term=client or actor)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    # Read the rows now, before this view writes its own entry (which would otherwise show up
    # at the top of a page evaluated later).
    entries_shown = page.object_list = list(page.object_list)
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
    csv_query = request.GET.copy()
    csv_query.pop("pagina", None)
    csv_query["formaat"] = CSV_FORMAT
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "searched": searched,
            "client": client,
            "csv_query": csv_query.urlencode(),
            "export_max_rows": EXPORT_MAX_ROWS,
        },
    )


CSV_HEADER = [
    "tijdstip",
    "wie",
    "naam",
    "rol",
    "organisatie",
    "handeling",
    "client",
    "lijst: aantal clienten",
    "lijst: gezochte clienten",
    "wat",
    "zoekopdracht",
    "reden",
    "ip-adres",
    "browser",
    "pagina",
]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _page_without_csv(request: AuthenticatedHttpRequest) -> HttpResponseRedirect:
    """The same search as a page instead of a download."""
    query = request.GET.copy()
    query.pop("formaat", None)
    return redirect(f"{request.path}?{query.urlencode()}")


def _csv_download(
    request: AuthenticatedHttpRequest,
    entries: QuerySet[AccessLogEntry],
    searched_refs: set[str],
    *,
    search_term: str,
) -> HttpResponse | StreamingHttpResponse:
    """The search result as a CSV file (at most EXPORT_MAX_ROWS rows, newest first), written
    row by row from a server-side cursor. The download is itself logged as an export of a list
    (`export_list`) naming every client in the file, before the first byte is sent."""
    total = entries.count()
    if total > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _(
                "Het resultaat heeft %(n)s regels; een download heeft er hoogstens %(max)s. "
                "Kies een kortere periode of zoek op een kind of medewerker."
            )
            % {"n": total, "max": EXPORT_MAX_ROWS},
        )
        return _page_without_csv(request)
    # The rows as they are now: the download's own entry, written next, is not in it.
    newest = entries.order_by("-id").values_list("id", flat=True).first()
    entries = entries.filter(id__lte=newest) if newest is not None else entries.none()
    access_log_record_list(
        request=request,
        model=AccessLogEntry,
        client_refs=[*export_client_refs(entries), *sorted(searched_refs)],
        region_ids=entries.order_by().values_list("region_id", flat=True).distinct(),
        search_term=search_term,
        exported=True,
    )
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        # A byte-order mark: spreadsheet programs then read the file as UTF-8.
        yield "\ufeff" + writer.writerow(CSV_HEADER)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow([spreadsheet_safe(v) for v in _csv_row(entry, searched_refs)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{stamp}.csv"'
    return response


def _csv_row(entry: AccessLogEntry, searched_refs: set[str]) -> Iterable[str]:
    wat = describe_entry(entry)
    return [
        timezone.localtime(entry.at).isoformat(timespec="seconds"),
        entry.actor_label,
        entry.user.full_name if entry.user else "",
        role_display(entry.role),
        entry.organisatie_name,
        str(entry.get_action_display()),
        entry.client_ref,
        str(len(entry.client_refs)) if entry.is_list else "",
        " ".join(sorted(searched_refs & set(entry.client_refs))),
        wat.wat,
        entry.query_display(),
        entry.reason,
        entry.ip_address or "",
        entry.user_agent,
        entry.path,
    ]


@require_POST
def access_reason_view(request: AuthenticatedHttpRequest) -> HttpResponseRedirect | HttpResponse:
    """The answer to the question "why do you open this dossier?" (ivh.audit.reasons): kept for
    the rest of the session, then back to the dossier. Only for a question the application
    asked this user (the signed key)."""
    form = AccessReasonForm(request.POST)
    question = unsign_question(request.user, request.POST.get("sleutel", ""))
    if question is None:
        raise PermissionDenied
    if not form.is_valid():
        return render(
            request, "audit/access_reason.html", {"form": form, "question": question}, status=400
        )
    access_reason_store(request=request, key=question.key, reason=form.cleaned_data["reden"])
    target = form.cleaned_data["volgende"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)
