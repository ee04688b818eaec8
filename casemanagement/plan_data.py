"""Between the plan's forms and the JSON kept in a plan version."""

from __future__ import annotations

from datetime import date

from django.forms import BaseFormSet

from ivh.netwerk.constants import ZorgDomein

from .constants import ActieStatus, ActieWie


def doelen_from_forms(formset: BaseFormSet) -> list[dict]:
    return [
        {"domein": f["domein"], "omschrijving": f["omschrijving"].strip()}
        for f in formset.cleaned_data
        if f and not f.get("DELETE")
    ]


def acties_from_forms(formset: BaseFormSet) -> list[dict]:
    acties = []
    for f in formset.cleaned_data:
        if not f or f.get("DELETE"):
            continue
        organisatie = f.get("organisatie") if f["wie"] == ActieWie.ORGANISATIE else None
        acties.append(
            {
                "wat": f["wat"].strip(),
                "wie": f["wie"],
                "organisatie_id": organisatie.pk if organisatie else None,
                "organisatie_naam": organisatie.name if organisatie else "",
                "wanneer": f["wanneer"].isoformat() if f.get("wanneer") else "",
                "status": f["status"],
            }
        )
    return acties


def doelen_initial(doelen: list[dict]) -> list[dict]:
    return [{"domein": d["domein"], "omschrijving": d["omschrijving"]} for d in doelen]


def acties_initial(acties: list[dict]) -> list[dict]:
    return [
        {
            "wat": a["wat"],
            "wie": a["wie"],
            "organisatie": a.get("organisatie_id"),
            "wanneer": date.fromisoformat(a["wanneer"]) if a.get("wanneer") else None,
            "status": a["status"],
        }
        for a in acties
    ]


def labelled_doelen(doelen: list[dict]) -> list[dict]:
    labels = dict(ZorgDomein.choices)
    return [{**d, "domein_label": str(labels.get(d["domein"], d["domein"]))} for d in doelen]


def labelled_acties(acties: list[dict]) -> list[dict]:
    wie = dict(ActieWie.choices)
    status = dict(ActieStatus.choices)
    return [
        {
            **a,
            "wie_label": a.get("organisatie_naam") or str(wie.get(a["wie"], a["wie"])),
            "status_label": str(status.get(a["status"], a["status"])),
            "wanneer_date": date.fromisoformat(a["wanneer"]) if a.get("wanneer") else None,
        }
        for a in acties
    ]
