from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from ivh.accounts.models import User

from .models import Aanmelding


@dataclass(frozen=True)
class AanmeldingAccess:
    aanmelding: Aanmelding
    can_handle: bool


def aanmelding_access(user: User, pk: int) -> AanmeldingAccess:
    """The registration if the user may see it (404 otherwise), and whether they may act on it."""
    aanmelding = get_object_or_404(
        Aanmelding.objects.visible_to(user).select_related(
            "gemeente",
            "region",
            "verwezen_naar",
            "verwezen_dienst",
            "doorgestuurd_van",
            "first_contact_by",
            "closed_by",
        ),
        pk=pk,
    )
    return AanmeldingAccess(aanmelding=aanmelding, can_handle=aanmelding.is_open)
