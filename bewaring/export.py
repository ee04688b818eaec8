"""The family's erasure requests in the AVG export (`casemanagement.export`): that they were
made, when and by whom, and what became of them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casemanagement.export import export_section_register

from .models import Verwijderverzoek


def register() -> None:
    export_section_register(
        "verwijderverzoeken",
        Verwijderverzoek,
        _("Verzoeken om gegevens te wissen"),
        lambda gezin: Verwijderverzoek.objects.filter(
            Q(gezin=gezin) | Q(aanmelding__traject__gezin=gezin)
        ).order_by("pk"),
    )
