"""The one generic step: a closed dossier past its term, anonymised by the daily batch with a
frozen clock. Its words are gone from every table of the database (history included), each
declared field is blanked as declared, the access log records the job, and it happens once."""

from __future__ import annotations

from datetime import timedelta

import pgtrigger
import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from aanmelding.models import Aanmelding
from bewaring import registry
from bewaring.constants import (
    ACCESS_ACTION_ANONYMISE,
    PLACEHOLDER,
    SYSTEM_ACTOR,
    RootSoort,
    Uitkomst,
    VerzoekStatus,
)
from bewaring.models import Bewaaractie, Verwijderverzoek
from bewaring.registry import Root, declaration, rows, subtree_of
from bewaring.services import batch_run
from casemanagement import services as cm
from casemanagement.models import Kind, OuderLink, PlanAkkoord, PlanVersie, Traject
from casemanagement.outbox import SURVEY_MAIL
from ivh.audit.models import AccessLogEntry
from ivh.outbox.models import OutboxMessage
from mdo import services as ms
from mdo.models import Mdo
from tests.aanmelding.factories import AanmeldingFactory
from tests.bewaring.conftest import EMAIL, PHONE, SENTINEL, complete_dossier, years_later

pytestmark = pytest.mark.django_db


def tables_containing(*needles: str) -> dict[str, int]:
    """Every table of the database whose rows, read as text, contain one of the needles."""
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        for (table,) in cursor.fetchall():
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" AS x WHERE x::text ILIKE %s',  # noqa: S608
                    [f"%{needle}%"],
                )
                if n := cursor.fetchone()[0]:
                    found[f"{table} ({needle})"] = n
    return found


def test_a_dossier_past_its_term_leaves_its_words_in_no_table_at_all(
    personas, dossier, frozen_clock
):
    before = tables_containing(SENTINEL, PHONE)
    # The scan sees the copies: the live rows, their history, the outbox, the clocks' notes.
    for table in (
        "aanmelding_aanmelding",
        "aanmelding_aanmeldingevent",
        "casemanagement_gezinevent",
        "casemanagement_planversie",
        "mdo_mdo",
        "mdo_agendapuntevent",
        "netwerkwerk_consult",
        "outbox_outboxmessage",
        "termijnen_pauze",
        "signalen_signaal",
        "bewaring_verwijderverzoek",
    ):
        assert f"{table} ({SENTINEL})" in before, table

    frozen_clock(years_later())
    batch = batch_run(dry_run=False)

    assert batch.counts[RootSoort.GEZIN] == {Uitkomst.GEANONIMISEERD: 1}
    assert tables_containing(SENTINEL, PHONE, EMAIL) == {}


def test_every_declared_field_is_blanked_as_declared(personas, dossier, frozen_clock):
    tree = subtree_of(Root.of(dossier.gezin))
    frozen_clock(years_later())
    batch_run(dry_run=False)
    for model in registry.in_scope():
        for name, method in declaration(model).blank.items():
            for value in rows(model, tree).values_list(name, flat=True):
                label = f"{model._meta.label}.{name}"
                if method == registry.PLACEHOLDER_TEXT:
                    assert value == PLACEHOLDER, label
                elif method == registry.EMPTY:
                    assert value in ("", [], {}), label
                elif method == registry.FIRST_OF_MONTH:
                    assert value.day == 1, label
                elif method.startswith(registry.JSON_EMPTY):
                    keys = method[len(registry.JSON_EMPTY) :].split(",")
                    assert value and all(item[k] == "" for item in value for k in keys), label


