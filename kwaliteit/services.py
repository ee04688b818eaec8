"""Writing the yearly quality review. Each service is one transaction and checks the rule
itself (`permissions`), whoever calls it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ivh.accounts.models import User
from ivh.netwerk.models import Region
from netwerkwerk.constants import ActiviteitSoort
from netwerkwerk.services import activiteit_create, besluit_vastleggen

from .constants import KORT, Criterium, Oordeel, ReviewStatus
from .metingen import metingen
from .models import Beoordeling, Kwaliteitsreview
from .permissions import REVIEW_EDIT, may_start_review

# The fields of a criterion the coordinator fills in.
BEOORDELING_FIELDS = ("oordeel", "toelichting", "actie", "actie_wie", "actie_uiterlijk")


@transaction.atomic
def review_begin(*, region: Region, jaar: int, by: User) -> Kwaliteitsreview:
    """A new concept review of the region for a year, with every criterion to fill in."""
    if not may_start_review(by, region.pk):
        raise PermissionDenied
    if jaar > timezone.localdate().year:
        raise ValidationError(_("Een review gaat over dit jaar of een eerder jaar."))
    try:
        with transaction.atomic():
            review = Kwaliteitsreview.objects.create(region=region, jaar=jaar, created_by=by)
    except IntegrityError:
        raise ValidationError(
            _("Voor %(jaar)s is er al een kwaliteitsreview van deze regio.") % {"jaar": jaar}
        ) from None
    Beoordeling.objects.bulk_create(
        Beoordeling(review=review, criterium=value) for value in Criterium.values
    )
    return review


def _locked(review: Kwaliteitsreview, by: User) -> Kwaliteitsreview:
    review = Kwaliteitsreview.objects.select_for_update().get(pk=review.pk)
    if not REVIEW_EDIT.allows(by, review):
        raise PermissionDenied
    return review


@transaction.atomic
def review_save(
    *,
    review: Kwaliteitsreview,
    samenvatting: str,
    beoordelingen: Mapping[str, Mapping[str, Any]],
    by: User,
) -> Kwaliteitsreview:
    """Store what the coordinator wrote, per criterion; the review stays a concept."""
    review = _locked(review, by)
    review.samenvatting = samenvatting
    review.save(update_fields=["samenvatting"])
    rows = {b.criterium: b for b in review.beoordelingen.all()}
    changed = []
    for criterium, data in beoordelingen.items():
        row = rows[criterium]
        for name in BEOORDELING_FIELDS:
            setattr(row, name, data.get(name) or (None if name == "actie_uiterlijk" else ""))
        changed.append(row)
    Beoordeling.objects.bulk_update(changed, BEOORDELING_FIELDS)
    return review


@transaction.atomic
def review_adopt(*, review: Kwaliteitsreview, by: User) -> Kwaliteitsreview:
    """Adopt the review: every criterion judged; the measured figures frozen on it; each action
    a stuurgroep decision to follow up; the review counted as a network activity."""
    review = _locked(review, by)
    rows = list(review.beoordelingen.all())
    missing = [b.get_criterium_display() for b in rows if not b.oordeel]
    if missing:
        raise ValidationError(
            _("Geef eerst bij elk criterium een oordeel. Nog open: %(list)s.")
            % {"list": "; ".join(str(m) for m in missing)}
        )
    without_action = [
        b.get_criterium_display()
        for b in rows
        if b.oordeel != Oordeel.VOLDOET and not b.actie.strip()
    ]
    if without_action:
        raise ValidationError(
            _(
                "Schrijf een actie bij elk criterium waar de regio nog niet aan voldoet. "
                "Nog zonder actie: %(list)s."
            )
            % {"list": "; ".join(str(m) for m in without_action)}
        )
    measured = metingen(review.region, review.jaar)
    for row in rows:
        row.metingen = [list(asdict(m).values()) for m in measured.get(row.criterium, [])]
        if row.actie.strip():
            row.besluit = besluit_vastleggen(
                region=review.region,
                wat=_("Kwaliteitsreview %(jaar)s (%(criterium)s): %(actie)s")
                % {
                    "jaar": review.jaar,
                    "criterium": KORT[Criterium(row.criterium)],
                    "actie": row.actie.strip(),
                },
                wie=row.actie_wie.strip() or _("coördinator"),
                uiterlijk=row.actie_uiterlijk,
                by=by,
            )
    Beoordeling.objects.bulk_update(rows, ["metingen", "besluit"])
    review.status = ReviewStatus.VASTGESTELD
    review.vastgesteld_at = timezone.now()
    review.vastgesteld_by = by
    review.save(update_fields=["status", "vastgesteld_at", "vastgesteld_by"])
    actions = sum(1 for row in rows if row.besluit_id)
    activiteit_create(
        region=review.region,
        by=by,
        datum=timezone.localdate(),
        soort=ActiviteitSoort.KWALITEITSREVIEW,
        titel=_("Kwaliteitsreview %(jaar)s") % {"jaar": review.jaar},
        uitkomst=(
            ngettext(
                "Vastgesteld; %(n)s actie naar de stuurgroep.",
                "Vastgesteld; %(n)s acties naar de stuurgroep.",
                actions,
            )
            % {"n": actions}
            + (f" {review.samenvatting}" if review.samenvatting else "")
        )[:1000],
    )
    return review
