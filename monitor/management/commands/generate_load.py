"""`python manage.py generate_load --children 130000`: the national synthetic data set
(docs/loadgen.md). Refuses production settings and databases that hold other data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from monitor.loadgen import Progress, generate
from monitor.loadgen.guard import Refused, check_settings


class Command(BaseCommand):
    help = (
        "Fill the database with a reproducible synthetic data set at national scale (25 "
        "regions, the 342 gemeenten of 2024, N children over ten years). Never in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=130_000, help="children (130,000)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data (1)")
        parser.add_argument(
            "--regions", type=int, default=25, help="the first N of the 25 regions (25)"
        )
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=None,
            help="last day with facts, YYYY-MM-DD (yesterday); fixes the data set in time",
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="skip the pghistory insert events of the generated rows (faster)",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add the data set beside registrations that were not generated (demo data)",
        )
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="run although DEBUG is off (test or benchmark settings)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["children"] < 0:
            raise CommandError("--children must be 0 or more.")
        try:
            check_settings(not_production_flag=options["not_production"])
            result = generate(
                children=options["children"],
                regions=options["regions"],
                seed=options["seed"],
                until=options["until"],
                history=not options["no_history"],
                append=options["append"],
                progress=Progress(lambda line: self.stderr.write(line, style_func=_plain)),
            )
        except (Refused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Stand op {result.as_of:%Y-%m-%d %H:%M}")
        for name, seconds in result.phases:
            self.stdout.write(f"{name:<24}{seconds:8.1f} s")
        self.stdout.write(f"{'totaal':<24}{result.seconds:8.1f} s")
        total = 0
        for table, rows in result.counts.items():
            if rows:
                self.stdout.write(f"{table:<36}{rows:>12,}")
                total += rows
        self.stdout.write(f"{'rijen':<36}{total:>12,}")
        self.stdout.write(self.style.SUCCESS("Dataset is klaar."))


def _plain(text: str) -> str:
    """Progress lines as they are (stderr would colour them as errors)."""
    return text