def test_birth_dates_are_reduced_to_the_first_of_their_month_and_facts_stay(
    personas, dossier, frozen_clock
):
    frozen_clock(years_later())
    batch_run(dry_run=False)
    kind = Kind.objects.get(gezin=dossier.gezin)
    aanmelding = Aanmelding.objects.get(pk=dossier.aanmelding.pk)
    assert kind.geboortedatum == dossier.birth_date.replace(day=1)
    assert aanmelding.kind_geboortedatum == dossier.birth_date.replace(day=1)
    # The facts on the rows are kept: what the figures count, and the reference.
    assert (aanmelding.reference, aanmelding.zorg_domeinen, aanmelding.gemeente_id) == (
        dossier.aanmelding.reference,
        ["spraak_taal"],
        personas.gemeente.pk,
    )
    traject = Traject.objects.get(pk=dossier.traject.pk)
    assert (traject.closed_at, traject.afsluitreden, traject.plan_agreed_at) == (
        dossier.traject.closed_at,
        "doelen_bereikt",
        dossier.traject.plan_agreed_at,
    )
    versies = PlanVersie.objects.filter(plan__gezin=dossier.gezin).order_by("nummer")
    assert [(v.nummer, v.doelen[0]["domein"], v.acties[0]["status"]) for v in versies] == [
        (1, "spraak_taal", "open"),
        (2, "spraak_taal", "open"),
    ]
    assert PlanAkkoord.objects.filter(versie__plan__gezin=dossier.gezin).count() == 1


def test_the_history_of_the_anonymised_rows_goes_and_that_of_other_families_stays(
    personas, dossier, frozen_clock
):
    other = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name="Anders")
    tree = subtree_of(Root.of(dossier.gezin))
    frozen_clock(years_later())
    batch_run(dry_run=False)
    for model in registry.in_scope():
        ids = list(rows(model, tree).values_list("pk", flat=True))
        for history in registry.history_models(model):
            assert not history.objects.filter(pgh_obj_id__in=ids).exists(), history._meta.label
    history = registry.history_models(Aanmelding)[0]
    assert history.objects.filter(pgh_obj_id=other.pk).exists()
    assert Aanmelding.objects.get(pk=other.pk).kind_first_name == "Anders"


def test_plan_versions_stay_immutable_outside_the_step(personas, dossier, frozen_clock):
    frozen_clock(years_later())
    batch_run(dry_run=False)
    versie = PlanVersie.objects.filter(plan__gezin=dossier.gezin).first()
    with pytest.raises(Exception, match="planversie_immutable"), transaction.atomic():
        PlanVersie.objects.filter(pk=versie.pk).update(wijziging="later veranderd")
    # Only the step's own ignore opens it, for its own statement.
    with pgtrigger.ignore("casemanagement.PlanVersie:planversie_immutable"):
        PlanVersie.objects.filter(pk=versie.pk).update(wijziging="")


def test_messages_not_yet_sent_to_the_family_are_skipped_and_keep_no_address(
    personas, dossier, frozen_clock
):
    reminder = OutboxMessage.objects.get(key=f"{SURVEY_MAIL}:{dossier.traject.pk}:herinnering")
    assert reminder.sent_at is None and reminder.skipped_at is None
    moment = frozen_clock(years_later())
    batch_run(dry_run=False)
    reminder.refresh_from_db()
    assert (reminder.recipient, reminder.skipped_at, reminder.sent_at) == ("", moment, None)
    family = OutboxMessage.objects.filter(
        Q(context__aanmelding_id=dossier.aanmelding.pk)
        | Q(context__link_id__in=list(OuderLink.objects.values_list("pk", flat=True)))
    )
    assert family.count() >= 4
    assert set(family.values_list("recipient", "last_error")) == {("", "")}
    # The parents' links can never be used again.
    assert set(OuderLink.objects.filter(gezin=dossier.gezin).values_list("nonce", "email")) == {
        ("", "")
    }


