from django.apps import AppConfig


class MdoConfig(AppConfig):
    name = "mdo"

    def ready(self) -> None:
        # Casemanagement may not import mdo; mdo puts its entries on the traject's timeline.
        from . import export, timeline

        timeline.register()
        # Nor its export: mdo adds the family's MDO records to it.
        export.register()
