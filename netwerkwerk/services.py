"""Writes of the network work. Each is one transaction that checks the actor's permission and
the region of everything it links; the history rows come from the pghistory triggers in that
same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanmelding.models import Aanmelding
from aanmelding.permissions import AANMELDING_VIEW
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Organisatie, Region

from .models import ActiviteitOrganisatie, Consult, Netwerkactiviteit
from .permissions import ACTIVITEIT_EDIT, CONSULT_LINK


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
