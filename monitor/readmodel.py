"""Refresh the read model (`monitor.models`) from the dossier tables, in SQL.

Two ways, one set of statements:
- `refresh_full()` (nightly) upserts every fact and deletes the facts whose source is gone or no
  longer counts;
- `refresh_increment(since)` (every quarter of an hour) upserts only what can have changed since
  the last refresh: what is still open, and what was received, closed, stopped, held or answered
  since then (with an hour of margin).
Readers are never blocked: rows are upserted (`ON CONFLICT … DO UPDATE`), not truncated.

Days are days in the Netherlands (`AT TIME ZONE`); waits count as `ivh.termijnen.services.
termijn_waits` does (gross: days from start to stop; net: minus the paused days), and in working
days of the region's calendar (`ivh_workdays_between`, the stored calendar).

Facts of an anonymised registration or family are frozen (docs/retention.md): the retention step
writes them with `refresh_subjects` just before it anonymises, and from then on no refresh
changes or deletes them (every statement skips rows whose root has `anonymised_at`), so the
reduced birth date or a blanked field can never move a figure.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Verversing

# --- the facts ---------------------------------------------------------------------------

_AANMELDING = """
INSERT INTO monitor_aanmeldingfeit AS f
    (aanmelding_id, region_id, gemeente_id, received_on, kanaal, verwijzer_soort, domeinen,
     leeftijd, bereikt, uitkomst)
SELECT a.id, a.region_id, a.gemeente_id, (a.received_at AT TIME ZONE %(tz)s)::date,
       a.kanaal, a.verwijzer_soort, a.zorg_domeinen,
       LEAST(7, GREATEST(0, date_part('year',
           age((a.received_at AT TIME ZONE %(tz)s)::date, a.kind_geboortedatum))))::int,
       a.first_contact_at IS NOT NULL, a.status
FROM aanmelding_aanmelding a
WHERE a.region_id IS NOT NULL AND a.status <> 'dubbel' AND a.anonymised_at IS NULL {where}
ON CONFLICT (aanmelding_id) DO UPDATE SET
    region_id = EXCLUDED.region_id, gemeente_id = EXCLUDED.gemeente_id,
    received_on = EXCLUDED.received_on, kanaal = EXCLUDED.kanaal,
    verwijzer_soort = EXCLUDED.verwijzer_soort, domeinen = EXCLUDED.domeinen,
    leeftijd = EXCLUDED.leeftijd, bereikt = EXCLUDED.bereikt, uitkomst = EXCLUDED.uitkomst
"""
_AANMELDING_CHANGED = """
    AND (a.closed_at IS NULL OR a.closed_at >= %(since)s OR a.received_at >= %(since)s)
"""

_WACHT = """
INSERT INTO monitor_wachtfeit AS f
    (termijn_id, regel, region_id, gemeente_id, organisatie_id, started_on, stopped_on,
     gross_days, net_days, gross_workdays, net_workdays, paused, within_norm)
SELECT w.id, w.regel, w.region_id, w.gemeente_id, w.organisatie_id, w.start_day, w.stop_day,
       GREATEST(w.end_day - w.start_day, 0),
       GREATEST(w.end_day - w.start_day, 0) - w.paused_days,
       ivh_workdays_between(w.start_day, w.end_day, w.region_id::int),
       ivh_workdays_between(w.start_day, w.end_day, w.region_id::int) - w.paused_workdays,
       w.paused_days > 0 OR w.pause_open,
       CASE WHEN w.stopped_at IS NOT NULL THEN w.stopped_at <= w.due_at
            WHEN w.due_at IS NOT NULL AND w.due_at < %(now)s THEN false
            ELSE NULL END
