"""A consult that became the family's registration, in the AVG export (`casemanagement.export`)."""

from django.utils.translation import gettext_lazy as _

from casemanagement.export import export_section_register

from .models import Consult


def register() -> None:
    export_section_register(
        "consulten",
        Consult,
        _("Vragen aan de coördinator vóór de aanmelding"),
        lambda gezin: Consult.objects.filter(aanmelding__traject__gezin=gezin).order_by("pk"),
    )
