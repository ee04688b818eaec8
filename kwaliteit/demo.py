"""Demo quality review: last year's review of Haaglanden, adopted, with two actions that are
now stuurgroep decisions. Built through the services after the monitor's figures (it reads
them). Idempotent: a region that has a review for that year keeps it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ivh.accounts.models import User
from ivh.netwerk.models import Region

from . import services
from .constants import Criterium, Oordeel
from .models import Kwaliteitsreview

JUDGEMENTS: dict[str, tuple[str, str, str, str]] = {
    # criterium: (oordeel, toelichting, actie, wie)
    Criterium.REGIE: (
        Oordeel.VOLDOET,
        "Ouders zijn bij bijna elk MDO en tekenen het plan. Tevredenheid is hoog.",
        "",
        "",
    ),
    Criterium.LOKET: (
        Oordeel.VOLDOET,
        "Eén aanmeldpunt; ouders melden vaker zelf aan dan vorig jaar.",
        "",
        "",
    ),
    Criterium.WACHTTIJDEN: (
        Oordeel.DEELS,
        "Eerste contact gaat snel; de wachttijd tot het MDO is te lang.",
        "Elke maand een extra MDO-datum plannen met het ziekenhuis.",
        "Coördinator en kinderarts",
    ),
    Criterium.EXPERTISE: (
        Oordeel.VOLDOET,
        "Drie trainingen voor pedagogisch medewerkers en wijkteams.",
        "",
        "",
    ),
    Criterium.PARTNERS: (
        Oordeel.DEELS,
        "De kinderopvang kent het netwerk nog te weinig.",
        "Netwerkbijeenkomst voor de kinderopvangorganisaties organiseren.",
        "Coördinator",
    ),
    Criterium.RICHTLIJNEN: (
        Oordeel.VOLDOET,
        "De werkwijze volgt de richtlijnen JGZ; getoetst in het werkplan.",
        "",
        "",
    ),
    Criterium.AFSPRAKEN: (
        Oordeel.VOLDOET,
        "Het convenant is getekend door alle gemeenten en partners.",
        "",
        "",
    ),
    Criterium.SAMENWERKING: (
        Oordeel.VOLDOET,
        "Afspraken staan in het werkplan en zijn met alle partners gedeeld.",
        "",
        "",
    ),
}


def seed() -> list[str]:
    region = Region.objects.get(slug="haaglanden")
    year = timezone.localdate().year - 1
    if Kwaliteitsreview.objects.filter(region=region, jaar=year).exists():
        return [f"Kwaliteitsreviews: {Kwaliteitsreview.objects.count()} (left as they were)"]
    coordinator = User.objects.get(email="coordinator@demo.ivh.nl")
    review = services.review_begin(region=region, jaar=year, by=coordinator)
    # The actions are due a few months from now: the stuurgroep follows them up.
    deadline = timezone.localdate() + timedelta(days=120)
    services.review_save(
        review=review,
        samenvatting=(
            "Een goed jaar: ouders hebben de regie en het loket is bekend. Aandacht voor de "
            "wachttijd tot het MDO en voor de kinderopvang in het netwerk."
        ),
        beoordelingen={
            code: {
                "oordeel": oordeel,
                "toelichting": toelichting,
                "actie": actie,
                "actie_wie": wie,
                "actie_uiterlijk": deadline if actie else None,
            }
            for code, (oordeel, toelichting, actie, wie) in JUDGEMENTS.items()
        },
        by=coordinator,
    )
    services.review_adopt(review=review, by=coordinator)
    return [f"Kwaliteitsreview {year} of {region.name}: adopted, 2 actions to the stuurgroep"]
