"""Demo registrations in every state, some past their norm. Fictional names; built through the
same services that the application uses, so every fact timestamp is as in real use."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.utils import timezone

from ivh.accounts.models import User
from ivh.core.werkdagen import is_werkdag
from ivh.netwerk.models import Organisatie, Region

from . import services
from .constants import AndereGezagsdrager, Gezag, Kanaal, ToestemmingDoel
from .models import Aanmelding

NAMESPACE = uuid.UUID("5b0e4f6e-2c5d-4c55-9a43-6f1c0d7a1e01")


def _werkdagen_terug(days: int, hour: int = 10) -> datetime:
    """A moment `days` working days before today, at `hour` o'clock."""
    day = timezone.localdate()
    while days > 0:
        day -= timedelta(days=1)
        if is_werkdag(day):
            days -= 1
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def _born(years: int, months: int) -> date:
    today = timezone.localdate()
    return today - timedelta(days=years * 365 + months * 30)


# key, child, parent, postcode, age, concern, domains, received (working days ago), channel
SEEDS = [
    (
        "nieuw-1",
        "Noor",
        "Fatima el Idrissi",
        "2512 AB",
        (2, 4),
        "Noor zegt nog maar een paar woordjes.",
        ["spraak_taal"],
        1,
        Kanaal.OUDER,
    ),
    (
        "nieuw-laat",
        "Daan",
        "Kees de Boer",
        "2285 XT",
        (4, 1),
        "Daan heeft veel driftbuien op de peuterspeelzaal.",
        ["gedrag", "sociaal_emotioneel"],
        8,
        Kanaal.PROFESSIONAL,
    ),
    (
        "nieuw-bijna",
        "Liam",
        "Sanne Vermeulen",
        "2611 CD",
        (1, 2),
        "Liam kruipt nog niet en is erg slap.",
        ["motoriek", "medisch"],
        4,
        Kanaal.OUDER,
    ),
    (
        "contact",
        "Mila",
        "Ayse Kaya",
        "2523 KL",
        (3, 0),
        "Mila slaapt heel slecht en eet weinig.",
        ["slapen_eten"],
        6,
        Kanaal.OUDER,
    ),
    (
        "advies",
        "Finn",
        "Jeroen Smit",
        "2715 AA",
        (5, 6),
        "Finn is onhandig bij het spelen.",
        ["motoriek"],
        15,
        Kanaal.OUDER,
    ),
    (
        "verwezen",
        "Zoë",
        "Linda Mulder",
        "2681 BB",
        (3, 9),
        "Zoë praat onduidelijk.",
        ["spraak_taal"],
        20,
        Kanaal.PROFESSIONAL,
    ),
    (
        "doorgestuurd",
        "Sem",
        "Thomas Peters",
        "2264 CC",
        (2, 8),
        "Sem is verhuisd naar Goes.",
        ["cognitief"],
        3,
        Kanaal.OUDER,
    ),
    (
        "buiten",
        "Julia",
        "Marieke Bos",
        "2241 DD",
        (6, 10),
        "Julia heeft moeite met lezen op school.",
        ["cognitief"],
        9,
        Kanaal.OUDER,
    ),
    (
        "traject-1",
        "Adam",
        "Youssef Amrani",
        "2525 EE",
        (3, 3),
        "Adam maakt weinig contact en herhaalt veel.",
        ["sociaal_emotioneel", "spraak_taal"],
        30,
        Kanaal.OUDER,
    ),
    (
        "traject-2",
        "Eva",
        "Petra van Dijk",
        "2628 FF",
        (1, 8),
        "Eva heeft een syndroom en ontwikkelt zich langzaam.",
        ["motoriek", "medisch", "cognitief"],
        25,
        Kanaal.PROFESSIONAL,
    ),
    (
        "traject-3",
        "Yusuf",
        "Samira Bouzid",
        "2531 GG",
        (4, 0),
        "Yusuf praat weinig en speelt alleen.",
        ["spraak_taal", "sociaal_emotioneel"],
        120,
        Kanaal.OUDER,
    ),
    (
        "traject-4",
        "Lotte",
        "Gert Willems",
        "2286 HH",
        (2, 2),
        "Lotte heeft veel moeite met eten.",
        ["slapen_eten", "medisch"],
        160,
        Kanaal.PROFESSIONAL,
    ),
    (
        "traject-5",
        "Jayden",
        "Kim Verhoeven",
        "2512 JJ",
        (5, 1),
        "Jayden kan zich slecht concentreren.",
        ["gedrag", "cognitief"],
        240,
        Kanaal.OUDER,
    ),
    (
        "traject-6",
        "Hanna",
        "Olga Nowak",
        "2595 KK",
        (3, 5),
        "Hanna beweegt stijf en valt vaak.",
        ["motoriek"],
        35,
        Kanaal.OUDER,
    ),
    (
        "onbekend",
        "Lucas",
        "Anna Kuipers",
        "9711 AB",
        (2, 0),
        "Lucas praat nog niet.",
        ["spraak_taal"],
        2,
        Kanaal.OUDER,
    ),
    (
        "zeeland-1",
        "Saar",
        "Esther Dekker",
        "4331 AB",
        (2, 6),
        "Saar loopt nog niet.",
        ["motoriek"],
        2,
        Kanaal.OUDER,
    ),
    (
        "zeeland-laat",
        "Jesse",
        "Ruud Hendriks",
        "4461 CD",
        (4, 4),
        "Jesse is heel druk en slaat andere kinderen.",
        ["gedrag"],
        9,
        Kanaal.PROFESSIONAL,
    ),
]


