"""Writes of the network work. Each is one transaction that checks the actor's permission and
the region of everything it links; the history rows come from the pghistory triggers in that
same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aanmelding.models import Aanmelding
from aanmelding.permissions import AANMELDING_VIEW
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Organisatie, Region

from . import bestanden
from .constants import BesluitStatus, DocumentSoort
from .models import (
    ActiviteitOrganisatie,
    Besluit,
    Consult,
    DocumentVersie,
    Netwerkactiviteit,
    RegioDocument,
    StuurgroepLid,
    StuurgroepVergadering,
)
from .permissions import (
    ACTIVITEIT_EDIT,
    BESLUIT_EDIT,
    CONSULT_LINK,
    DOCUMENT_EDIT,
    STUURGROEPLID_EDIT,
    VERGADERING_EDIT,
)


def _require_region(region: Region, by: User) -> None:
    if region.pk not in by.coordinator_region_ids():
        raise PermissionDenied


def _check_gemeente(gemeente: Gemeente | None, region: Region) -> None:
    if gemeente is not None and gemeente.region_id != region.pk:
        raise ValidationError(
            _("De gemeente %(gemeente)s hoort niet bij regio %(region)s.")
            % {"gemeente": gemeente.name, "region": region.name}
        )


def _check_organisaties(organisaties: Iterable[Organisatie], region: Region) -> list[Organisatie]:
    chosen = list(organisaties)
    in_region = set(
        Organisatie.objects.filter(pk__in=[o.pk for o in chosen], regions=region).values_list(
            "pk", flat=True
        )
    )
    outside = [o.name for o in chosen if o.pk not in in_region]
    if outside:
        raise ValidationError(
            _("Deze organisaties horen niet bij regio %(region)s: %(names)s.")
            % {"region": region.name, "names": ", ".join(outside)}
        )
    return chosen


@transaction.atomic
def consult_record(
    *,
    region: Region,
    by: User,
    datum: date,
    kanaal: str,
    vraagsteller: str,
    onderwerpen: list[str],
    minuten: int,
    gemeente: Gemeente | None = None,
    notitie: str = "",
) -> Consult:
    """Record one answered question in the region's consult log."""
    _require_region(region, by)
    _check_gemeente(gemeente, region)
    if not onderwerpen:
        raise ValidationError(_("Kies minstens één onderwerp."))
    return Consult.objects.create(
        region=region,
        datum=datum,
        kanaal=kanaal,
        vraagsteller=vraagsteller,
        gemeente=gemeente,
        # Each topic once, in the order of the choices: counts per topic stay honest.
        onderwerpen=list(dict.fromkeys(onderwerpen)),
        minuten=minuten,
        notitie=notitie.strip(),
        created_by=by,
    )


@transaction.atomic
def consult_link_aanmelding(*, consult: Consult, aanmelding: Aanmelding, by: User) -> Consult:
    """The consult became this registration: link them. The consult keeps its own row (it is
    still one consult); linking it again to the same registration changes nothing."""
    consult = Consult.objects.select_for_update().get(pk=consult.pk)
    if not CONSULT_LINK.allows(by, consult) or not AANMELDING_VIEW.allows(by, aanmelding):
        raise PermissionDenied
    if aanmelding.region_id != consult.region_id:
        raise ValidationError(
            _("Aanmelding %(ref)s hoort niet bij de regio van dit consult.")
            % {"ref": aanmelding.reference}
        )
    if consult.aanmelding_id == aanmelding.pk:
        return consult
    if consult.aanmelding_id is not None:
        raise ValidationError(
            _("Dit consult is al gekoppeld aan aanmelding %(ref)s.")
            % {"ref": consult.aanmelding.reference}  # type: ignore[union-attr]
        )
    consult.aanmelding = aanmelding
    consult.save(update_fields=["aanmelding"])
    return consult


@transaction.atomic
def activiteit_create(
    *,
    region: Region,
    by: User,
    datum: date,
    soort: str,
    titel: str,
    organisaties: Iterable[Organisatie] = (),
    deelnemers: int | None = None,
    uitkomst: str = "",
) -> Netwerkactiviteit:
    """Record a network activity of the region."""
    _require_region(region, by)
    chosen = _check_organisaties(organisaties, region)
    activiteit = Netwerkactiviteit.objects.create(
        region=region,
        datum=datum,
        soort=soort,
        titel=titel.strip(),
        deelnemers=deelnemers,
        uitkomst=uitkomst.strip(),
        created_by=by,
    )
    ActiviteitOrganisatie.objects.bulk_create(
        ActiviteitOrganisatie(activiteit=activiteit, organisatie=o) for o in chosen
    )
    return activiteit


