"""The one way access-log entries are ever deleted: a SECURITY DEFINER function, owned by the
role that migrates (the owner of the table), called by the retention job.

The application's database role may only INSERT and SELECT on the access log
(docs/security-database.md), so it cannot delete entries itself. This function can, but only
entries older than the term it is given, never less than 20 years, and only entries that name no
client whose dossier is still kept (not anonymised): the application cannot use it to erase
recent reads. The append-only trigger is skipped for exactly these deletes (pgtrigger's own
per-transaction switch, set and restored inside the function).
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION bewaring_toegangslog_opschonen(p_jaren integer, p_alleen_tellen boolean)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
    grens timestamptz;
    trigger_naam text;
    vorige text;
    aantal integer;
BEGIN
    IF p_jaren IS NULL OR p_jaren < 20 THEN
        RAISE EXCEPTION 'bewaring_toegangslog_opschonen: de termijn is minstens 20 jaar, niet %', p_jaren;
    END IF;
    grens := now() - make_interval(years => p_jaren);
    IF NOT p_alleen_tellen THEN
        SELECT t.tgname INTO trigger_naam FROM pg_trigger t
        WHERE t.tgrelid = 'public.audit_accesslogentry'::regclass
          AND t.tgname LIKE 'pgtrigger_accesslog_append_only_%';
        vorige := current_setting('pgtrigger.ignore', true);
        PERFORM set_config('pgtrigger.ignore', '{' || coalesce(trigger_naam, '') || '}', true);
    END IF;
    -- Old entries that name no client whose dossier is still kept (the references of the kept
    -- registrations, families and children; hashed once, not searched per entry).
    WITH bewaard AS MATERIALIZED (
        SELECT reference AS ref FROM public.aanmelding_aanmelding WHERE anonymised_at IS NULL
        UNION
        SELECT reference FROM public.casemanagement_gezin WHERE anonymised_at IS NULL
        UNION
        SELECT k.reference FROM public.casemanagement_kind k
        JOIN public.casemanagement_gezin g ON g.id = k.gezin_id WHERE g.anonymised_at IS NULL
    ), weg AS (
        SELECT e.id FROM public.audit_accesslogentry e
        WHERE e.at < grens
          AND e.client_ref NOT IN (SELECT ref FROM bewaard)
          AND NOT EXISTS (
              SELECT 1 FROM unnest(e.client_refs) AS r(ref)
              WHERE r.ref IN (SELECT ref FROM bewaard))
    ), verwijderd AS (
        DELETE FROM public.audit_accesslogentry e
        WHERE NOT p_alleen_tellen AND e.id IN (SELECT id FROM weg)
        RETURNING 1
    )
    SELECT CASE WHEN p_alleen_tellen THEN (SELECT count(*) FROM weg)
                ELSE (SELECT count(*) FROM verwijderd) END INTO aantal;
    IF NOT p_alleen_tellen THEN
        PERFORM set_config('pgtrigger.ignore', coalesce(vorige, ''), true);
    END IF;
    RETURN aantal;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("bewaring", "0001_retention_batches_and_requests"),
        ("audit", "0004_scrub_tokens_from_paths"),
    ]

    operations = [
        migrations.RunSQL(
            FUNCTION,
            reverse_sql="DROP FUNCTION IF EXISTS bewaring_toegangslog_opschonen(integer, boolean);",
        ),
    ]
