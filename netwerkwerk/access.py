from django.core.exceptions import PermissionDenied

from ivh.accounts.models import User
from ivh.core.permissions import get_visible, require

from .models import (
    Besluit,
    Consult,
    DocumentVersie,
    Netwerkactiviteit,
    RegioDocument,
    StuurgroepLid,
    StuurgroepVergadering,
)
from .permissions import (
    ACTIVITEIT_EDIT,
    ACTIVITEIT_VIEW,
    BESLUIT_EDIT,
    BESLUIT_VIEW,
    CONSULT_LINK,
    CONSULT_VIEW,
    DOCUMENT_EDIT,
    DOCUMENT_VIEW,
    DOCUMENTVERSIE_VIEW,
    STUURGROEPLID_EDIT,
    STUURGROEPLID_VIEW,
    VERGADERING_EDIT,
    VERGADERING_VIEW,
    may_see_stuurgroep,
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


# --- the stuurgroep ------------------------------------------------------------------------
# Each helper: 404 for a row the user may not see (other regions, other roles), 403 for a row
# they may see but not change (a gemeente official), the row with its `may_edit` flag otherwise.


def require_stuurgroep(user: User) -> None:
    """The stuurgroep pages are for coordinators and gemeente officials: 403 for other staff."""
    if not may_see_stuurgroep(user):
        raise PermissionDenied


def stuurgroeplid_for_edit(user: User, pk: int) -> StuurgroepLid:
    lid = get_visible(
        STUURGROEPLID_VIEW,
        StuurgroepLid.objects.select_related("region", "organisatie", "gemeente"),
        user,
        STUURGROEPLID_EDIT,
        pk=pk,
    )
    require(STUURGROEPLID_EDIT, user, lid)
    return lid


def vergadering_for_view(user: User, pk: int) -> StuurgroepVergadering:
    return get_visible(
        VERGADERING_VIEW,
        StuurgroepVergadering.objects.select_related("region"),
        user,
        VERGADERING_EDIT,
        pk=pk,
    )


def vergadering_for_edit(user: User, pk: int) -> StuurgroepVergadering:
    vergadering = vergadering_for_view(user, pk)
    require(VERGADERING_EDIT, user, vergadering)
    return vergadering


def besluit_for_edit(user: User, pk: int) -> Besluit:
    besluit = get_visible(
        BESLUIT_VIEW, Besluit.objects.select_related("region"), user, BESLUIT_EDIT, pk=pk
    )
    require(BESLUIT_EDIT, user, besluit)
    return besluit


def document_for_view(user: User, pk: int) -> RegioDocument:
    return get_visible(
        DOCUMENT_VIEW,
        RegioDocument.objects.select_related("region"),
        user,
        DOCUMENT_EDIT,
        pk=pk,
    )


def document_for_edit(user: User, pk: int) -> RegioDocument:
    document = document_for_view(user, pk)
    require(DOCUMENT_EDIT, user, document)
    return document


def documentversie_for_download(user: User, pk: int) -> DocumentVersie:
    """A version of a document the user may read; 404 for everyone else, whoever they are."""
    return get_visible(
        DOCUMENTVERSIE_VIEW, DocumentVersie.objects.select_related("document"), user, pk=pk
    )
