"""The traject's deadlines follow its events in their own transaction: the MDO held, a referral
made, its help started (and that date taken back), the plan agreed, the traject closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casemanagement import services as cm
from casemanagement.constants import Afsluitreden, AkkoordWijze, DoelenBehaald
from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.sync import termijnen_sync
from mdo import services

pytestmark = pytest.mark.django_db


def running(traject) -> set[str]:
    referrals = traject.verwijzingen.values("pk")
    return set(
        Termijn.objects.open()
        .filter(subject_kind=Onderwerp.TRAJECT, subject_id=traject.pk)
        .values_list("regel", flat=True)
    ) | set(
        Termijn.objects.open()
        .filter(subject_kind=Onderwerp.VERWIJZING, subject_id__in=referrals)
        .values_list("regel", flat=True)
    )


def _agree(personas, traject, doel: str = "20 woordjes") -> None:
    versie = cm.plan_save_version(
        traject=traject,
        by=personas.casemanager,
        gezinsvraag="Hoe helpen we praten?",
        doelen=[{"domein": "spraak_taal", "omschrijving": doel}],
        acties=[],
        evaluatie_datum=timezone.localdate() + timedelta(days=180),
        wijziging="",
    )
    cm.plan_record_agreement(
        versie=versie, traject=traject, by=personas.casemanager, wijze=AkkoordWijze.GESPREK
    )


def test_each_event_starts_or_stops_its_deadline_without_a_scan(personas, mdo, traject):
    termijnen_sync()  # the deadlines of a traject recorded before this moment
    assert running(traject) == {Regel.MDO, Regel.PLAN, Regel.DOORLOOPTIJD}

    services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    type(mdo).objects.filter(pk=mdo.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    mdo.refresh_from_db()
    services.mdo_hold(
        mdo=mdo, by=personas.coordinator, aanwezig=set(), ouders_aanwezig=set(), notulen=""
    )
    assert running(traject) == {Regel.PLAN, Regel.DOORLOOPTIJD}

    verwijzing = cm.verwijzing_create(
        traject=traject,
        by=personas.casemanager,
        organisatie=personas.mee,
        dienst=None,
        referred_at=timezone.localdate() - timedelta(days=3),
        toelichting="",
    )
    assert running(traject) == {Regel.PLAN, Regel.DOORLOOPTIJD, Regel.VERVOLGHULP}

    started = timezone.localdate() - timedelta(days=1)
    cm.verwijzing_update_dates(
        verwijzing=verwijzing, by=personas.casemanager, started_at=started, ended_at=None
    )
    assert running(traject) == {Regel.PLAN}
    # The start date was a mistake: the referral waits again, and so does the whole way.
    cm.verwijzing_update_dates(
        verwijzing=verwijzing, by=personas.casemanager, started_at=None, ended_at=None
    )
    assert running(traject) == {Regel.PLAN, Regel.DOORLOOPTIJD, Regel.VERVOLGHULP}

    _agree(personas, traject)
    assert running(traject) == {Regel.EVALUATIE, Regel.DOORLOOPTIJD, Regel.VERVOLGHULP}

    cm.traject_close(
        traject=traject,
        by=personas.casemanager,
        reden=Afsluitreden.DOELEN_BEREIKT,
        doelen_behaald=DoelenBehaald.JA,
        toelichting="",
    )
    assert running(traject) == set()
    # The safety net finds nothing left to do.
    result = termijnen_sync()
    assert (result.started, result.stopped, result.reopened, result.moved) == (0, 0, 0, 0)


def test_a_new_agreement_starts_the_next_evaluation(personas, traject):
    _agree(personas, traject, "20 woordjes")
    _agree(personas, traject, "50 woordjes")
    evaluations = Termijn.objects.filter(
        subject_kind=Onderwerp.TRAJECT, subject_id=traject.pk, regel=Regel.EVALUATIE
    ).order_by("occurrence")
    first, second = evaluations
    assert (first.occurrence, second.occurrence) == (1, 2)
    assert first.stopped_at == second.started_at and second.stopped_at is None
