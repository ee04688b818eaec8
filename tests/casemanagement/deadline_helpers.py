"""Trajecten with a next step of each kind, for the caseload tests: a stored deadline of the
traject or of one of its referrals with a chosen last day, a plan evaluation, a plan action."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from casemanagement.constants import ActieStatus
from casemanagement.models import Ondersteuningsplan, PlanVersie, Traject, Verwijzing
from ivh.accounts.models import User
from ivh.netwerk.models import Organisatie
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_start


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def deadline(
    traject: Traject,
    regel: str,
    last_day: date,
    *,
    subject_kind: str = Onderwerp.TRAJECT,
    subject_id: int | None = None,
    warn_day: date | None = None,
) -> Termijn:
    """A running deadline whose last day within the norm is `last_day` (its warning from
    `warn_day`, far over the norm a week after the last day)."""
    termijn = termijn_start(
        subject_kind=subject_kind,
        subject_id=subject_id if subject_id is not None else traject.pk,
        regel=regel,
        region_id=traject.region_id,
        started_at=traject.received_at,
    )
    Termijn.objects.filter(pk=termijn.pk).update(
        warn_at=start_of(warn_day or last_day - timedelta(days=5)),
        due_at=start_of(last_day + timedelta(days=1)),
        far_at=start_of(last_day + timedelta(days=8)),
    )
    termijn.refresh_from_db()
    return termijn


def referral_deadline(
    traject: Traject, organisatie: Organisatie, by: User, last_day: date
) -> Termijn:
    verwijzing = Verwijzing.objects.create(
        traject=traject,
        organisatie=organisatie,
        referred_at=timezone.localdate() - timedelta(days=7),
        created_by=by,
    )
    return deadline(
        traject,
        Regel.VERVOLGHULP,
        last_day,
        subject_kind=Onderwerp.VERWIJZING,
        subject_id=verwijzing.pk,
    )


def plan(
    traject: Traject,
    by: User,
    evaluatie: date,
    acties: list[tuple[str, date | None, str]] = (),  # type: ignore[assignment]
) -> PlanVersie:
    """A plan version with its evaluation day and actions (what, by when, status)."""
    ondersteuningsplan, _ = Ondersteuningsplan.objects.get_or_create(gezin=traject.gezin)
    return PlanVersie.objects.create(
        plan=ondersteuningsplan,
        nummer=ondersteuningsplan.versies.count() + 1,
        gezinsvraag="Hoe helpen we Noor?",
        evaluatie_datum=evaluatie,
        acties=[
            {
                "wat": wat,
                "wie": "ouders",
                "organisatie_id": None,
                "organisatie_naam": "",
                "wanneer": wanneer.isoformat() if wanneer else "",
                "status": status,
            }
            for wat, wanneer, status in acties
        ],
        created_by=by,
    )


OPEN = ActieStatus.OPEN
KLAAR = ActieStatus.KLAAR
