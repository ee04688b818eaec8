"""Demo network work: a year of consults for Haaglanden (about five a month, varied askers,
topics and gemeenten, one turned into a registration) and eight network activities; and the
stuurgroep of Haaglanden (members, a year of meetings with decisions, the convenant, werkplan and
jaarverslag as small PDFs in the private storage). Built through the services. Idempotent: a
region that has consults keeps them, one that has stuurgroep meetings keeps its stuurgroep."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from aanmelding.models import Aanmelding
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Organisatie, Region

from . import services
from .constants import (
    ActiviteitSoort,
    BesluitStatus,
    ConsultKanaal,
    ConsultOnderwerp,
    DocumentSoort,
    Vraagsteller,
)
from .models import (
    Besluit,
    Consult,
    DocumentVersie,
    Netwerkactiviteit,
    StuurgroepLid,
    StuurgroepVergadering,
)

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
    coordinator = User.objects.get(email="coordinator@demo.ivh.nl")
    return [
        *_seed_consults_and_activities(region, coordinator),
        *seed_stuurgroep(region, coordinator),
    ]


def _seed_consults_and_activities(region: Region, coordinator: User) -> list[str]:
    if Consult.objects.filter(region=region).exists():
        return [
            f"Consulten: {Consult.objects.count()}, netwerkactiviteiten: "
            f"{Netwerkactiviteit.objects.count()} (left as they were)"
        ]
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


# --- the stuurgroep ----------------------------------------------------------------------------
# Fictitious representatives (names of professionals, made up for the demo).

# (organisation name, representative, function, days ago they joined, days ago they left)
LEDEN_ORGANISATIES: list[tuple[str, str, str, int, int | None]] = [
    ("MEE Zuid-Holland (demo)", "Ingrid Verhoeven", "regiodirecteur", 900, None),
    ("Centrum voor Jeugd en Gezin Den Haag (demo)", "Peter Smit", "manager JGZ", 900, None),
    ("Kinderdienstencentrum De Vlinder (demo)", "Anouk de Groot", "bestuurder", 700, None),
    ("Kinderrevalidatie Haaglanden (demo)", "Ruud Jansen", "medisch manager", 600, None),
    (
        "Ziekenhuis Haaglanden, kindergeneeskunde (demo)",
        "Karin Mulder",
        "kinderarts, voorzitter vakgroep",
        900,
        None,
    ),
    ("GGZ Jeugd Haaglanden (demo)", "Willem Bos", "directeur", 900, 120),
    ("GGZ Jeugd Haaglanden (demo)", "Fatima El Amrani", "directeur", 119, None),
]
# (CBS code, representative, function): the gemeenten that fund the network.
LEDEN_GEMEENTEN = [
    ("GM0518", "Mark de Jong", "beleidsadviseur jeugd"),
    ("GM0503", "Els van Dijk", "beleidsmedewerker jeugd en onderwijs"),
]

# (days ago, agenda, notes, [(what, who, due in days from today or None, status)])
VERGADERINGEN: list[tuple[int, str, str, list[tuple[str, str, int | None, str]]]] = [
    (
        330,
        "Opening en mededelingen\nConvenant 2025–2028\nWachttijden vervolghulp\nRondvraag",
        "Het convenant is besproken en met twee wijzigingen goedgekeurd. De wachttijden bij de "
        "GGZ voor jonge kinderen baren zorgen.",
        [
            (
                "Convenant 2025–2028 laten ondertekenen door alle partners.",
                "coördinator",
                -270,
                BesluitStatus.AFGEROND,
            ),
            (
                "Werkgroep wachttijden vervolghulp instellen.",
                "GGZ Jeugd Haaglanden (demo)",
                -200,
                BesluitStatus.AFGEROND,
            ),
        ],
    ),
    (
        240,
        "Opening\nMonitor eerste halfjaar\nScholing kinderopvang\nFinanciering MDO",
        "De monitor laat zien dat het eerste contact meestal binnen de norm is. De gemeenten "
        "willen de financiering van het MDO voor volgend jaar vastleggen.",
        [
            (
                "Scholingsplan voor de kinderopvang opstellen.",
                "Centrum voor Jeugd en Gezin Den Haag (demo)",
                -120,
                BesluitStatus.LOOPT,
            ),
            (
                "Voorstel financiering MDO voorleggen aan de gemeenten.",
                "gemeente 's-Gravenhage",
                -90,
                BesluitStatus.OPEN,
            ),
        ],
    ),
    (
        150,
        "Opening\nJaarverslag\nEén loket in Zoetermeer\nRondvraag",
        "Het jaarverslag is vastgesteld. Het loket in Zoetermeer loopt al via het wijkteam.",
        [
            (
                "Jaarverslag delen met de gemeenteraden.",
                "coördinator",
                -100,
                BesluitStatus.AFGEROND,
            ),
            (
                "Onderzoek naar een apart loket in Zoetermeer.",
                "coördinator",
                -30,
                BesluitStatus.VERVALLEN,
            ),
        ],
    ),
    (
        60,
        "Opening\nMonitor tweede halfjaar\nWerkplan volgend jaar\nOuderparticipatie",
        "Het werkplan wordt in de volgende vergadering vastgesteld. Ouders worden meer "
        "betrokken via een ouderpanel.",
        [
            ("Werkplan volgend jaar opstellen.", "coördinator", 45, BesluitStatus.LOOPT),
            (
                "Ouderpanel opzetten voor de tevredenheidsmeting.",
                "MEE Zuid-Holland (demo)",
                90,
                BesluitStatus.OPEN,
            ),
            (
                "Wachttijd GGZ-diagnostiek terugbrengen tot 12 weken.",
                "GGZ Jeugd Haaglanden (demo)",
                None,
                BesluitStatus.OPEN,
            ),
        ],
    ),
]
# One meeting ahead, so that the overview has something planned.
VOLGENDE_VERGADERING = (
    30,
    "Opening\nWerkplan volgend jaar vaststellen\nStand van de open besluiten\nRondvraag",
)


def pdf_bytes(titel: str, regels: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica, WinAnsi) with a title and some lines: real PDF
    content for the demo documents, made in microseconds and without a renderer."""

    def text(value: str) -> str:
        value = value.replace("–", "-").replace("’", "'")
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = [f"BT /F1 18 Tf 72 770 Td ({text(titel)}) Tj ET"]
    for n, regel in enumerate(regels):
        ops.append(f"BT /F1 11 Tf 72 {740 - 16 * n} Td ({text(regel)}) Tj ET")
    stream = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _documenten(today: date) -> list[tuple[str, str, list[tuple[str, str, list[str]]]]]:
    """(soort, titel, [(file name, note, lines)]): the versions in the order they came."""
    jaar = today.year
    return [
        (
            DocumentSoort.CONVENANT,
            "Convenant Integrale Vroeghulp Haaglanden 2025–2028",
            [
                (
                    "Convenant IVH Haaglanden concept.pdf",
                    "Concept voor de stuurgroep.",
                    ["Concept.", "Partners: MEE, CJG, kinderrevalidatie, ziekenhuis, GGZ."],
                ),
                (
                    "Convenant IVH Haaglanden ondertekend.pdf",
                    "Ondertekend door alle partners.",
                    ["Ondertekend door alle partners en de gemeenten."],
                ),
            ],
        ),
        (
            DocumentSoort.WERKPLAN,
            f"Werkplan IVH Haaglanden {jaar}",
            [
                (
                    f"Werkplan {jaar}.pdf",
                    "Vastgesteld in de stuurgroep.",
                    ["Doelen: wachttijden, scholing, ouderparticipatie."],
                )
            ],
        ),
        (
            DocumentSoort.JAARVERSLAG,
            f"Jaarverslag IVH Haaglanden {jaar - 1}",
            [
                (
                    f"Jaarverslag {jaar - 1} concept.pdf",
                    "",
                    ["Concept zonder cijfers."],
                ),
                (
                    f"Jaarverslag {jaar - 1}.pdf",
                    "Met de cijfers uit de monitor.",
                    ["Met de cijfers uit de monitor."],
                ),
            ],
        ),
    ]