def seed() -> list[str]:
    coordinators = {
        r.slug: User.objects.get(email=email)
        for r, email in [
            (Region.objects.get(slug="haaglanden"), "coordinator@demo.ivh.nl"),
            (Region.objects.get(slug="zeeland"), "coordinator.zeeland@demo.ivh.nl"),
        ]
    }
    created = 0
    for key, child, parent, postcode, (years, months), concern, domains, days_ago, kanaal in SEEDS:
        token = uuid.uuid5(NAMESPACE, key)
        if Aanmelding.objects.filter(submission_token=token).exists():
            continue
        received = _werkdagen_terug(days_ago)
        fields = {
            "submission_token": token,
            "kanaal": kanaal,
            "kind_first_name": child,
            "kind_geboortedatum": _born(years, months),
            "ouder_name": parent,
            "ouder_telefoon": "06 00000000",
            # Fictional addresses on a reserved domain: demo mail never reaches anyone.
            "ouder_email": f"ouder.{key}@example.org",
            "postcode": postcode,
            "zorg": concern,
            "zorg_domeinen": domains,
            "betrokken": "Consultatiebureau",
            "gezag": Gezag.BEIDE_OUDERS,
            "andere_gezagsdrager": AndereGezagsdrager.WEET_EN_AKKOORD,
            "received_at": received,
        }
        if kanaal == Kanaal.PROFESSIONAL:
            fields.update(
                verwijzer_soort="jgz",
                verwijzer_name="Jeugdarts (demo)",
                verwijzer_organisatie="Consultatiebureau (demo)",
                verwijzer_telefoon="070 0000000",
                ouders_op_de_hoogte=True,
            )
        consents = {doel: (True, "") for doel in ToestemmingDoel.values}
        aanmelding = services.aanmelding_submit(fields=fields, consents=consents, language="nl")
        created += 1
        _advance(key, aanmelding, coordinators)
    return [f"Aanmeldingen: {Aanmelding.objects.count()} ({created} new)"]


def _advance(key: str, aanmelding: Aanmelding, coordinators: dict[str, User]) -> None:
    """Take a registration through intake. The "traject-*" ones stop after the first contact:
    casemanagement's demo starts their trajecten (this app knows nothing of trajecten)."""
    if key in {"nieuw-1", "nieuw-laat", "nieuw-bijna", "onbekend", "zeeland-1", "zeeland-laat"}:
        return
    by = coordinators["haaglanden"]
    if key == "doorgestuurd":
        services.aanmelding_forward(
            aanmelding=aanmelding,
            by=by,
            region=Region.objects.get(slug="zeeland"),
            naar="",
            reden="Gezin is verhuisd naar Goes.",
        )
        return
    if key == "buiten":
        services.aanmelding_out_of_scope(
            aanmelding=aanmelding,
            by=by,
            reden="Leervraag op school; verwezen naar de intern begeleider.",
        )
        return
    contact_at = aanmelding.received_at + timedelta(days=2 if key != "traject-2" else 9)
    aanmelding = services.aanmelding_record_first_contact(
        aanmelding=aanmelding, by=by, at=contact_at, wijze="telefonisch"
    )
    if key == "advies":
        services.aanmelding_close_with_advice(
            aanmelding=aanmelding,
            by=by,
            toelichting="Tips voor spel en beweging gegeven; JGZ volgt.",
        )
    elif key == "verwezen":
        services.aanmelding_refer(
            aanmelding=aanmelding,
            by=by,
            organisatie=Organisatie.objects.get(name="Logopediepraktijk Het Praatje (demo)"),
            dienst=None,
            toelichting="Logopedisch onderzoek.",
        )
