from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ivh.accounts.constants import Role

from .forms import AccessLogSearchForm
from .models import AccessLogEntry


def access_log_search(request: HttpRequest) -> HttpResponse:
    """Coordinators (their region) and beheerders search the access log, e.g. for one child."""
    if not request.user.has_role(Role.COORDINATOR, Role.BEHEERDER):
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    entries = AccessLogEntry.objects.visible_to(request.user).select_related("region")
    searched = False
    if form.is_valid():
        data = form.cleaned_data
        if data["client"]:
            entries = entries.filter(client_ref__iexact=data["client"].strip())
            searched = True
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
            searched = True
        if data["van"]:
            entries = entries.filter(at__date__gte=data["van"])
        if data["tot"]:
            entries = entries.filter(at__date__lte=data["tot"])
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(
        request, "audit/access_log.html", {"form": form, "page": page, "searched": searched}
    )
