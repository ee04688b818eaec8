"""What the access log (ivh.audit) needs from the domain apps, registered here because werkplek
composes them and ivh/ may not import them: the children of a family number, and the pages
that log a read, named as a privacy officer would say it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from casemanagement.models import Kind
from ivh.audit.registry import register_client_group, register_page_labels

INTAKE = _("intakepagina")
TRAJECT = _("trajectpagina")
MDO = _("MDO-pagina")
OUDERLINK = _("ouderpagina via persoonlijke link")

PAGE_LABELS = {
    "aanmelding:inbox": _("aanmeldingen (inbox)"),
    "aanmelding:intake_notities": INTAKE,
    "aanmelding:intake_dubbel": INTAKE,
    **{
        f"casemanagement:{name}": INTAKE
        for name in (
            "intake",
            "intake_eerste_contact",
            "intake_advies",
            "intake_verwijzen",
            "intake_doorsturen",
            "intake_buiten_doelgroep",
            "intake_traject",
        )
    },
    "casemanagement:caseload": _("caseload"),
    **{
        f"casemanagement:{name}": TRAJECT
        for name in (
            "traject",
            "traject_contact",
            "traject_fase",
            "traject_verwijzing",
            "traject_verwijzing_data",
            "traject_afsluiten",
            "traject_akkoord",
            "traject_ouderlink",
            "traject_ouderlink_intrekken",
            "traject_vraag_afgehandeld",
            "traject_herverdelen",
        )
    },
    "casemanagement:contact_edit": _("contactmoment bewerken"),
    "casemanagement:plan_edit": _("ondersteuningsplan bewerken"),
    "casemanagement:plan_compare": _("versies van het ondersteuningsplan vergeleken"),
    "casemanagement:plan_pdf": _("ondersteuningsplan als pdf"),
    "casemanagement:inzage": _("inzage-export van het dossier"),
    **{
        f"casemanagement:{name}": OUDERLINK
        for name in (
            "ouder",
            "ouder_akkoord",
            "ouder_vraag",
            "ouder_tevredenheid",
            "ouder_toestemming_intrekken",
        )
    },
    "mdo:overzicht": _("MDO-overzicht en wachtlijst"),
    **{
        f"mdo:{name}": MDO
        for name in (
            "detail",
            "agendapunt_add",
            "agendapunt_remove",
            "expert_invite",
            "ouders_invite",
            "deelnemer_withdraw",
            "annuleren",
            "bewerken",
            "houden",
        )
    },
    **{
        f"mdo:{name}": _("gezin op de MDO-agenda")
        for name in ("punt", "advies", "adviesactie_accept", "adviesactie_decline")
    },
    "audit:access_log": _("toegangslog"),
    "core:start": _("startpagina"),
    "netwerkwerk:consulten": _("consulten (met gekoppelde aanmeldingen)"),
    "bewaring:kalender": _("bewaarkalender"),
    "bewaring:verzoeken": _("verzoeken om gegevens te wissen"),
    "bewaring:verzoek": _("verzoek om gegevens te wissen"),
    "bewaring:verzoek_uitvoeren": _("verzoek om gegevens te wissen uitgevoerd"),
}


def children_of_family(reference: str) -> Iterable[str]:
    """A family number (G-…) → its children's references (the clients of the log)."""
    if not reference.startswith("G-"):
        return ()
    # Exact match on the unique, indexed family reference.
    return Kind.objects.filter(gezin__reference=reference).values_list("reference", flat=True)


def register() -> None:
    register_client_group(children_of_family)
    register_page_labels(PAGE_LABELS)
