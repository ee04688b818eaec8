"""Run the retention step by hand: `manage.py bewaring --dry-run` shows what the daily job
would do today, without changing anything (the batch and its certificate are recorded)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ivh.accounts.models import User

from ...constants import BatchSoort, RootSoort, Uitkomst
from ...services import batch_run


class Command(BaseCommand):
    help = (
        "Anonimiseer de dossiers waarvan de bewaartermijn voorbij is en verwijder oude regels "
        "van het toegangslog. Met --dry-run: alleen tellen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Niets veranderen; alleen tellen."
        )
        parser.add_argument(
            "--door", help="E-mailadres van wie de run start (komt op het certificaat)."
        )
        parser.add_argument("--max", type=int, help="Hoeveel dossiers ten hoogste.")

    def handle(
        self, *args: Any, dry_run: bool, door: str | None, max: int | None, **options: Any
    ) -> None:
        by = None
        if door:
            by = User.objects.filter(email__iexact=door).first()
            if by is None:
                raise CommandError(f"Geen gebruiker met e-mailadres {door}.")
        batch = batch_run(
            dry_run=dry_run,
            soort=BatchSoort.HANDMATIG,
            by=by,
            limit=max,
            reden="manage.py bewaring",
        )
        self.stdout.write(f"Batch {batch.number}{' (proef)' if dry_run else ''}")
        for soort in RootSoort:
            counts = batch.counts.get(soort.value, {})
            line = (
                ", ".join(f"{Uitkomst(k).label}: {v}" for k, v in sorted(counts.items())) or "niets"
            )
            self.stdout.write(f"  {soort.label}: {line}")
        self.stdout.write(
            f"  toegangslog: {batch.toegangslog_verwijderd} regel(s)"
            f" {'te verwijderen' if dry_run else 'verwijderd'}"
        )
