"""E-mail content of account links: the invitation, the reset of the second factor and the
forgotten password. The outbox row holds the link's id only; the link itself is rebuilt here
from the stored row, and a link that was used, revoked or has expired is not sent."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ivh.outbox.models import OutboxMessage
from ivh.outbox.registry import Rendered, renderer

from .constants import LinkPurpose
from .models import AccountLink, RoleAssignment, User
from .services import EMAIL_CHANGED_MAIL, MAIL_KIND, ROLE_ANNOUNCED_MAIL
from .tokens import account_link_token

_SUBJECTS = {
    LinkPurpose.INVITATION: lambda: _("Uw account voor IVH-coördinatie"),
    LinkPurpose.TWO_FACTOR_RESET: lambda: _("Tweestapsverificatie opnieuw instellen"),
    LinkPurpose.PASSWORD_RESET: lambda: _("Nieuw wachtwoord kiezen"),
}


def _render_link(message: OutboxMessage) -> Rendered | None:
    link = (
        AccountLink.objects.select_related("user", "created_by")
        .filter(pk=message.context.get("link_id"))
        .first()
    )
    # Not due any more: used, revoked, expired; or the address changed since (the link must
    # not go to an address that is no longer the account's).
    if link is None or not link.is_usable() or link.user.email.lower() != message.recipient.lower():
        return None
    url = settings.IVH_BASE_URL.rstrip("/") + reverse(
        "accounts:link", args=[account_link_token(link)]
    )
    context = {
        "link": link,
        "url": url,
        "purpose": link.purpose,
        "expires": formats.date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT"),
        "base_url": settings.IVH_BASE_URL,
    }
    return Rendered(
        subject=_SUBJECTS[LinkPurpose(link.purpose)](),
        body=render_to_string("accounts/email/link.txt", context),
    )


for _kind in MAIL_KIND.values():
    renderer(_kind)(_render_link)


@renderer(EMAIL_CHANGED_MAIL)
def render_email_changed(message: OutboxMessage) -> Rendered | None:
    """To the old address: the account's address was changed, and by whom to ask if it was not
    expected. No link: the old address has no business with the account any more."""
    user = User.objects.filter(pk=message.context.get("user_id")).first()
    if user is None:
        return None
    body = render_to_string(
        "accounts/email/adres_gewijzigd.txt", {"user": user, "base_url": settings.IVH_BASE_URL}
    )
    return Rendered(subject=_("Het e-mailadres van uw account is gewijzigd"), body=body)


@renderer(ROLE_ANNOUNCED_MAIL)
def render_role_announced(message: OutboxMessage) -> Rendered | None:
    """To a region's coordinators: who got a role that opens the region's dossiers, from whom.
    Sent only while that role is still active."""
    assignment = (
        RoleAssignment.objects.select_related("user", "region")
        .filter(pk=message.context.get("role_assignment_id"), active=True)
        .first()
    )
    if assignment is None:
        return None
    by = User.objects.filter(pk=message.context.get("by_id")).first()
    body = render_to_string(
        "accounts/email/rol_gemeld.txt",
        {"assignment": assignment, "by": by, "base_url": settings.IVH_BASE_URL},
    )
    return Rendered(
        subject=_("Nieuwe toegang tot dossiers in regio %(region)s")
        % {"region": assignment.region.name if assignment.region else ""},
        body=body,
    )
