"""Working days counted in SQL, over the stored calendar (for figures over many rows)."""

from django.db.models import Func, IntegerField


class WorkdaysBetween(Func):
    """Working days after `start` up to and including `end` in a region (NULL region: nationally)."""

    function = "ivh_workdays_between"
    output_field = IntegerField()

    def __init__(self, start: object, end: object, region: object) -> None:
        super().__init__(start, end, region)
