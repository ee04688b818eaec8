from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BewaringConfig(AppConfig):
    name = "bewaring"
    verbose_name = _("Bewaartermijnen")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 (registers the system check)
            export,
        )

        # The family's erasure requests in its AVG export (casemanagement may not import us).
        export.register()
