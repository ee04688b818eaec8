"""Demo: the deadlines of the demo families, one of them held (the parents asked to wait), and
one scan, so every kind of signal is there to see after `make run`. Idempotent."""

from __future__ import annotations

from casemanagement.models import Traject
from ivh.termijnen.constants import Onderwerp, PauzeReden, Regel
from ivh.termijnen.models import Pauze, Termijn
from ivh.termijnen.services import termijn_pause
from ivh.termijnen.sync import termijnen_sync as sync

from .scan import scan


def seed() -> list[str]:
    sync()
    if not Pauze.objects.exists():
        termijn = (
            Termijn.objects.open()
            .filter(subject_kind=Onderwerp.TRAJECT, regel=Regel.PLAN, due_at__isnull=False)
            .order_by("pk")
            .first()
        )
        traject = Traject.objects.filter(pk=termijn.subject_id).first() if termijn else None
        if termijn is not None and traject is not None and traject.casemanager is not None:
            termijn_pause(
                termijn=termijn,
                reden=PauzeReden.OUDERS,
                toelichting="De ouders willen eerst de zomervakantie afwachten.",
                by=traject.casemanager,
            )
    result = scan()
    return [
        f"Termijnen: {Termijn.objects.open().count()} lopend, "
        f"{Pauze.objects.filter(ended_at__isnull=True).count()} stilgezet; "
        f"signalen: {sum(result.raised.values())} nieuw"
    ]
