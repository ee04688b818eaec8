from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION ivh_workdays_between(start_day date, end_day date, region integer)
RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT count(*)::integer
    FROM werkkalender_dag d
    WHERE d.day > start_day AND d.day <= end_day AND d.workday
      AND NOT EXISTS (
          SELECT 1 FROM werkkalender_sluitingsdag s WHERE s.region_id = region AND s.day = d.day
      )
$$;
"""


def fill(apps, schema_editor):
    # The job that keeps it filled uses the same function; here once, so a fresh database has
    # its calendar before the first beat.
    from ivh.werkkalender.services import calendar_extend

    calendar_extend()


class Migration(migrations.Migration):
    dependencies = [("werkkalender", "0001_calendar")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS ivh_workdays_between(date, date, integer);"),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
