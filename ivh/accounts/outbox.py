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
from .models import AccountLink
from .services import MAIL_KIND
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
