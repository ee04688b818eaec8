"""Downloads of the dashboard: CSV, XLSX and the printable PDF report.

Each takes the page's query string and goes through `dashboard_of`, so the same people see the
same scope and period as on the page, and each file is made from that dashboard's protected
tables only (`monitor.exports`).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from ivh.core.http import AuthenticatedHttpRequest
from ivh.core.pdf import render_pdf

from .exports import dashboard_csv, dashboard_xlsx, filename, rapport_context
from .views import dashboard_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    dash, _form, _scopes = dashboard_of(request)
    return _download(dashboard_csv(dash), "text/csv; charset=utf-8", filename(dash, "csv"))


@require_safe
def export_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    dash, _form, _scopes = dashboard_of(request)
    return _download(dashboard_xlsx(dash), XLSX, filename(dash, "xlsx"))


@require_safe
def rapport_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    dash, _form, _scopes = dashboard_of(request)
    pdf = render_pdf("monitor/rapport.html", rapport_context(dash), request=request)
    return _download(pdf, "application/pdf", filename(dash, "pdf"))
