"""A closed dossier with a row in every model that hangs below a family, written through the
services where they exist, every free text and contact detail carrying one word (SENTINEL)
that appears nowhere else, so a scan of the whole database shows whether any copy survived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from aanmelding import services as am
from aanmelding.constants import ContactWijze, Status
from aanmelding.models import Aanmelding, Toestemming
from aanmelding.outbox import CONFIRMATION
from bewaring.constants import Aanvrager, VerzoekReden
from bewaring.services import verwijderverzoek_record
from casemanagement import services as cm
from casemanagement.models import Gezin, Traject, TrajectToewijzing
from ivh.outbox.models import OutboxMessage
from ivh.termijnen.constants import Niveau, Onderwerp, PauzeReden, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_pause, termijn_resume
from ivh.werkkalender.services import calendar_extend
from mdo import services as ms
from netwerkwerk import services as nw
from signalen.models import Signaal
from tests.aanmelding.factories import AanmeldingFactory
from tests.mdo.factories import MdoFactory

SENTINEL = "Xylofoonvis"
PHONE = "06 9999 0001"
EMAIL = "xylofoonvis.ouder@example.org"


def received_moment() -> datetime:
    """The 5th of this month (or the last), early enough that the whole flow lies before now:
    a birth date ten days after the second birthday's date then makes the child 1 at
    registration, and 2 once the birth date is reduced to the first of its month (so a
    refresh that read the reduced date would move an age band)."""
    now = timezone.localtime()
    day = now.replace(day=5, hour=9, minute=0, second=0, microsecond=0)
    if day > now - timedelta(hours=12):
        day -= relativedelta(months=1)
    return day


@dataclass
class Dossier:
    aanmelding: Aanmelding
    traject: Traject
    gezin: Gezin
    birth_date: date

    @property
    def years(self) -> list[int]:
        """The years whose figures this dossier counts in."""
        return sorted({self.aanmelding.received_at.year, timezone.localdate().year})


def complete_dossier(personas, *, sentinel: str = SENTINEL) -> Dossier:  # noqa: ANN001
    """A family through the whole flow, closed today; its parents' question handled and the
    survey answered, so no clock runs and nothing holds it."""
    p = personas
    calendar_extend()
    received = received_moment()
    born = received.date() - relativedelta(years=2) + timedelta(days=10)
    aanmelding = AanmeldingFactory(
        professional=True,
        gemeente=p.gemeente,
        received_at=received,
        kind_first_name=f"{sentinel}kind",
        kind_geboortedatum=born,
        ouder_name=f"{sentinel} Ouder",
        ouder_telefoon=PHONE,
        ouder_email=EMAIL,
        verwijzer_name=f"{sentinel} Verwijzer",
        verwijzer_organisatie=f"{sentinel} Consultatiebureau",
        verwijzer_telefoon=PHONE,
        verwijzer_email=f"{sentinel.lower()}.jgz@example.org",
        postcode="2511 XV",
        zorg=f"{sentinel} praat nog weinig.",
        betrokken=f"{sentinel} logopedie",
        zorg_domeinen=["spraak_taal"],
    )
    Toestemming.objects.filter(aanmelding=aanmelding, doel="partners").update(
        toelichting=f"huisarts {sentinel}"
    )
    OutboxMessage.objects.create(
        key=f"{CONFIRMATION}:{aanmelding.pk}:ouder",
        kind=CONFIRMATION,
        recipient=EMAIL,
        context={"aanmelding_id": aanmelding.pk, "rol": "ouder"},
        sent_at=received,
    )
    OutboxMessage.objects.create(
        key=f"{CONFIRMATION}:{aanmelding.pk}:verwijzer",
        kind=CONFIRMATION,
        recipient=aanmelding.verwijzer_email,
        context={"aanmelding_id": aanmelding.pk, "rol": "verwijzer"},
        attempts=1,
        last_error=f"550 {aanmelding.verwijzer_email} onbekend",
    )
    am.aanmelding_record_first_contact(
        aanmelding=aanmelding,
        by=p.coordinator,
        at=received + timedelta(hours=1),
        wijze=ContactWijze.TELEFONISCH,
    )
    am.aanmelding_update_intake_notes(
        aanmelding=aanmelding, by=p.coordinator, notities=f"{sentinel} intake"
    )
    consult = nw.consult_record(
        region=p.region,
        by=p.coordinator,
        datum=received.date(),
        kanaal="telefoon",
        vraagsteller="ouder",
        onderwerpen=["spraak_taal"],
        minuten=10,
        notitie=f"{sentinel} belde",
    )
    nw.consult_link_aanmelding(consult=consult, aanmelding=aanmelding, by=p.coordinator)
    traject = cm.traject_start_from_aanmelding(
        aanmelding=aanmelding,
        by=p.coordinator,
        casemanager=p.casemanager,
        at=received + timedelta(hours=2),
    )
    TrajectToewijzing.objects.filter(traject=traject).update(reden=f"{sentinel} wil dit")
    gezin = traject.gezin
    today = timezone.localdate()
    cm.contact_log(
        traject=traject,
        by=p.casemanager,
        datum=today,
        soort="huisbezoek",
        minuten=60,
        notitie=f"{sentinel} thuis",
    )
    verwijzing = cm.verwijzing_create(
        traject=traject,
        by=p.casemanager,
        organisatie=p.ziekenhuis,
        dienst=None,
        referred_at=today,
        toelichting=f"{sentinel} verwezen",
    )
    cm.verwijzing_update_dates(
        verwijzing=verwijzing, by=p.casemanager, started_at=today, ended_at=None
    )
    doelen = [{"domein": "spraak_taal", "omschrijving": f"{sentinel} leert praten"}]
    acties = [
        {
            "wat": f"{sentinel} oefent",
            "wie": "ouders",
            "organisatie_id": None,
            "organisatie_naam": "",
            "wanneer": "",
            "status": "open",
        }
    ]
    versie = cm.plan_save_version(
        traject=traject,
        by=p.casemanager,
        gezinsvraag=f"Hoe helpen we {sentinel}?",
        doelen=doelen,
        acties=acties,
        evaluatie_datum=today + timedelta(days=180),
        wijziging="",
    )
    cm.plan_record_agreement(versie=versie, traject=traject, by=p.casemanager, wijze="gesprek")
    # A second version after the agreement: the parents are mailed (an outbox row, a link).
    cm.plan_save_version(
        traject=traject,
        by=p.casemanager,
        gezinsvraag=f"Hoe helpen we {sentinel} verder?",
        doelen=doelen,
        acties=acties,
        evaluatie_datum=today + timedelta(days=180),
        wijziging=f"{sentinel} veranderd",
    )
    cm.ouderlink_send(traject=traject, by=p.casemanager)
    # A clock paused with a note, and a signal seen with a note.
    plan_clock = Termijn.objects.get(
        subject_kind=Onderwerp.TRAJECT, subject_id=traject.pk, regel=Regel.EVALUATIE
    )
    termijn_pause(
        termijn=plan_clock,
        reden=PauzeReden.OUDERS,
        toelichting=f"{sentinel} op vakantie",
        by=p.casemanager,
    )
    termijn_resume(termijn=plan_clock, by=p.casemanager)
    Signaal.objects.create(
        termijn=plan_clock,
        regel=plan_clock.regel,
        region=p.region,
        level=Niveau.BIJNA,
        deadline_version=1,
        raised_at=timezone.now(),
        acknowledgement=f"{sentinel} gebeld",
    )
    # The MDO: planned, the family on the agenda, parents invited, held with minutes, advice.
    mdo = MdoFactory(
        region=p.region,
        created_by=p.coordinator,
        starts_at=timezone.now() - timedelta(hours=3),
    )
    punt = ms.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=p.coordinator,
        vraag=f"Wat heeft {sentinel} nodig?",
        disciplines=["logopedist"],
        minuten=30,
    )
    ms.deelnemer_invite_ouders(agendapunt=punt, by=p.coordinator)
    ms.mdo_hold(
        mdo=mdo,
        by=p.coordinator,
        aanwezig=set(),
        ouders_aanwezig={punt.pk},
        notulen=f"Besproken: {sentinel}.",
    )
    ms.advies_record(
        agendapunt=punt,
        by=p.coordinator,
        advies=f"{sentinel} naar logopedie",
        actie_wat=f"{sentinel} aanmelden bij logopedie",
    )
    vraag = cm.oudervraag_create(traject=traject, tekst=f"Mag {sentinel} mee?", terugbellen=False)
    cm.oudervraag_handle(vraag=vraag, by=p.casemanager)
    cm.traject_close(
        traject=traject,
        by=p.casemanager,
        reden="doelen_bereikt",
        doelen_behaald="ja",
        toelichting=f"{sentinel} gaat naar school",
    )
    cm.tevredenheid_answer(
        traject=traject, score=8, opmerking=f"{sentinel} blij", terugbellen=False
    )
    verwijderverzoek_record(
        root=gezin,
        by=p.coordinator,
        aanvrager=Aanvrager.OUDER,
        reden=VerzoekReden.NIET_NODIG,
        ontvangen_op=today,
        toelichting=f"{sentinel} belde",
    )
    aanmelding.refresh_from_db()
    traject.refresh_from_db()
    gezin.refresh_from_db()
    assert aanmelding.status == Status.TRAJECT
    assert not Termijn.objects.open().filter(subject_id__in=[traject.pk, aanmelding.pk]).exists()
    return Dossier(aanmelding=aanmelding, traject=traject, gezin=gezin, birth_date=born)


def closed_aanmelding(personas, *, closed_at: datetime | None = None, **kwargs) -> Aanmelding:  # noqa: ANN001, ANN003
    """A registration closed with advice (never a traject)."""
    closed_at = closed_at or timezone.now()
    received = closed_at - timedelta(days=10)
    values = {
        "gemeente": personas.gemeente,
        "received_at": received,
        "kind_first_name": f"{SENTINEL}advies",
        "zorg": f"{SENTINEL} slaapt slecht",
        **kwargs,
    }
    aanmelding = AanmeldingFactory(**values)
    Aanmelding.objects.filter(pk=aanmelding.pk).update(
        status=Status.ADVIES,
        first_contact_at=received + timedelta(hours=2),
        first_contact_wijze=ContactWijze.TELEFONISCH,
        closed_at=closed_at,
        uitkomst_toelichting=f"{SENTINEL} advies gegeven",
    )
    from ivh.termijnen.sync import termijnen_bijwerken

    termijnen_bijwerken(Onderwerp.AANMELDING, [aanmelding.pk])
    aanmelding.refresh_from_db()
    return aanmelding


@pytest.fixture
def dossier(personas) -> Dossier:  # noqa: ANN001
    return complete_dossier(personas)


@pytest.fixture
def frozen_clock(monkeypatch):  # noqa: ANN001, ANN201
    """Freeze `django.utils.timezone.now` at a moment of the test's choosing."""

    def freeze(moment: datetime) -> datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


# 21 years on: past the 20-year term of a dossier closed today.
def years_later(years: int = 21) -> datetime:
    return timezone.now() + relativedelta(years=years)