FROM (
    SELECT t.id, t.regel, t.region_id, t.stopped_at, t.due_at,
           COALESCE(a.gemeente_id, tr.gemeente_id) AS gemeente_id,
           v.organisatie_id,
           (t.started_at AT TIME ZONE %(tz)s)::date AS start_day,
           (t.stopped_at AT TIME ZONE %(tz)s)::date AS stop_day,
           (COALESCE(t.stopped_at, %(now)s) AT TIME ZONE %(tz)s)::date AS end_day,
           COALESCE(p.days, 0) AS paused_days,
           COALESCE(p.workdays, 0) AS paused_workdays,
           COALESCE(p.open, false) AS pause_open
    FROM termijnen_termijn t
    LEFT JOIN aanmelding_aanmelding a
           ON t.subject_kind = 'aanmelding' AND a.id = t.subject_id
    LEFT JOIN casemanagement_verwijzing v
           ON t.subject_kind = 'verwijzing' AND v.id = t.subject_id
    LEFT JOIN casemanagement_traject tr
           ON tr.id = CASE WHEN t.subject_kind = 'traject' THEN t.subject_id
                           WHEN t.subject_kind = 'verwijzing' THEN v.traject_id END
    LEFT JOIN casemanagement_gezin g ON g.id = tr.gezin_id
    LEFT JOIN LATERAL (
        SELECT sum(GREATEST(LEAST(pe.end_day, pe.stop_day) - pe.start_day, 0)) AS days,
               sum(ivh_workdays_between(pe.start_day, GREATEST(pe.start_day,
                   LEAST(pe.end_day, pe.stop_day)), t.region_id::int)) AS workdays,
               bool_or(pe.end_day IS NULL) AS open
        FROM (
            SELECT (pz.started_at AT TIME ZONE %(tz)s)::date AS start_day,
                   (COALESCE(pz.ended_at, COALESCE(t.stopped_at, %(now)s))
                        AT TIME ZONE %(tz)s)::date AS end_day,
                   (COALESCE(t.stopped_at, %(now)s) AT TIME ZONE %(tz)s)::date AS stop_day
            FROM termijnen_pauze pz WHERE pz.termijn_id = t.id
        ) pe
    ) p ON true
    WHERE (t.subject_kind <> 'aanmelding' OR a.status <> 'dubbel')
      AND a.anonymised_at IS NULL AND g.anonymised_at IS NULL {where}
) w
ON CONFLICT (termijn_id) DO UPDATE SET
    regel = EXCLUDED.regel, region_id = EXCLUDED.region_id,
    gemeente_id = EXCLUDED.gemeente_id, organisatie_id = EXCLUDED.organisatie_id,
    started_on = EXCLUDED.started_on, stopped_on = EXCLUDED.stopped_on,
    gross_days = EXCLUDED.gross_days, net_days = EXCLUDED.net_days,
    gross_workdays = EXCLUDED.gross_workdays, net_workdays = EXCLUDED.net_workdays,
    paused = EXCLUDED.paused, within_norm = EXCLUDED.within_norm
"""
_WACHT_CHANGED = "AND (t.stopped_at IS NULL OR t.stopped_at >= %(since)s)"

_TRAJECT = """
INSERT INTO monitor_trajectfeit AS f
    (traject_id, region_id, gemeente_id, received_on, mdo_on, ouders_bij_mdo, plan_agreed_on,
     closed_on, afsluitreden, doelen_behaald, tevredenheid_on, tevredenheid_score)
SELECT tr.id, tr.region_id, tr.gemeente_id, (tr.received_at AT TIME ZONE %(tz)s)::date,
       (tr.first_mdo_held_at AT TIME ZONE %(tz)s)::date,
       (SELECT bool_or(ap.ouders_aanwezig) FROM mdo_agendapunt ap
          JOIN mdo_mdo m ON m.id = ap.mdo_id
         WHERE ap.traject_id = tr.id AND m.status = 'gehouden'),
       (tr.plan_agreed_at AT TIME ZONE %(tz)s)::date,
       (tr.closed_at AT TIME ZONE %(tz)s)::date,
       tr.afsluitreden, tr.doelen_behaald,
       (s.answered_at AT TIME ZONE %(tz)s)::date, s.score
FROM casemanagement_traject tr
JOIN casemanagement_gezin g ON g.id = tr.gezin_id
LEFT JOIN casemanagement_tevredenheid s ON s.traject_id = tr.id AND s.answered_at IS NOT NULL
WHERE g.anonymised_at IS NULL {where}
ON CONFLICT (traject_id) DO UPDATE SET
    region_id = EXCLUDED.region_id, gemeente_id = EXCLUDED.gemeente_id,
    received_on = EXCLUDED.received_on, mdo_on = EXCLUDED.mdo_on,
    ouders_bij_mdo = EXCLUDED.ouders_bij_mdo, plan_agreed_on = EXCLUDED.plan_agreed_on,
    closed_on = EXCLUDED.closed_on, afsluitreden = EXCLUDED.afsluitreden,
    doelen_behaald = EXCLUDED.doelen_behaald, tevredenheid_on = EXCLUDED.tevredenheid_on,
    tevredenheid_score = EXCLUDED.tevredenheid_score
"""
_TRAJECT_CHANGED = """
    AND (tr.closed_at IS NULL OR tr.closed_at >= %(since)s OR s.answered_at >= %(since)s)
"""

_MDO = """
INSERT INTO monitor_mdofeit AS f (mdo_id, region_id, held_on, gezinnen)
SELECT m.id, m.region_id, (COALESCE(m.held_at, m.starts_at) AT TIME ZONE %(tz)s)::date,
       (SELECT count(*) FROM mdo_agendapunt ap WHERE ap.mdo_id = m.id)
