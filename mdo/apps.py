from django.apps import AppConfig


class MdoConfig(AppConfig):
    name = "mdo"

    def ready(self) -> None:
        # Casemanagement may not import mdo; mdo puts its entries on the traject's timeline.
        from . import timeline

        timeline.register()
