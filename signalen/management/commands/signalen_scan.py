from typing import Any

from django.core.management.base import BaseCommand

from signalen.scan import scan


class Command(BaseCommand):
    help = "Eén scan van de termijnen: wat is gesignaleerd, opgelost en verstuurd."

    def handle(self, *args: Any, **options: Any) -> None:
        result = scan()
        for line in result.lines():
            self.stdout.write(line)
