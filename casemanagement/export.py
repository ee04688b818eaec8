"""Right of access (AVG art. 15): everything stored about one family, machine-readable."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.utils import timezone

from aanmelding.models import Aanmelding
from ivh.audit.models import AccessLogEntry

from .models import Gezin, PlanVersie


def _plain(obj: object, exclude: tuple[str, ...] = ()) -> dict:
    data = model_to_dict(obj, exclude=list(exclude))
    data["id"] = obj.pk
    return data


def family_export(gezin: Gezin) -> dict:
    kinderen = list(gezin.kinderen.all())
    trajecten = list(gezin.trajecten.all())
    aanmeldingen = Aanmelding.objects.filter(traject__gezin=gezin).prefetch_related("toestemmingen")
    references = [k.reference for k in kinderen]
    return {
        "export_gemaakt_op": timezone.now(),
        "gezin": _plain(gezin),
        "kinderen": [_plain(k) for k in kinderen],
        "aanmeldingen": [
            {
                **_plain(a, exclude=("submission_token",)),
                "toestemmingen": [_plain(t) for t in a.toestemmingen.all()],
            }
            for a in aanmeldingen
        ],
        "trajecten": [
            {
                **_plain(t),
                "casemanagers": [_plain(x) for x in t.toewijzingen.all()],
                "contactmomenten": [_plain(c) for c in t.contacten.all()],
                "verwijzingen": [_plain(v) for v in t.verwijzingen.all()],
                "vragen_van_ouders": [_plain(q) for q in t.oudervragen.all()],
                "tevredenheid": _plain(t.tevredenheid) if hasattr(t, "tevredenheid") else None,
            }
            for t in trajecten
        ],
        "plan_versies": [
            {**_plain(v), "akkoord": _plain(v.akkoord) if hasattr(v, "akkoord") else None}
            for v in PlanVersie.objects.filter(plan__gezin=gezin).order_by("nummer")
        ],
        "persoonlijke_links": [
            _plain(link, exclude=("token_hash",)) for link in gezin.ouderlinks.all()
        ],
        "wie_heeft_het_dossier_geopend": [
            {
                "tijdstip": e.at,
                "rol": e.role,
                "organisatie": e.organisatie_name,
                "handeling": e.action,
                "kind": e.client_ref,
            }
            for e in AccessLogEntry.objects.filter(client_ref__in=references).order_by("at")
        ],
    }
