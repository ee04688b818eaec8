"""Demo MDOs: one held five weeks ago with advice, one coming up with invitations. Built
through the services, so facts, history and consent checks are as in real use. Idempotent: a
region that has MDOs is left as it is."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from casemanagement.demo import traject_for_demo
from ivh.accounts.models import User
from ivh.netwerk.models import Organisatie, Region

from . import services
from .constants import Antwoord
from .models import Mdo
from .planning import next_working_day


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    """`days` from today, moved to the nearest working day away from today (a demo MDO on a
    Saturday or Christmas Day would teach the wrong thing)."""
    day = next_working_day(timezone.localdate() + timedelta(days=days), step=-1 if days < 0 else 1)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def seed() -> list[str]:
    region = Region.objects.get(slug="haaglanden")
    if Mdo.objects.filter(region=region).exists():
        return [f"MDO's: {Mdo.objects.count()} (left as they were)"]
    coordinator = User.objects.get(email="coordinator@demo.ivh.nl")
    kinderarts = User.objects.get(email="expert@demo.ivh.nl")
    logopedist = User.objects.get(email="logopedist@demo.ivh.nl")
    yusuf, lotte, hanna = (
        traject_for_demo("traject-3"),
        traject_for_demo("traject-4"),
        traject_for_demo("traject-6"),
    )

    # Held five weeks ago: planned as usual, then moved to its real date and recorded.
    past = services.mdo_create(
        region=region,
        by=coordinator,
        starts_at=_at(1, 13, 30),
        duur_minuten=90,
        locatie="Kinderdienstencentrum De Vlinder, vergaderzaal",
        video_link="",
        voorzitter=coordinator,
        max_agendapunten=4,
    )
    punten = {}
    for traject, vraag, disciplines in (
        (yusuf, "Is er meer nodig dan logopedie voor Yusuf?", ["logopedist", "orthopedagoog"]),
        (lotte, "Hoe krijgt Lotte genoeg binnen?", ["kinderarts"]),
    ):
        if traject is not None and traject.is_open:
            punten[traject.pk] = services.agendapunt_add(
                mdo=past,
                traject=traject,
                by=coordinator,
                vraag=vraag,
                disciplines=disciplines,
                minuten=30,
            )
    experts = [
        services.deelnemer_invite_expert(mdo=past, expert=expert, by=coordinator)
        for expert in (kinderarts, logopedist)
    ]
    ouders = [
        services.deelnemer_invite_ouders(agendapunt=p, by=coordinator) for p in punten.values()
    ]
    Mdo.objects.filter(pk=past.pk).update(starts_at=_at(-35, 13, 30))
    past.refresh_from_db()
    for deelnemer in [*experts, *ouders, *past.deelnemers.all()]:
        deelnemer.antwoord = Antwoord.KOMT
        deelnemer.save(update_fields=["antwoord"])
    services.mdo_hold(
        mdo=past,
        by=coordinator,
        aanwezig={d.pk for d in past.deelnemers.all()},
        ouders_aanwezig={p.pk for p in list(punten.values())[:1]},
        notulen="Twee gezinnen besproken. Ouders van Yusuf waren erbij.",
    )
    for traject_pk, punt in punten.items():
        services.advies_record(
            agendapunt=punt,
            by=coordinator,
            advies="Logopedie voortzetten; observatie in de peutergroep."
            if traject_pk == getattr(yusuf, "pk", None)
            else "Eetteam van het ziekenhuis inschakelen; wegen elke twee weken.",
            actie_wat="Observatie in de peutergroep"
            if traject_pk == getattr(yusuf, "pk", None)
            else "Gewicht volgen bij het consultatiebureau",
            actie_organisatie=Organisatie.objects.filter(soort="kdc").first(),
            actie_wanneer=timezone.localdate() + timedelta(weeks=4),
        )

    # Coming up in five days: Hanna, who is waiting for her MDO, with her parents invited.
    upcoming = services.mdo_create(
        region=region,
        by=coordinator,
        starts_at=_at(5, 13, 30),
        duur_minuten=120,
        locatie="Kinderdienstencentrum De Vlinder, vergaderzaal",
        video_link="",
        voorzitter=coordinator,
        max_agendapunten=4,
    )
    if hanna is not None and hanna.is_open:
        punt = services.agendapunt_add(
            mdo=upcoming,
            traject=hanna,
            by=coordinator,
            vraag="Waar komt het stijve bewegen van Hanna vandaan, en wat helpt?",
            disciplines=["kinderarts", "fysiotherapeut"],
            minuten=40,
        )
        if hanna.gezin.ouder_email:
            services.deelnemer_invite_ouders(agendapunt=punt, by=coordinator)
    services.deelnemer_invite_expert(mdo=upcoming, expert=kinderarts, by=coordinator)
    return [f"MDO's: {Mdo.objects.count()} (one held with advice, one coming up)"]
