"""Demo network work: a year of consults for Haaglanden (about five a month, varied askers,
topics and gemeenten, one turned into a registration) and eight network activities. Built
through the services. Idempotent: a region that has consults is left as it is."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from aanmelding.models import Aanmelding
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Organisatie, Region

from . import services
from .constants import ActiviteitSoort, ConsultKanaal, ConsultOnderwerp, Vraagsteller
from .models import Consult, Netwerkactiviteit

# Weighted as a coordinator would see them: parents and JGZ ask most.
ASKERS = [
    *[Vraagsteller.OUDER] * 5,
    *[Vraagsteller.JGZ] * 4,
    *[Vraagsteller.KINDEROPVANG] * 2,
    Vraagsteller.HUISARTS,
    Vraagsteller.WIJKTEAM,
    Vraagsteller.ONDERWIJS,
    Vraagsteller.ZIEKENHUIS,
    Vraagsteller.ANDERS,
]
KANALEN = [*[ConsultKanaal.TELEFOON] * 6, *[ConsultKanaal.EMAIL] * 3, ConsultKanaal.PERSOONLIJK]
TOPICS = [c.value for c in ConsultOnderwerp]
NOTES = [
    "",
    "",
    "Uitleg over de route via het aanmeldpunt.",
    "Ouder twijfelt of aanmelden nodig is; advies: eerst consultatiebureau.",
    "Gevraagd naar wachttijd logopedie in de regio.",
    "Doorverwezen naar de sociale kaart op de website.",
    "Pedagogisch medewerker zoekt advies over een peuter met driftbuien.",
    "Vraag over toestemming van beide ouders bij aanmelden.",
]

ACTIVITIES = [
    (-20, ActiviteitSoort.TRAINING, "Signaleren van ontwikkelingsachterstanden (JGZ)", 24),
    (-45, ActiviteitSoort.NETWERKBIJEENKOMST, "Netwerkbijeenkomst voorjaar", 38),
    (-80, ActiviteitSoort.KWALITEITSREVIEW, "Review wachttijden eerste contact", 6),
    (-120, ActiviteitSoort.CONVENANT, "Werkplan volgend jaar vastgesteld", None),
    (-170, ActiviteitSoort.TRAINING, "Scholing kinderopvang: praten met ouders over zorgen", 31),
    (-230, ActiviteitSoort.NETWERKBIJEENKOMST, "Netwerkbijeenkomst najaar", 42),
    (-290, ActiviteitSoort.KWALITEITSREVIEW, "Dossiercheck ondersteuningsplannen", 5),
    (-340, ActiviteitSoort.ANDERS, "Kennismaking nieuw wijkteam Zoetermeer", 12),
]
OUTCOMES = [
    "Afspraak: na elke training een terugkoppeling in het volgende MDO.",
    "Deelnemers kennen de route naar het aanmeldpunt beter.",
    "Twee verbeterpunten naar de stuurgroep.",
    "",
]


def seed() -> list[str]:
    region = Region.objects.get(slug="haaglanden")
    if Consult.objects.filter(region=region).exists():
        return [
            f"Consulten: {Consult.objects.count()}, netwerkactiviteiten: "
            f"{Netwerkactiviteit.objects.count()} (left as they were)"
        ]
    coordinator = User.objects.get(email="coordinator@demo.ivh.nl")
    gemeenten = list(Gemeente.objects.filter(region=region).order_by("cbs_code"))
    organisaties = list(Organisatie.objects.filter(regions=region).order_by("name"))
    # A fixed seed: the same demo every time it is built.
    rng = random.Random(12)  # noqa: S311 - demo data, not security
    today = timezone.localdate()

    consults = []
    for n in range(60):
        day = today - timedelta(days=int(n * 365 / 60) + rng.randint(0, 4))
        asker = rng.choice(ASKERS)
        consults.append(
            services.consult_record(
                region=region,
                by=coordinator,
                datum=day,
                kanaal=rng.choice(KANALEN),
                vraagsteller=asker,
                # A parent often does not say where they live; a professional usually does.
                gemeente=rng.choice([None, *gemeenten])
                if asker == Vraagsteller.OUDER
                else rng.choice(gemeenten),
                onderwerpen=rng.sample(TOPICS, rng.choice([1, 1, 2])),
                minuten=rng.choice([5, 10, 10, 15, 20, 30]),
                notitie=rng.choice(NOTES),
            )
        )
    # One consult that became a registration after all.
    aanmelding = (
        Aanmelding.objects.filter(region=region, kanaal="professional").order_by("received_at")
    ).first()
    if aanmelding is not None:
        services.consult_link_aanmelding(consult=consults[5], aanmelding=aanmelding, by=coordinator)

    for days, soort, titel, deelnemers in ACTIVITIES:
        services.activiteit_create(
            region=region,
            by=coordinator,
            datum=today + timedelta(days=days),
            soort=soort,
            titel=titel,
            deelnemers=deelnemers,
            organisaties=rng.sample(organisaties, min(len(organisaties), rng.randint(2, 5))),
            uitkomst=rng.choice(OUTCOMES),
        )
    return [
        f"Consulten: {Consult.objects.count()}, netwerkactiviteiten: "
        f"{Netwerkactiviteit.objects.count()}"
    ]