@transaction.atomic
def activiteit_update(
    *,
    activiteit: Netwerkactiviteit,
    by: User,
    datum: date,
    soort: str,
    titel: str,
    organisaties: Iterable[Organisatie] = (),
    deelnemers: int | None = None,
    uitkomst: str = "",
) -> Netwerkactiviteit:
    """Change a network activity; the region stays the same."""
    activiteit = Netwerkactiviteit.objects.select_for_update().get(pk=activiteit.pk)
    if not ACTIVITEIT_EDIT.allows(by, activiteit):
        raise PermissionDenied
    chosen = _check_organisaties(organisaties, activiteit.region)
    activiteit.datum = datum
    activiteit.soort = soort
    activiteit.titel = titel.strip()
    activiteit.deelnemers = deelnemers
    activiteit.uitkomst = uitkomst.strip()
    activiteit.save()
    wanted = {o.pk for o in chosen}
    current = set(
        ActiviteitOrganisatie.objects.filter(activiteit=activiteit).values_list(
            "organisatie_id", flat=True
        )
    )
    ActiviteitOrganisatie.objects.filter(
        activiteit=activiteit, organisatie_id__in=current - wanted
    ).delete()
    ActiviteitOrganisatie.objects.bulk_create(
        ActiviteitOrganisatie(activiteit=activiteit, organisatie_id=pk) for pk in wanted - current
    )
    return activiteit


# --- the stuurgroep ----------------------------------------------------------------------------


def _check_zetel(
    region: Region, organisatie: Organisatie | None, gemeente: Gemeente | None
) -> None:
    """A seat is one organisation of the region or one gemeente of the region."""
    if (organisatie is None) == (gemeente is None):
        raise ValidationError(_("Kies een organisatie of een gemeente (één van beide)."))
    if organisatie is not None:
        _check_organisaties([organisatie], region)
    _check_gemeente(gemeente, region)


def _check_periode(sinds: date, tot: date | None) -> None:
    if tot is not None and tot < sinds:
        raise ValidationError(_("De einddatum ligt vóór de begindatum."))


