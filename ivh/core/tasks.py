from celery import shared_task
from django.core.management import call_command


@shared_task(name="ivh.core.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Remove expired sessions from the database (sessions live in Postgres)."""
    call_command("clearsessions")
