"""Overviews instead of one mail per signal.

The daily overview: one mail per person on working days, written to the outbox for those who
have open signals to see or held messages; the renderer sends nothing when it is empty.

The bundle: when one scan raises more than `BUNDLE_ABOVE` signals to mail to one person (the
first scan over an existing data set, a changed norm, a scan after an outage), that person gets
one mail with the counts per norm and level and the link to the signal overview, instead of a
mail per signal. Its key names the person and the first signal: a rerun, which raises nothing
new, writes nothing new."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casemanagement.models import Traject
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.outbox.models import DigestItem, OutboxMessage
from ivh.outbox.registry import Rendered, renderer
from ivh.outbox.services import Draft, outbox_put_many
from ivh.termijnen.constants import Niveau, Regel
from ivh.werkkalender.calendar import WorkCalendar

from .models import Signaal
from .outbox import DIGEST_MAIL, digest_mail_key
from .permissions import SIGNAAL_VIEW
from .subjects import TRAJECT

BUNDLE_MAIL = "signalen.bundel"
# More new signals than this for one person in one scan: one mail with their counts. Up to
# this many, a mail each (with the reference and a direct link) is still readable.
BUNDLE_ABOVE = 5


def bundle_mail_key(user_id: int | str, first_signaal_id: int | str) -> str:
    return f"{BUNDLE_MAIL}:{user_id}:{first_signaal_id}"


def digest_put(now: datetime | None = None) -> int:
    """Queue today's overviews (idempotent: one per person and day). Returns the number queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not WorkCalendar().is_workday(today):
        return 0
    open_signals = Signaal.objects.open()
    regions = open_signals.values("region_id")
    coordinators = RoleAssignment.objects.filter(
        role=Role.COORDINATOR, active=True, region_id__in=regions
    ).values_list("user_id", flat=True)
    casemanagers = Traject.objects.filter(
        pk__in=open_signals.filter(termijn__subject_kind=TRAJECT).values("termijn__subject_id")
    ).values_list("casemanager_id", flat=True)
    held = DigestItem.objects.filter(digested_at__isnull=True).values_list("user_id", flat=True)
    users = User.objects.filter(
        Q(pk__in=coordinators) | Q(pk__in=casemanagers) | Q(pk__in=held), is_active=True
    ).exclude(email="")
    return outbox_put_many(
        [
            Draft(
                key=digest_mail_key(user.pk, today.isoformat()),
                kind=DIGEST_MAIL,
                recipient=user.email,
                context={"user_id": user.pk},
            )
            for user in users.only("pk", "email")
        ]
    )


@renderer(BUNDLE_MAIL)
def render_bundle(message: OutboxMessage) -> Rendered | None:
    """The bundle's signals that are still open and that the person may still see, counted per
    norm and level; none left (all resolved before the mail's turn came), nothing sent."""
    user = User.objects.filter(pk=message.context.get("user_id"), is_active=True).first()
    ids = message.context.get("signaal_ids")
    if user is None or not isinstance(ids, list):
        return None
    rows = SIGNAAL_VIEW.filter(Signaal.objects.open().filter(pk__in=ids), user)
    counts = Counter(rows.values_list("regel", "level").order_by())
    if not counts:
        return None
    total = sum(counts.values())
    lines = [
        f"- {Regel(regel).label}, {Niveau(level).label}: {n}"
        for (regel, level), n in sorted(counts.items())
    ]
    base = settings.IVH_BASE_URL.rstrip("/")
    body = "\n".join(
        [
            _("Goedendag,"),
            "",
            _("Er zijn %(n)s nieuwe signalen voor u: termijnen die (bijna) over de norm zijn.")
            % {"n": total},
            "",
            *lines,
            "",
            _("Bekijk ze hier (na inloggen):"),
            base + reverse("signalen:overzicht"),
            "",
            _(
                "U krijgt één bericht in plaats van een bericht per signaal, omdat het er veel "
                "tegelijk zijn. Dit bericht bevat geen gegevens over kinderen."
            ),
            "",
        ]
    )
    return Rendered(subject=_("%(n)s nieuwe signalen") % {"n": total}, body=body)
