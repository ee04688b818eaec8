"""When the generator refuses to run.

- Under production settings (`IVH_ENVIRONMENT == "production"`), always, whatever the flags.
- Under settings that do not say they are for development, tests or benchmarks (`dev`, `test`,
  `bench`): always, because nothing says the database is not a real one.
- With DEBUG off (the test settings, a benchmark under production-like settings) only with the
  explicit flag `--i-know-this-is-not-production`.
- When the database already holds a generated data set (generated registrations or staff
  accounts): one data set per database; build a fresh database for another.
- When it holds registrations that were not generated (demo data, or real ones): only with
  `--append`, which adds the generated set beside them and leaves them as they are.
"""

from __future__ import annotations

from django.conf import settings

from aanmelding.models import Aanmelding
from ivh.accounts.models import User

from .families import generated_token_range

NON_PRODUCTION = frozenset({"dev", "test", "bench"})
STAFF_DOMAIN = "@loadgen.invalid"


class Refused(Exception):
    """The generator will not run here; the message says why and what would make it run."""


def check_settings(*, not_production_flag: bool) -> None:
    environment = getattr(settings, "IVH_ENVIRONMENT", "")
    if environment == "production":
        raise Refused(
            "generate_load refuses to run under production settings "
            "(IVH_ENVIRONMENT=production): it writes a hundred thousand invented dossiers."
        )
    if environment not in NON_PRODUCTION:
        raise Refused(
            f"generate_load runs only under settings for development, tests or benchmarks "
            f"(IVH_ENVIRONMENT in {sorted(NON_PRODUCTION)}), not under "
            f"{environment or 'unknown'!r}."
        )
    if not settings.DEBUG and not not_production_flag:
        raise Refused(
            "DEBUG is off. If you are sure this is not a production database, pass "
            "--i-know-this-is-not-production."
        )


def generated_data_present() -> bool:
    low, high = generated_token_range()
    return (
        Aanmelding.objects.filter(submission_token__range=(low, high)).exists()
        or User.objects.filter(email__endswith=STAFF_DOMAIN).exists()
    )


def check_database(*, append: bool) -> None:
    if generated_data_present():
        raise Refused(
            "This database already holds a generated data set; make a fresh database "
            "(createdb + migrate) for another one."
        )
    low, high = generated_token_range()
    if not append and Aanmelding.objects.exclude(submission_token__range=(low, high)).exists():
        raise Refused(
            "This database holds registrations that were not generated (demo or real "
            "data); pass --append to add the generated set beside them."
        )
