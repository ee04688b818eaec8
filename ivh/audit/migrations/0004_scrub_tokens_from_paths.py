"""Remove the personal-link tokens that older entries stored in their `path`.

Until this release the access log stored the full path, so a parent's link (`/ouder/<token>/`)
and an MDO invitation's answer link (`/mdo/antwoord/<token>/`) sat in the log in full: whoever
read the log (admin, backups) could act as that parent. New entries store the path with every
secret URL argument replaced (`ivh.audit.services.safe_path`); this migration does the same for
the rows written before.

The table is append-only: the trigger `accesslog_append_only` refuses every UPDATE and DELETE,
and the application's own database role has no UPDATE privilege here at all. This migration is
the one deliberate exception. It runs as the owner of the table (migrations do, see
docs/security-database.md) and, inside the migration's single transaction:

1. disables that one trigger on this table (ALTER TABLE takes a lock that makes other sessions
   wait, and the change is invisible to them: no other write can slip through unprotected);
2. rewrites only the token part of the paths that hold one, and nothing else;
3. enables the trigger again.

If any step fails, the transaction rolls back and the trigger was never off. The reverse is a
no-op: a removed token cannot, and must not, come back.
"""

from django.db import migrations

TRIGGER = "pgtrigger_accesslog_append_only_48027"  # pgid of AccessLogEntry's Protect trigger
TOKEN_IN_PATH = r"/(ouder|mdo/antwoord)/[^/?#]+"
MASKED = r"/\1/<token>"

SCRUB = f"""
ALTER TABLE audit_accesslogentry DISABLE TRIGGER {TRIGGER};

UPDATE audit_accesslogentry
   SET path = regexp_replace(path, '{TOKEN_IN_PATH}', '{MASKED}', 'g')
 WHERE path ~ '{TOKEN_IN_PATH}'
   AND path <> regexp_replace(path, '{TOKEN_IN_PATH}', '{MASKED}', 'g');

ALTER TABLE audit_accesslogentry ENABLE TRIGGER {TRIGGER};
"""


class Migration(migrations.Migration):
    atomic = True  # the three statements stand or fall together (see above)

    dependencies = [
        ("audit", "0003_list_and_search_entries"),
    ]

    operations = [
        migrations.RunSQL(SCRUB, reverse_sql=migrations.RunSQL.noop, elidable=False),
    ]
