from django.core.exceptions import PermissionDenied

from ivh.accounts.models import User
from ivh.core.permissions import get_visible

from .models import Kwaliteitsreview
from .permissions import REVIEW_EDIT, REVIEW_VIEW, may_use_kwaliteit


def require_kwaliteit(user: User) -> None:
    """The pages are for coordinators and gemeente officials; other staff get 403."""
    if not may_use_kwaliteit(user):
        raise PermissionDenied


def review_for_user(user: User, pk: int) -> Kwaliteitsreview:
    """A review the user may see (404 otherwise), with whether they may write it."""
    require_kwaliteit(user)
    return get_visible(
        REVIEW_VIEW, Kwaliteitsreview.objects.select_related("region"), user, REVIEW_EDIT, pk=pk
    )