def test_the_access_log_records_the_job_by_client_number_and_batch(personas, dossier, frozen_clock):
    moment = frozen_clock(years_later())
    batch = batch_run(dry_run=False)
    entry = AccessLogEntry.objects.get(action=ACCESS_ACTION_ANONYMISE)
    kind = Kind.objects.get(gezin=dossier.gezin)
    assert (entry.user, entry.actor_label, entry.at) == (None, SYSTEM_ACTOR, moment)
    assert entry.get_action_display() == "geanonimiseerd"
    assert entry.client_ref == dossier.gezin.reference
    assert kind.reference in entry.client_refs
    assert entry.query == {"batch": batch.number, "regel": "dossier"}
    assert entry.region_id == personas.region.pk
    # A search of the log for the child finds it.
    assert AccessLogEntry.objects.for_clients(kind.reference).filter(pk=entry.pk).exists()


def test_an_open_erasure_request_is_done_by_the_batch_and_keeps_its_record(
    personas, dossier, frozen_clock
):
    frozen_clock(years_later())
    batch = batch_run(dry_run=False)
    verzoek = Verwijderverzoek.objects.get(gezin=dossier.gezin)
    assert (verzoek.status, verzoek.batch, verzoek.toelichting) == (
        VerzoekStatus.UITGEVOERD,
        batch,
        "",
    )


def test_a_dossier_is_never_anonymised_twice(personas, dossier, frozen_clock):
    frozen_clock(years_later())
    first = batch_run(dry_run=False)
    anonymised_at = Aanmelding.objects.get(pk=dossier.aanmelding.pk).anonymised_at
    frozen_clock(years_later() + timedelta(days=1))
    second = batch_run(dry_run=False)
    assert second.counts[RootSoort.GEZIN] == {}
    assert not Bewaaractie.objects.filter(batch=second).exists()
    assert Aanmelding.objects.get(pk=dossier.aanmelding.pk).anonymised_at == anonymised_at
    assert AccessLogEntry.objects.filter(action=ACCESS_ACTION_ANONYMISE).count() == 1
    # And the database itself refuses a second record of it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Bewaaractie.objects.create(
            batch=second,
            root_soort=RootSoort.GEZIN,
            gezin=dossier.gezin,
            regel="dossier",
            uitkomst=Uitkomst.GEANONIMISEERD,
        )
    assert first.counts[RootSoort.GEZIN] == {Uitkomst.GEANONIMISEERD: 1}


def test_the_minutes_of_an_mdo_go_with_the_last_family_on_its_agenda(
    personas, dossier, frozen_clock
):
    mdo = Mdo.objects.get(agendapunten__traject=dossier.traject)
    # A second family discussed in the same meeting, closed a year later.
    later = complete_dossier(personas, sentinel="Zeppelinvis")
    Mdo.objects.filter(pk=mdo.pk).update(status="gepland", max_agendapunten=8)
    ms.agendapunt_add(
        mdo=mdo,
        traject=Traject.objects.get(pk=_reopen(later.traject).pk),
        by=personas.coordinator,
        vraag="Zeppelinvis",
        disciplines=["logopedist"],
        minuten=30,
    )
    Mdo.objects.filter(pk=mdo.pk).update(status="gehouden")
    _close_again(later.traject, personas)
    Traject.objects.filter(pk=later.traject.pk).update(
        closed_at=F("closed_at") + timedelta(days=400)
    )
    frozen_clock(years_later())
    batch_run(dry_run=False)
    mdo.refresh_from_db()
    assert SENTINEL in mdo.notulen  # the other family is still kept: so is the meeting's record
    frozen_clock(years_later(22))
    batch_run(dry_run=False)
    mdo.refresh_from_db()
    assert mdo.notulen == ""
    assert not registry.history_models(Mdo)[0].objects.filter(pgh_obj_id=mdo.pk).exists()


def _reopen(traject: Traject) -> Traject:
    Traject.objects.filter(pk=traject.pk).update(fase="uitvoering", closed_at=None)
    return traject


def _close_again(traject: Traject, personas) -> None:  # noqa: ANN001
    traject.refresh_from_db()
    cm.traject_close(
        traject=traject,
        by=personas.casemanager,
        reden="doelen_bereikt",
        doelen_behaald="ja",
        toelichting="",
    )


