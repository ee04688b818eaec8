"""Demo trajecten in every phase, with contacts, plans, referrals and a closure. Fictional;
built through the services, so facts and history are as in real use. Idempotent: a traject that
already has contacts is left as it is."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from aanmelding.constants import OPEN_STATUSES
from aanmelding.demo import NAMESPACE
from aanmelding.models import Aanmelding
from ivh.accounts.models import User
from ivh.netwerk.models import Organisatie

from . import services
from .constants import Fase
from .models import Tevredenheid, Traject, Verwijzing


def traject_for_demo(key: str) -> Traject | None:
    aanmelding = Aanmelding.objects.filter(submission_token=uuid.uuid5(NAMESPACE, key)).first()
    return getattr(aanmelding, "traject", None) if aanmelding else None


def _org(name: str) -> Organisatie:
    return Organisatie.objects.get(name=name)


# The demo registrations (aanmelding's demo) that become a traject, and their casemanager.
TRAJECT_KEYS = {
    "traject-1": "casemanager1@demo.ivh.nl",
    "traject-2": "casemanager2@demo.ivh.nl",
    "traject-3": "casemanager1@demo.ivh.nl",
    "traject-4": "casemanager2@demo.ivh.nl",
    "traject-5": "casemanager1@demo.ivh.nl",
    "traject-6": "casemanager1@demo.ivh.nl",
}


def _start_trajecten() -> int:
    """The intake outcome "traject" for the demo registrations that wait for it: decided by
    the coordinator three days after the first contact (never in the future)."""
    coordinator = User.objects.get(email="coordinator@demo.ivh.nl")
    started = 0
    for key, email in TRAJECT_KEYS.items():
        aanmelding = Aanmelding.objects.filter(
            submission_token=uuid.uuid5(NAMESPACE, key),
            status__in=OPEN_STATUSES,
            first_contact_at__isnull=False,
            traject__isnull=True,
        ).first()
        if aanmelding is None or aanmelding.first_contact_at is None:
            continue
        services.traject_start_from_aanmelding(
            aanmelding=aanmelding,
            by=coordinator,
            casemanager=User.objects.get(email=email),
            at=min(timezone.now(), aanmelding.first_contact_at + timedelta(days=3)),
        )
        started += 1
    return started


def seed() -> list[str]:
    _start_trajecten()
    today = timezone.localdate()
    done = 0
    # Per traject: the family's question, goals (domain, text), actions (what, who,
    # organisation, days after the start, status).
    plans: dict[
        str, tuple[str, list[tuple[str, str]], list[tuple[str, str, str | None, int, str]]]
    ] = {
        "traject-1": (
            "Wij willen dat Adam beter contact maakt en dat wij hem beter begrijpen.",
            [
                ("sociaal_emotioneel", "Adam speelt 10 minuten samen met een ander kind"),
                ("spraak_taal", "Adam gebruikt 30 woorden"),
            ],
            [
                (
                    "Onderzoek bij de kinderarts",
                    "organisatie",
                    "Ziekenhuis Haaglanden, kindergeneeskunde (demo)",
                    21,
                    "bezig",
                ),
                ("Dagelijks samen voorlezen", "ouders", None, 60, "bezig"),
            ],
        ),
        "traject-3": (
            "Yusuf moet meer praten en met andere kinderen spelen.",
            [("spraak_taal", "Yusuf maakt zinnen van drie woorden")],
            [
                ("Logopedie", "organisatie", "Logopediepraktijk Het Praatje (demo)", 30, "open"),
                (
                    "Behandelgroep peuters",
                    "organisatie",
                    "Kinderdienstencentrum De Vlinder (demo)",
                    45,
                    "open",
                ),
            ],
        ),
        "traject-4": (
            "Lotte moet genoeg eten en groeien.",
            [
                ("slapen_eten", "Lotte eet drie maaltijden per dag"),
                ("medisch", "Gewicht stijgt volgens de lijn"),
            ],
            [
                (
                    "Eetteam ziekenhuis",
                    "organisatie",
                    "Ziekenhuis Haaglanden, kindergeneeskunde (demo)",
                    14,
                    "klaar",
                )
            ],
        ),
        "traject-5": (
            "Rust in huis en op school voor Jayden.",
            [("gedrag", "Jayden kan 15 minuten aan een taak werken")],
            [("Ouder-kindbehandeling", "organisatie", "GGZ Jeugd Haaglanden (demo)", 90, "klaar")],
        ),
    }
    for key in TRAJECT_KEYS:
        traject = traject_for_demo(key)
        if traject is None or traject.contacten.exists():
            continue
        cm = traject.casemanager
        if cm is None:
            raise ValueError(f"Demo traject {key} has no casemanager.")
        start = timezone.localdate(traject.casemanager_assigned_at)
        services.contact_log(
            traject=traject,
            by=cm,
            datum=min(today, start + timedelta(days=3)),
            soort="huisbezoek",
            minuten=90,
            notitie="Kennismaking thuis met beide ouders.",
        )
        services.contact_log(
            traject=traject,
            by=cm,
            datum=min(today, start + timedelta(days=10)),
            soort="overleg_partner",
            minuten=20,
            notitie="Overleg met het consultatiebureau.",
        )
        if key == "traject-6":
            services.traject_set_fase(traject=traject, by=cm, fase=Fase.MDO)
        if key in plans:
            vraag, doelen, acties = plans[key]
            versie = services.plan_save_version(
                traject=traject,
                by=cm,
                gezinsvraag=vraag,
                doelen=[{"domein": d, "omschrijving": o} for d, o in doelen],
                acties=[
                    {
                        "wat": wat,
                        "wie": wie,
                        "organisatie_id": _org(org).pk if org else None,
                        "organisatie_naam": org or "",
                        "wanneer": (start + timedelta(days=days)).isoformat(),
                        "status": status,
                    }
                    for wat, wie, org, days, status in acties
                ],
                evaluatie_datum=start + timedelta(days=182),
                wijziging="Eerste plan",
            )
            traject = Traject.objects.get(pk=traject.pk)
            services.traject_set_fase(traject=traject, by=cm, fase=Fase.PLAN)
            if key != "traject-1":
                services.plan_record_agreement(
                    versie=versie,
                    traject=traject,
                    by=cm,
                    wijze="gesprek",
                    at=timezone.make_aware(
                        datetime.combine(
                            min(today, start + timedelta(days=20)),
                            datetime.min.time().replace(hour=11),
                        )
                    ),
                )
                traject = Traject.objects.get(pk=traject.pk)
                services.traject_set_fase(traject=traject, by=cm, fase=Fase.UITVOERING)
        traject = Traject.objects.get(pk=traject.pk)
        if key == "traject-3":
            # Still waiting, well past the norm of 8 weeks.
            services.verwijzing_create(
                traject=traject,
                by=cm,
                organisatie=_org("Kinderdienstencentrum De Vlinder (demo)"),
                dienst=None,
                referred_at=today - timedelta(weeks=11),
                toelichting="Behandelgroep",
            )
            v = services.verwijzing_create(
                traject=traject,
                by=cm,
                organisatie=_org("Logopediepraktijk Het Praatje (demo)"),
                dienst=None,
                referred_at=today - timedelta(weeks=12),
                toelichting="",
            )
            services.verwijzing_update_dates(
                verwijzing=v, by=cm, started_at=today - timedelta(weeks=7), ended_at=None
            )
        if key == "traject-4":
            services.traject_set_fase(traject=traject, by=cm, fase=Fase.EVALUATIE)
        if key == "traject-5":
            v = services.verwijzing_create(
                traject=traject,
                by=cm,
                organisatie=_org("GGZ Jeugd Haaglanden (demo)"),
                dienst=None,
                referred_at=today - timedelta(weeks=26),
                toelichting="",
            )
            services.verwijzing_update_dates(
                verwijzing=v,
                by=cm,
                started_at=today - timedelta(weeks=20),
                ended_at=today - timedelta(weeks=2),
            )
            services.traject_close(
                traject=traject,
                by=cm,
                reden="doelen_bereikt",
                doelen_behaald="ja",
                toelichting="Gaat goed op school.",
            )
            Tevredenheid.objects.filter(traject=traject).update(
                invited_at=timezone.now(),
                score=8,
                opmerking="Fijn dat er één persoon was die alles regelde.",
                answered_at=timezone.now(),
            )
        done += 1
    return [
        f"Trajecten: {Traject.objects.count()} ({done} filled), verwijzingen: {Verwijzing.objects.count()}"
    ]