def _tekst(value: str, melding: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(melding)
    return value


@transaction.atomic
def stuurgroeplid_toevoegen(
    *,
    region: Region,
    by: User,
    naam: str,
    functie: str = "",
    sinds: date,
    tot: date | None = None,
    organisatie: Organisatie | None = None,
    gemeente: Gemeente | None = None,
) -> StuurgroepLid:
    """Give an organisation or gemeente of the region a seat, held by this representative."""
    _require_region(region, by)
    _check_zetel(region, organisatie, gemeente)
    _check_periode(sinds, tot)
    return StuurgroepLid.objects.create(
        region=region,
        organisatie=organisatie,
        gemeente=gemeente,
        naam=_tekst(naam, _("Vul de naam van de vertegenwoordiger in.")),
        functie=functie.strip(),
        sinds=sinds,
        tot=tot,
        created_by=by,
    )


@transaction.atomic
def stuurgroeplid_wijzigen(
    *,
    lid: StuurgroepLid,
    by: User,
    naam: str,
    functie: str = "",
    sinds: date,
    tot: date | None = None,
    organisatie: Organisatie | None = None,
    gemeente: Gemeente | None = None,
) -> StuurgroepLid:
    """Correct a member (another representative is a new member: end this one, add that)."""
    lid = StuurgroepLid.objects.select_for_update().select_related("region").get(pk=lid.pk)
    if not STUURGROEPLID_EDIT.allows(by, lid):
        raise PermissionDenied
    _check_zetel(lid.region, organisatie, gemeente)
    _check_periode(sinds, tot)
    lid.naam = _tekst(naam, _("Vul de naam van de vertegenwoordiger in."))
    lid.functie = functie.strip()
    lid.sinds = sinds
    lid.tot = tot
    lid.organisatie = organisatie
    lid.gemeente = gemeente
    lid.save()
    return lid


@transaction.atomic
def stuurgroeplid_beeindigen(*, lid: StuurgroepLid, by: User, tot: date) -> StuurgroepLid:
    """End a membership on that day; the member stays in the list of former members."""
    lid = StuurgroepLid.objects.select_for_update().get(pk=lid.pk)
    if not STUURGROEPLID_EDIT.allows(by, lid):
        raise PermissionDenied
    _check_periode(lid.sinds, tot)
    lid.tot = tot
    lid.save(update_fields=["tot"])
    return lid


@transaction.atomic
def vergadering_vastleggen(
    *, region: Region, by: User, datum: date, agenda: str = "", verslag: str = ""
) -> StuurgroepVergadering:
    """Plan (or record afterwards) a stuurgroep meeting of the region."""
    _require_region(region, by)
    return StuurgroepVergadering.objects.create(
        region=region, datum=datum, agenda=agenda.strip(), verslag=verslag.strip(), created_by=by
    )


@transaction.atomic
def vergadering_wijzigen(
    *,
    vergadering: StuurgroepVergadering,
    by: User,
    datum: date,
    agenda: str = "",
    verslag: str = "",
) -> StuurgroepVergadering:
    """Change the date, agenda or notes of a meeting; the region stays the same."""
    vergadering = StuurgroepVergadering.objects.select_for_update().get(pk=vergadering.pk)
    if not VERGADERING_EDIT.allows(by, vergadering):
        raise PermissionDenied
    vergadering.datum = datum
    vergadering.agenda = agenda.strip()
    vergadering.verslag = verslag.strip()
    vergadering.save()
    return vergadering


@transaction.atomic
def besluit_vastleggen(
    *,
    region: Region,
    wat: str,
    wie: str,
    uiterlijk: date | None,
    by: User,
    vergadering: StuurgroepVergadering | None = None,
) -> Besluit:
    """Record a stuurgroep decision (status open): what was decided, who carries it out and by
    when. From a meeting of the same region, or without one (e.g. an action of the yearly
    quality review). Only the region's coordinators record decisions."""
    _require_region(region, by)
    if vergadering is not None and vergadering.region_id != region.pk:
        raise ValidationError(
            _("Deze vergadering hoort niet bij regio %(region)s.") % {"region": region.name}
        )
    now = timezone.now()
    return Besluit.objects.create(
        region=region,
        vergadering=vergadering,
        wat=_tekst(wat, _("Vul in wat er is besloten.")),
        wie=_tekst(wie, _("Vul in wie het uitvoert.")),
        uiterlijk=uiterlijk,
        status=BesluitStatus.OPEN,
        status_changed_at=now,
        created_by=by,
        created_at=now,
    )


@transaction.atomic
def besluit_status_zetten(*, besluit: Besluit, status: str, by: User) -> Besluit:
    """Move a decision to another status (any of the four: a decision closed by mistake can be
    reopened). The change and its time are in the decision's history. The same status again
    changes nothing."""
    besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
    if not BESLUIT_EDIT.allows(by, besluit):
        raise PermissionDenied
    if status not in BesluitStatus.values:
        raise ValidationError(_("Onbekende status."))
    if besluit.status == status:
        return besluit
    besluit.status = status
    besluit.status_changed_at = timezone.now()
    besluit.save(update_fields=["status", "status_changed_at"])
    return besluit


def _versie_opslaan(
    *, document: RegioDocument, by: User, bestand: File, notitie: str, opgeslagen: list[str]
) -> DocumentVersie:
    """The next version of a document whose row the caller has locked: check what the file
    is (by its content), store it under a random name, write its row. The stored name goes
    into `opgeslagen`, so that the caller removes the file when the transaction fails."""
    bestanden.controleer_grootte(bestand.size)
    content_type = bestanden.herken_bestandstype(bestand)
    afdruk = bestanden.vingerafdruk(bestand)
    # The size the browser announced is not trusted either: the bytes read count.
    bestanden.controleer_grootte(afdruk.grootte)
    laatste = document.versies.aggregate(n=Max("versie"))["n"] or 0
    original = bestand.name or ""
    stored = bestanden.private_storage().save(
        bestanden.opslagnaam(document.region_id, document.pk, content_type), bestand
    )
    opgeslagen.append(stored)
    return DocumentVersie.objects.create(
        document=document,
        versie=laatste + 1,
        bestand=stored,
        bestandsnaam=bestanden.weergavenaam(original),
        content_type=content_type,
        grootte=afdruk.grootte,
        sha256=afdruk.sha256,
        notitie=notitie.strip(),
        uploaded_by=by,
    )


def _verwijder(opgeslagen: list[str]) -> None:
    storage = bestanden.private_storage()
    for name in opgeslagen:
        storage.delete(name)


def document_toevoegen(
    *,
    region: Region,
    by: User,
    soort: str,
    titel: str,
    bestand: File,
    notitie: str = "",
) -> RegioDocument:
    """Add a region document with its first version. One transaction; if it fails, the file
    written for it is removed again (a file is never left without its row by this service)."""
    opgeslagen: list[str] = []
    try:
        with transaction.atomic():
            _require_region(region, by)
            if soort not in DocumentSoort.values:
                raise ValidationError(_("Kies een soort document."))
            titel = _tekst(titel, _("Vul een titel in."))
            if RegioDocument.objects.filter(region=region, soort=soort, titel=titel).exists():
                raise ValidationError(
                    _(
                        "Er is al een document met deze titel. Voeg daar een nieuwe versie aan "
                        "toe, of kies een andere titel."
                    )
                )
            document = RegioDocument.objects.create(
                region=region, soort=soort, titel=titel, created_by=by
            )
            _versie_opslaan(
                document=document, by=by, bestand=bestand, notitie=notitie, opgeslagen=opgeslagen
            )
    except BaseException:
        _verwijder(opgeslagen)
        raise
    return document


def documentversie_toevoegen(
    *, document: RegioDocument, by: User, bestand: File, notitie: str = ""
) -> DocumentVersie:
    """Add the next version of a document; the earlier versions stay as they are. Versions are
    numbered 1, 2, 3, … per document: the document's row is locked while the number is taken."""
    opgeslagen: list[str] = []
    try:
        with transaction.atomic():
            document = RegioDocument.objects.select_for_update().get(pk=document.pk)
            if not DOCUMENT_EDIT.allows(by, document):
                raise PermissionDenied
            versie = _versie_opslaan(
                document=document, by=by, bestand=bestand, notitie=notitie, opgeslagen=opgeslagen
            )
    except BaseException:
        _verwijder(opgeslagen)
        raise
    return versie