def test_a_duplicate_registration_goes_with_the_family_it_was_merged_into(
    personas, dossier, frozen_clock
):
    from aanmelding.services import aanmelding_mark_duplicate

    duplicate = AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name=f"{SENTINEL}dubbel",
        received_at=dossier.aanmelding.received_at + timedelta(days=1),
    )
    aanmelding_mark_duplicate(
        aanmelding=duplicate, original=dossier.aanmelding, by=personas.coordinator
    )
    frozen_clock(years_later())
    batch = batch_run(dry_run=False)
    assert Aanmelding.objects.get(pk=duplicate.pk).anonymised_at is not None
    assert batch.counts[RootSoort.AANMELDING] == {}  # not a root of its own
    assert tables_containing(SENTINEL) == {}


def test_a_duplicate_marked_after_its_original_was_anonymised_goes_on_its_own_term(
    personas, frozen_clock
):
    from aanmelding.services import aanmelding_mark_duplicate
    from tests.bewaring.conftest import closed_aanmelding

    original = closed_aanmelding(personas)
    frozen_clock(years_later(2))
    batch_run(dry_run=False)
    duplicate = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name=f"{SENTINEL}laat")
    aanmelding_mark_duplicate(aanmelding=duplicate, original=original, by=personas.coordinator)
    frozen_clock(years_later(4))
    batch = batch_run(dry_run=False)
    assert Aanmelding.objects.get(pk=duplicate.pk).anonymised_at is not None
    assert batch.counts[RootSoort.AANMELDING] == {Uitkomst.GEANONIMISEERD: 1}


def test_the_step_itself_refuses_a_root_that_is_anonymised_already(personas, dossier, frozen_clock):
    from bewaring.constants import BatchSoort, Regel
    from bewaring.models import Bewaarbatch
    from bewaring.services import root_anonymise

    moment = frozen_clock(years_later())
    batch_run(dry_run=False)
    again = Bewaarbatch.objects.create(soort=BatchSoort.HANDMATIG, started_at=moment)
    result = root_anonymise(
        root=Root.of(dossier.gezin), batch=again, regel=Regel.VERZOEK, now=moment
    )
    assert result is None
    assert AccessLogEntry.objects.filter(action=ACCESS_ACTION_ANONYMISE).count() == 1


def test_a_duplicate_of_a_registration_without_traject_goes_with_it(personas, frozen_clock):
    from aanmelding.services import aanmelding_mark_duplicate
    from tests.bewaring.conftest import closed_aanmelding

    original = closed_aanmelding(personas)
    duplicate = AanmeldingFactory(gemeente=personas.gemeente, kind_first_name=f"{SENTINEL}twee")
    aanmelding_mark_duplicate(aanmelding=duplicate, original=original, by=personas.coordinator)
    frozen_clock(years_later(2))
    batch = batch_run(dry_run=False)
    assert Aanmelding.objects.get(pk=duplicate.pk).anonymised_at is not None
    assert batch.counts[RootSoort.AANMELDING] == {Uitkomst.GEANONIMISEERD: 1}
    assert tables_containing(SENTINEL) == {}


def test_a_mail_to_an_address_the_family_no_longer_has_is_found_by_its_ids(
    personas, dossier, frozen_clock
):
    from aanmelding.outbox import CONFIRMATION

    # Written before the history existed: the address is nowhere else.
    old = OutboxMessage.objects.create(
        key=f"{CONFIRMATION}:{dossier.aanmelding.pk}:oud",
        kind=CONFIRMATION,
        recipient="ooit.gebruikt@example.org",
        context={"aanmelding_id": dossier.aanmelding.pk, "rol": "ouder"},
    )
    frozen_clock(years_later())
    batch_run(dry_run=False)
    old.refresh_from_db()
    assert old.recipient == ""
