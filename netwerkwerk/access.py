from django.core.exceptions import PermissionDenied

from ivh.accounts.models import User
from ivh.core.permissions import get_visible, require

from .models import Consult, Netwerkactiviteit
from .permissions import (
    ACTIVITEIT_EDIT,
    ACTIVITEIT_VIEW,
    CONSULT_LINK,
    CONSULT_VIEW,
    may_use_netwerkwerk,
)


def require_netwerkwerk(user: User) -> None:
    """The pages are for coordinators: other staff get 403 (they know the pages exist)."""
    if not may_use_netwerkwerk(user):
        raise PermissionDenied


def consult_for_link(user: User, pk: int) -> Consult:
    """A consult of the user's regions (404 otherwise) that they may link (403 otherwise)."""
    require_netwerkwerk(user)
    consult = get_visible(
        CONSULT_VIEW,
        Consult.objects.select_related("region", "gemeente", "aanmelding"),
        user,
        CONSULT_LINK,
        pk=pk,
    )
    require(CONSULT_LINK, user, consult)
    return consult


def activiteit_for_edit(user: User, pk: int) -> Netwerkactiviteit:
    require_netwerkwerk(user)
    activiteit = get_visible(
        ACTIVITEIT_VIEW,
        Netwerkactiviteit.objects.select_related("region"),
        user,
        ACTIVITEIT_EDIT,
        pk=pk,
    )
    require(ACTIVITEIT_EDIT, user, activiteit)
    return activiteit
