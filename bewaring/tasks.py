from celery import shared_task
from django.conf import settings

from .services import batch_run


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=3300,
    time_limit=3600,
    ignore_result=False,
)
def dagelijks(dry_run: bool | None = None) -> dict[str, object]:
    """Daily: anonymise every dossier root whose term has ended (each in its own transaction;
    idempotent: a root is never done twice, an interrupted run is continued by the next) and
    delete the access-log entries past theirs. `IVH_BEWARING_PROEF` makes it a dry run."""
    batch = batch_run(dry_run=settings.IVH_BEWARING_PROEF if dry_run is None else dry_run)
    return {"batch": batch.number, **batch.counts}
