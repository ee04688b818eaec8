"""The family's MDO records in the AVG export (`casemanagement.export`): the agenda items of
its trajecten (with the advice), the invitations of the parents and anyone invited for that
item, and the actions agreed in the MDO."""

from django.utils.translation import gettext_lazy as _

from casemanagement.export import export_section_register

from .models import Adviesactie, Agendapunt, Deelnemer


def register() -> None:
    export_section_register(
        "mdo_agendapunten",
        Agendapunt,
        _("Besproken in een MDO"),
        lambda gezin: Agendapunt.objects.filter(traject__gezin=gezin).order_by("pk"),
    )
    export_section_register(
        "mdo_uitnodigingen",
        Deelnemer,
        _("Uitnodigingen voor een MDO"),
        lambda gezin: Deelnemer.objects.filter(agendapunt__traject__gezin=gezin).order_by("pk"),
    )
    export_section_register(
        "mdo_acties",
        Adviesactie,
        _("Afspraken uit het MDO"),
        lambda gezin: Adviesactie.objects.filter(agendapunt__traject__gezin=gezin).order_by("pk"),
    )
