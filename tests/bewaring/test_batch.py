"""The daily batch: its terms per kind, outcome and region; dry run; holds; a crash midway;
the access log's own term; the Celery task and the management command."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from aanmelding.models import Aanmelding
from bewaring import services
from bewaring.constants import (
    ACCESS_ACTION_ANONYMISE,
    BatchSoort,
    Blokkade,
    RootSoort,
    Uitkomst,
)
from bewaring.models import Bewaaractie, Bewaarbatch
from bewaring.services import batch_run
from bewaring.tasks import dagelijks
from casemanagement.models import Gezin, OuderVraag, Traject
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.termijnen.models import Termijn
from mdo.models import Agendapunt
from tests.bewaring.conftest import SENTINEL, closed_aanmelding, years_later
from tests.bewaring.test_anonymise import tables_containing
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db


def anonymised(obj: Aanmelding | Gezin) -> bool:
    return type(obj).objects.get(pk=obj.pk).anonymised_at is not None


# --- terms -------------------------------------------------------------------------------------


def test_a_dossier_within_its_term_is_left_alone(personas, dossier, frozen_clock):
    frozen_clock(years_later(19))
    batch = batch_run(dry_run=False)
    assert not anonymised(dossier.gezin)
    assert batch.counts[RootSoort.GEZIN] == {}


def test_a_registration_that_never_became_a_traject_goes_a_year_after_closing(
    personas, frozen_clock
):
    aanmelding = closed_aanmelding(personas)
    frozen_clock(timezone.now() + relativedelta(months=11))
    batch_run(dry_run=False)
    assert not anonymised(aanmelding)
    frozen_clock(timezone.now() + relativedelta(months=13))
    batch = batch_run(dry_run=False)
    assert anonymised(aanmelding)
    assert batch.counts[RootSoort.AANMELDING] == {Uitkomst.GEANONIMISEERD: 1}
    assert tables_containing(SENTINEL) == {}


def test_an_open_registration_is_never_due(personas, frozen_clock):
    open_one = Aanmelding.objects.create(
        kanaal="ouder",
        kind_first_name=SENTINEL,
        kind_geboortedatum=timezone.localdate() - timedelta(days=700),
        ouder_name="x",
        ouder_telefoon="06",
        postcode="2511AB",
        zorg="x",
        gezag="beide_ouders",
        andere_gezagsdrager="nvt",
        region=personas.region,
    )
    frozen_clock(years_later(30))
    batch_run(dry_run=False)
    assert not anonymised(open_one)


def test_the_terms_follow_the_settings_per_outcome_and_per_region(personas, settings, frozen_clock):
    settings.IVH_BEWARING_AANMELDING_MAANDEN_PER_UITKOMST = ["advies=3"]
    settings.IVH_BEWARING_DOSSIER_JAREN_PER_REGIO = [f"{personas.region.slug}=5"]
    advies = closed_aanmelding(personas)
    gezin = Gezin.objects.create(region=personas.region, ouder_name=SENTINEL)
    Traject.objects.create(
        gezin=gezin,
        region=personas.region,
        received_at=timezone.now() - timedelta(days=90),
        fase="afgesloten",
        closed_at=timezone.now(),
    )
    frozen_clock(timezone.now() + relativedelta(months=4))
    batch_run(dry_run=False)
    assert anonymised(advies) and not anonymised(gezin)
    frozen_clock(timezone.now() + relativedelta(years=5, days=1))
    batch_run(dry_run=False)
    assert anonymised(gezin)


# --- dry run -----------------------------------------------------------------------------------


def test_a_dry_run_changes_nothing_but_reports_what_it_would_do(personas, dossier, frozen_clock):
    advies = closed_aanmelding(personas)
    old = AccessLogEntry.objects.create(
        at=timezone.now() - relativedelta(years=22),
        actor_label="x",
        action=AccessAction.VIEW,
        object_type="x",
        object_id="1",
        client_ref="A-GONE-0000",
    )
    words = tables_containing(SENTINEL)
    log_entries = AccessLogEntry.objects.count()
    frozen_clock(years_later())
    batch = batch_run(dry_run=True)
    assert batch.dry_run and batch.finished_at
    assert batch.counts == {
        RootSoort.AANMELDING: {Uitkomst.PROEF: 1},
        RootSoort.GEZIN: {Uitkomst.PROEF: 1},
        "toegangslog": 1,
    }
    assert not anonymised(dossier.gezin) and not anonymised(advies)
    assert tables_containing(SENTINEL) == words
    assert AccessLogEntry.objects.count() == log_entries
    assert AccessLogEntry.objects.filter(pk=old.pk).exists()


# --- holds -------------------------------------------------------------------------------------


def _open_clock(dossier, moment) -> None:  # noqa: ANN001
    reopened = Termijn.objects.filter(subject_id=dossier.traject.pk, regel="evaluatie").update(
        stopped_at=None
    )
    assert reopened == 1


def _planned_mdo(dossier, moment) -> None:  # noqa: ANN001
    mdo = MdoFactory(
        region=dossier.traject.region,
        created_by=dossier.traject.casemanager,
        starts_at=moment + timedelta(days=3),
    )
    Agendapunt.objects.create(
        mdo=mdo, traject=dossier.traject, vraag="x", disciplines=["logopedist"]
    )


def _question_of_the_parents(dossier, moment) -> None:  # noqa: ANN001
    OuderVraag.objects.create(traject=dossier.traject, tekst="Bel ons terug", terugbellen=True)


@pytest.mark.parametrize(
    ("make_hold", "hold"),
    [
        (_open_clock, Blokkade.OPEN_KLOK),
        (_planned_mdo, Blokkade.MDO_GEPLAND),
        (_question_of_the_parents, Blokkade.VRAAG_OUDERS),
    ],
)
def test_a_hold_stops_the_dossier_and_it_goes_once_the_hold_is_gone(
    personas, dossier, frozen_clock, make_hold, hold
):
    moment = frozen_clock(years_later())
    make_hold(dossier, moment)
    batch = batch_run(dry_run=False)
    assert not anonymised(dossier.gezin)
    actie = Bewaaractie.objects.get(batch=batch)
    assert (actie.uitkomst, actie.blokkades) == (Uitkomst.TEGENGEHOUDEN, [hold])
    assert not AccessLogEntry.objects.filter(action=ACCESS_ACTION_ANONYMISE).exists()

    Termijn.objects.update(stopped_at=moment)
    OuderVraag.objects.update(handled_at=moment)
    Agendapunt.objects.filter(mdo__starts_at__gt=moment).delete()
    batch_run(dry_run=False)
    assert anonymised(dossier.gezin)


def test_a_meeting_that_was_planned_in_the_past_is_no_hold(personas, dossier, frozen_clock):
    moment = frozen_clock(years_later())
    _planned_mdo(dossier, moment - timedelta(days=30))
    batch_run(dry_run=False)
    assert anonymised(dossier.gezin)


# --- a crash midway ----------------------------------------------------------------------------


def test_a_failure_on_one_dossier_loses_nothing_and_the_next_run_does_it(
    personas, dossier, frozen_clock, monkeypatch
):
    advies = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=1))
    real = services.refresh_subjects
    calls = []

    def fail_on_the_family(**kwargs):  # noqa: ANN003, ANN202
        calls.append(kwargs)
        if kwargs["traject_ids"]:
            raise DatabaseError("verbinding weg")
        return real(**kwargs)

    monkeypatch.setattr(services, "refresh_subjects", fail_on_the_family)
    frozen_clock(years_later())
    first = batch_run(dry_run=False)
    assert anonymised(advies) and not anonymised(dossier.gezin)
    assert first.counts[RootSoort.GEZIN] == {Uitkomst.MISLUKT: 1}
    # Nothing of the family was changed halfway: its transaction was rolled back.
    assert Gezin.objects.get(pk=dossier.gezin.pk).ouder_name == dossier.gezin.ouder_name

    monkeypatch.setattr(services, "refresh_subjects", real)
    second = batch_run(dry_run=False)
    assert anonymised(dossier.gezin)
    assert second.counts[RootSoort.GEZIN] == {Uitkomst.GEANONIMISEERD: 1}
    assert second.counts[RootSoort.AANMELDING] == {}


def test_an_interrupted_batch_stays_unfinished_and_the_next_one_continues(
    personas, frozen_clock, monkeypatch
):
    first_one = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=2))
    second_one = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=1))
    real = services.root_anonymise

    def die_at_the_second(**kwargs):  # noqa: ANN003, ANN202
        if kwargs["root"].pk == second_one.pk:
            raise KeyboardInterrupt  # the worker is killed: nothing catches this
        return real(**kwargs)

    monkeypatch.setattr(services, "root_anonymise", die_at_the_second)
    frozen_clock(years_later())
    with pytest.raises(KeyboardInterrupt):
        batch_run(dry_run=False)
    interrupted = Bewaarbatch.objects.get()
    assert interrupted.finished_at is None
    assert anonymised(first_one) and not anonymised(second_one)

    monkeypatch.setattr(services, "root_anonymise", real)
    batch_run(dry_run=False)
    assert anonymised(second_one)
    assert Bewaaractie.objects.filter(uitkomst=Uitkomst.GEANONIMISEERD).count() == 2


def test_at_most_the_batch_limit_is_done_per_run(personas, settings, frozen_clock):
    settings.IVH_BEWARING_MAX_PER_BATCH = 1
    older = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=2))
    newer = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=1))
    frozen_clock(years_later())
    batch_run(dry_run=False)
    assert anonymised(older) and not anonymised(newer)
    batch_run(dry_run=False)
    assert anonymised(newer)


# --- the access log ----------------------------------------------------------------------------


def _entry(at, **kwargs) -> AccessLogEntry:  # noqa: ANN001, ANN003
    values = {
        "actor_label": "iemand@example.org",
        "action": AccessAction.VIEW,
        "object_type": "casemanagement.traject",
        "object_id": "1",
        **kwargs,
    }
    return AccessLogEntry.objects.create(at=at, **values)


def test_old_access_log_entries_go_once_no_client_they_name_is_kept(
    personas, dossier, frozen_clock
):
    kept = closed_aanmelding(personas)  # closed today: kept for a year after the real now
    long_ago = timezone.now() - relativedelta(years=22)
    gone = _entry(long_ago, client_ref=dossier.gezin.reference)
    of_kept = _entry(long_ago, client_ref=kept.reference)
    list_of_kept = _entry(
        long_ago, client_ref="", action=AccessAction.LIST, client_refs=["X", kept.reference]
    )
    list_gone = _entry(long_ago, client_ref="", action=AccessAction.LIST, client_refs=["X"])
    recent = _entry(timezone.now() - relativedelta(years=19), client_ref=dossier.gezin.reference)

    # At 21 years the family is anonymised, the registration closed today is not (its term is
    # counted from the database's own clock for the log: the real now).
    frozen_clock(years_later())
    Aanmelding.objects.filter(pk=kept.pk).update(closed_at=timezone.now())
    batch = batch_run(dry_run=False)
    assert batch.toegangslog_verwijderd == 2
    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert {gone.pk, list_gone.pk} & remaining == set()
    assert {of_kept.pk, list_of_kept.pk, recent.pk} <= remaining


def test_the_access_log_function_refuses_a_term_under_twenty_years(db):
    entry = _entry(timezone.now() - relativedelta(years=30), client_ref="A-GONE-0001")
    with pytest.raises(DatabaseError, match="minstens 20 jaar"), transaction.atomic():
        services.toegangslog_opschonen(jaren=5, dry_run=False)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_application_itself_still_cannot_delete_from_the_access_log(db):
    entry = _entry(timezone.now() - relativedelta(years=30), client_ref="A-GONE-0002")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    # The function's switch is restored after it ran: the trigger protects again.
    services.toegangslog_opschonen(jaren=21, dry_run=False)
    other = _entry(timezone.now(), client_ref="A-GONE-0003")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=other.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        assert cursor.fetchone()[0] in (None, "")


# --- the task and the command ------------------------------------------------------------------


def test_the_daily_task_runs_an_automatic_batch(personas, dossier, frozen_clock, settings):
    frozen_clock(years_later())
    result = dagelijks.run()
    batch = Bewaarbatch.objects.get()
    assert (batch.soort, batch.dry_run, batch.started_by) == (BatchSoort.AUTOMATISCH, False, None)
    assert result["batch"] == batch.number
    assert anonymised(dossier.gezin)


def test_the_daily_task_only_counts_while_the_dry_run_setting_is_on(
    personas, dossier, frozen_clock, settings
):
    settings.IVH_BEWARING_PROEF = True
    frozen_clock(years_later())
    dagelijks.run()
    assert Bewaarbatch.objects.get().dry_run
    assert not anonymised(dossier.gezin)


def test_the_command_shows_a_dry_run_and_changes_nothing(personas, dossier, frozen_clock):
    frozen_clock(years_later())
    out = io.StringIO()
    call_command("bewaring", "--dry-run", "--door", personas.coordinator.email, stdout=out)
    batch = Bewaarbatch.objects.get()
    assert (batch.soort, batch.dry_run, batch.started_by) == (
        BatchSoort.HANDMATIG,
        True,
        personas.coordinator,
    )
    assert f"Batch {batch.number} (proef)" in out.getvalue()
    assert "gesloten dossier (gezin): zou geanonimiseerd worden (proef): 1" in out.getvalue()
    assert not anonymised(dossier.gezin)


def test_held_dossiers_do_not_use_up_the_batch_limit(personas, dossier, settings, frozen_clock):
    settings.IVH_BEWARING_MAX_PER_BATCH = 1
    held = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=2))
    free = closed_aanmelding(personas, closed_at=timezone.now() - timedelta(days=1))
    assert Termijn.objects.filter(subject_kind="aanmelding", subject_id=held.pk).update(
        stopped_at=None
    )
    frozen_clock(years_later())
    batch_run(dry_run=False)
    assert anonymised(free) and not anonymised(held) and not anonymised(dossier.gezin)
    batch_run(dry_run=False)
    assert anonymised(dossier.gezin) and not anonymised(held)
