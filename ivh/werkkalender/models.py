"""The working calendar, stored: one row per day (weekend, Dutch public holiday) and the closure
days a region enters itself. Python (`calendar.WorkCalendar`) and SQL (`ivh_workdays_between`)
count working days from the same facts, so a deadline and a monitor figure agree."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Dag(models.Model):
    """One calendar day, nationally. Filled for past and coming years by a periodic job."""

    day = models.DateField(_("dag"), primary_key=True)
    workday = models.BooleanField(_("werkdag"))
    holiday = models.CharField(_("feestdag"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("kalenderdag")
        verbose_name_plural = _("kalenderdagen")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class Sluitingsdag(models.Model):
    """A day the region's aanmeldpunt is closed (e.g. a bridge day): no working day there."""

    region = models.ForeignKey(
        "netwerk.Region", on_delete=models.CASCADE, related_name="sluitingsdagen"
    )
    day = models.DateField(_("dag"))
    reason = models.CharField(_("reden"), max_length=120)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")
        ordering = ["region", "day"]
        constraints = [
            models.UniqueConstraint(fields=["region", "day"], name="sluitingsdag_once_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.day:%Y-%m-%d} ({self.reason})"
