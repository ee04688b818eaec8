"""Running migrations back and forth inside a test (for a data migration's own test): the
test's transaction rolls the schema back afterwards, as Postgres's DDL is transactional."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Target = tuple[str, str]


def migrate_to(targets: list[Target]) -> None:
    """Migrate to `targets` ([(app, migration name)]), as `manage.py migrate` would."""
    # A real migrate runs in its own transaction; here the test's transaction holds the
    # deferred foreign-key checks of the fixtures, which ALTER TABLE would refuse to pass.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest_of(app: str) -> list[Target]:
    """The newest migration of `app`, whatever came after the one under test."""
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == app]
