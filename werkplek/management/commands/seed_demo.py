from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from werkplek import demo


class Command(BaseCommand):
    help = "Fill the database with the demo network and accounts (idempotent; never in production)."

    def handle(self, *args: Any, **options: object) -> None:
        if settings.IVH_ENVIRONMENT == "production":
            raise CommandError("seed_demo refuses to run under production settings.")
        summary = demo.seed()
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