def seed_stuurgroep(region: Region, coordinator: User) -> list[str]:
    """The stuurgroep of the region: members, meetings with decisions, documents."""
    if StuurgroepVergadering.objects.filter(region=region).exists():
        return [_stuurgroep_line(region, "(left as it was)")]
    today = timezone.localdate()
    organisaties = {o.name: o for o in Organisatie.objects.filter(regions=region)}
    for name, naam, functie, sinds, tot in LEDEN_ORGANISATIES:
        if name in organisaties:
            services.stuurgroeplid_toevoegen(
                region=region,
                by=coordinator,
                organisatie=organisaties[name],
                naam=naam,
                functie=functie,
                sinds=today - timedelta(days=sinds),
                tot=None if tot is None else today - timedelta(days=tot),
            )
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(region=region)}
    for code, naam, functie in LEDEN_GEMEENTEN:
        if code in gemeenten:
            services.stuurgroeplid_toevoegen(
                region=region,
                by=coordinator,
                gemeente=gemeenten[code],
                naam=naam,
                functie=functie,
                sinds=today - timedelta(days=800),
            )

    for dagen, agenda, verslag, besluiten in VERGADERINGEN:
        vergadering = services.vergadering_vastleggen(
            region=region,
            by=coordinator,
            datum=today - timedelta(days=dagen),
            agenda=agenda,
            verslag=verslag,
        )
        for wat, wie, uiterlijk, status in besluiten:
            besluit = services.besluit_vastleggen(
                region=region,
                vergadering=vergadering,
                wat=wat,
                wie=wie,
                uiterlijk=None if uiterlijk is None else today + timedelta(days=uiterlijk),
                by=coordinator,
            )
            services.besluit_status_zetten(besluit=besluit, status=status, by=coordinator)
    dagen, agenda = VOLGENDE_VERGADERING
    services.vergadering_vastleggen(
        region=region, by=coordinator, datum=today + timedelta(days=dagen), agenda=agenda
    )

    for soort, titel, versies in _documenten(today):
        (bestandsnaam, notitie, regels), *later = versies
        document = services.document_toevoegen(
            region=region,
            by=coordinator,
            soort=soort,
            titel=titel,
            bestand=ContentFile(pdf_bytes(titel, regels), name=bestandsnaam),
            notitie=notitie,
        )
        for bestandsnaam, notitie, regels in later:
            services.documentversie_toevoegen(
                document=document,
                by=coordinator,
                bestand=ContentFile(pdf_bytes(titel, regels), name=bestandsnaam),
                notitie=notitie,
            )
    return [_stuurgroep_line(region)]


def _stuurgroep_line(region: Region, suffix: str = "") -> str:
    return (
        f"Stuurgroep {region.name}: {StuurgroepLid.objects.filter(region=region).count()} "
        f"leden, {StuurgroepVergadering.objects.filter(region=region).count()} vergaderingen, "
        f"{Besluit.objects.filter(region=region).count()} besluiten, "
        f"{DocumentVersie.objects.filter(document__region=region).count()} documentversies "
        f"{suffix}"
    ).strip()
