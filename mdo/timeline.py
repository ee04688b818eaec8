"""MDO entries on the traject's timeline: casemanagement shows them without importing mdo.
Registered from `MdoConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from casemanagement.models import Traject
from casemanagement.timeline import TimelineItem, register_timeline_provider

from .models import Agendapunt


def mdo_entries(traject: Traject) -> list[TimelineItem]:
    """Each time the family was on an MDO's agenda: the question, the advice, and a link to
    the agenda item (held meetings at the time they were held, others at the planned time)."""
    return [
        TimelineItem(
            punt.mdo.held_at or punt.mdo.starts_at,
            "mdo",
            _("MDO (%(status)s)") % {"status": punt.mdo.get_status_display().lower()},
            "\n".join(t for t in (punt.vraag, punt.advies) if t),
            url=reverse("mdo:punt", args=[punt.mdo_id, punt.pk]),
        )
        for punt in Agendapunt.objects.filter(traject=traject).select_related("mdo")
    ]


def register() -> None:
    register_timeline_provider(mdo_entries)
