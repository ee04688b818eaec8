"""MDO entries on the traject's timeline: casemanagement shows them without importing mdo.
Registered from `MdoConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casemanagement.models import Traject
from casemanagement.termijnen import Klok, norm_words, register_next_step_provider
from casemanagement.timeline import TimelineItem, register_timeline_provider
from ivh.termijnen.constants import Regel

from .constants import MdoStatus
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


def planned_mdo_step(traject: Traject, klokken: list[Klok]) -> str:
    """For the parents' page: the MDO their child is planned for, against the agreed norm."""
    punt = (
        Agendapunt.objects.filter(
            traject=traject, mdo__status=MdoStatus.GEPLAND, mdo__starts_at__gte=timezone.now()
        )
        .select_related("mdo")
        .order_by("mdo__starts_at")
        .first()
    )
    if punt is None:
        return ""
    when = timezone.localtime(punt.mdo.starts_at)
    klok = next(
        (k for k in klokken if k.running and k.termijn.regel == Regel.MDO and not k.paused),
        None,
    )
    day = date_format(when, "l j F")
    if klok is None or klok.projection.due_day is None:
        return _("Het overleg met deskundigen (MDO) over uw kind is gepland op %(day)s.") % {
            "day": day
        }
    within = when.date() <= klok.projection.due_day
    text = (
        _("Het MDO is gepland op %(day)s, binnen de afgesproken %(norm)s.")
        if within
        else _("Het MDO is gepland op %(day)s. Dat is later dan de afgesproken %(norm)s.")
    )
    return text % {"day": day, "norm": norm_words(klok.termijn)}


def register() -> None:
    register_timeline_provider(mdo_entries)
    register_next_step_provider(planned_mdo_step)