FROM mdo_mdo m
WHERE m.status = 'gehouden' {where}
ON CONFLICT (mdo_id) DO UPDATE SET
    region_id = EXCLUDED.region_id, held_on = EXCLUDED.held_on, gezinnen = EXCLUDED.gezinnen
"""
# An MDO is recorded after it took place, sometimes days later: a window, not a timestamp.
_MDO_CHANGED = "AND m.starts_at >= %(since)s - interval '60 days'"

# Facts whose source is gone, or no longer counts (a registration marked as duplicate, an MDO
# no longer held): only the full rebuild removes them. The fact of an anonymised registration
# stays as it was written (frozen).
_STALE = [
    """DELETE FROM monitor_aanmeldingfeit f WHERE NOT EXISTS (
        SELECT 1 FROM aanmelding_aanmelding a
        WHERE a.id = f.aanmelding_id
          AND (a.anonymised_at IS NOT NULL
               OR (a.region_id IS NOT NULL AND a.status <> 'dubbel')))""",
    """DELETE FROM monitor_wachtfeit f WHERE NOT EXISTS (
        SELECT 1 FROM termijnen_termijn t WHERE t.id = f.termijn_id)""",
    """DELETE FROM monitor_trajectfeit f WHERE NOT EXISTS (
        SELECT 1 FROM casemanagement_traject tr WHERE tr.id = f.traject_id)""",
    """DELETE FROM monitor_mdofeit f WHERE NOT EXISTS (
        SELECT 1 FROM mdo_mdo m WHERE m.id = f.mdo_id AND m.status = 'gehouden')""",
]

_FACTS = {
    "aanmeldingen": (_AANMELDING, _AANMELDING_CHANGED),
    "wachttijden": (_WACHT, _WACHT_CHANGED),
    "trajecten": (_TRAJECT, _TRAJECT_CHANGED),
    "mdos": (_MDO, _MDO_CHANGED),
}
MARGIN = timedelta(hours=1)


# One refresh at a time (the nightly rebuild and an increment may meet): the second waits.
_LOCK = 7_342_001


def _run(since: datetime | None) -> dict[str, int]:
    now = timezone.now()
    params: dict[str, Any] = {"tz": settings.TIME_ZONE, "now": now, "since": since}
    rows: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        for name, (statement, changed) in _FACTS.items():
            cursor.execute(statement.format(where=changed if since else ""), params)
            rows[name] = cursor.rowcount
        if since is None:
            removed = 0
            for statement in _STALE:
                cursor.execute(statement)
                removed += cursor.rowcount
            rows["verwijderd"] = removed
    return rows


# The record of refreshes is kept for a month (one every quarter hour adds up).
KEEP_REFRESHES = timedelta(days=31)


@transaction.atomic
def refresh_full() -> Verversing:
    Verversing.objects.filter(started_at__lt=timezone.now() - KEEP_REFRESHES).delete()
    verversing = Verversing.objects.create(soort=Verversing.Soort.VOLLEDIG)
    verversing.rows = _run(None)
    verversing.finished_at = timezone.now()
    verversing.save(update_fields=["rows", "finished_at"])
    return verversing


@transaction.atomic
def refresh_increment() -> Verversing:
    """What can have changed since the last refresh that finished (a full one when none did)."""
    last = Verversing.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    if last is None:
        return refresh_full()
    verversing = Verversing.objects.create(soort=Verversing.Soort.BIJWERKEN)
    verversing.rows = _run(last.started_at - MARGIN)
    verversing.finished_at = timezone.now()
    verversing.save(update_fields=["rows", "finished_at"])
    return verversing


# The facts of one dossier root, by id (`refresh_subjects`).
_SUBJECTS = {
    "aanmeldingen": "AND a.id = ANY(%(aanmelding_ids)s)",
    "wachttijden": "AND t.id = ANY(%(termijn_ids)s)",
    "trajecten": "AND tr.id = ANY(%(traject_ids)s)",
}


@transaction.atomic
def refresh_subjects(
    *, aanmelding_ids: list[int], traject_ids: list[int], termijn_ids: list[int]
) -> dict[str, int]:
    """Write the facts of these registrations, trajecten and deadlines now, with the same
    statements as every refresh. The retention step calls it in its own transaction just before
    it anonymises a root; the anonymisation then freezes them (see the module docstring)."""
    params: dict[str, Any] = {
        "tz": settings.TIME_ZONE,
        "now": timezone.now(),
        "since": None,
        "aanmelding_ids": list(aanmelding_ids),
        "traject_ids": list(traject_ids),
        "termijn_ids": list(termijn_ids),
    }
    rows: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        for name, where in _SUBJECTS.items():
            statement, _changed = _FACTS[name]
            cursor.execute(statement.format(where=where), params)
            rows[name] = cursor.rowcount
    return rows


def last_refreshed() -> datetime | None:
    return (
        Verversing.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
