from dataclasses import dataclass

from ivh.accounts.models import User
from ivh.core.permissions import get_visible

from .models import Aanmelding
from .permissions import AANMELDING_VIEW


@dataclass(frozen=True)
class AanmeldingAccess:
    aanmelding: Aanmelding
    can_handle: bool


def aanmelding_access(user: User, pk: int) -> AanmeldingAccess:
    """The registration if the user may see it (404 otherwise), and whether they may act on it."""
    aanmelding = get_visible(
        AANMELDING_VIEW,
        Aanmelding.objects.select_related(
            "gemeente",
            "region",
            "verwezen_naar",
            "verwezen_dienst",
            "doorgestuurd_van",
            "first_contact_by",
            "closed_by",
            "duplicate_of",
        ),
        user,
        pk=pk,
    )
    return AanmeldingAccess(aanmelding=aanmelding, can_handle=aanmelding.is_open)
