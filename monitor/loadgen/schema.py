"""The tables the generator writes, with the columns in the order the builders give them.

Parents come before children: the foreign keys are checked at the end of each COPY, so a
wrong id stops the run at the table that holds it."""

from __future__ import annotations

from aanmelding.models import Aanmelding, Toestemming
from casemanagement.models import (
    Contactmoment,
    Gezin,
    Kind,
    Ondersteuningsplan,
    OuderVraag,
    PlanAkkoord,
    PlanVersie,
    Tevredenheid,
    Traject,
    TrajectToewijzing,
    Verwijzing,
)
from ivh.accounts.models import RoleAssignment, User
from ivh.audit.models import AccessLogEntry
from ivh.netwerk.models import Dienst, Gemeente, Organisatie, Postcodegebied, Region
from ivh.termijnen.models import Norm, Pauze, Termijn
from mdo.models import Adviesactie, Agendapunt, Deelnemer, Mdo
from signalen.models import Signaal

from .tables import Tables

# The region's own norm columns (before the norms were versioned), by rule.
LEGACY_REGION_NORMS = {
    "eerste_contact": "norm_eerste_contact_werkdagen",
    "mdo": "norm_mdo_weken",
    "vervolghulp": "norm_vervolghulp_weken",
    "evaluatie": "evaluatie_maanden",
}
ORGANISATIE_REGIONS = Organisatie.regions.through
WERKGEBIED = RoleAssignment.werkgebied.through


def make_tables() -> Tables:
    tables = Tables()
    add = tables.add
    region_fields = {f.attname for f in Region._meta.concrete_fields}
    add(
        Region,
        [
            "id",
            "name",
            "slug",
            "organisatie_model",
            "aanmeldpunt_name",
            "aanmeldpunt_telefoon",
            "aanmeldpunt_email",
            "aanmeldpunt_adres",
            "aanmeldpunt_bereikbaar",
            "prevalentie_procent",
            # Kept in step with the versioned norms while the model still has them.
            *(c for c in LEGACY_REGION_NORMS.values() if c in region_fields),
        ],
    )
    add(
        Norm,
        ["id", "region_id", "regel", "amount", "unit", "warn_percent", "far_percent"]
        + ["valid_from", "reason"],
    )
    add(Gemeente, ["id", "name", "cbs_code", "region_id", "kinderen_0_6", "kinderen_peiljaar"])
    add(Postcodegebied, ["id", "gemeente_id", "van", "tot"])
    add(
        Organisatie,
        ["id", "name", "soort", "disciplines", "telefoon", "email", "wachttijd_weken"]
        + ["wachttijd_reported_at"],
    )
    add(ORGANISATIE_REGIONS, ["id", "organisatie_id", "region_id"])
    add(Dienst, ["id", "organisatie_id", "name", "wachttijd_weken"])
    add(
        User,
        ["id", "password", "is_superuser", "email", "full_name", "phone", "is_active"]
        + ["is_staff", "date_joined"],
    )
    add(
        RoleAssignment,
        ["id", "user_id", "role", "region_id", "organisatie_id", "gemeente_id", "discipline"]
        + ["expertise", "active"],
    )
    add(WERKGEBIED, ["id", "roleassignment_id", "gemeente_id"])
    add(
        Aanmelding,
        [
            "id",
            "reference",
            "submission_token",
            "kanaal",
            "verwijzer_soort",
            "verwijzer_name",
            "verwijzer_organisatie",
            "verwijzer_telefoon",
            "ouders_op_de_hoogte",
            "kind_first_name",
            "kind_geboortedatum",
            "ouder_name",
            "ouder_telefoon",
            "ouder_email",
            "contact_voorkeur",
            "postcode",
            "gemeente_id",
            "region_id",
            "zorg",
            "zorg_domeinen",
            "betrokken",
            "gezag",
            "andere_gezagsdrager",
            "taal",
            "status",
            "received_at",
            "first_contact_at",
            "first_contact_wijze",
            "first_contact_by_id",
            "closed_at",
            "closed_by_id",
            "uitkomst_toelichting",
            "verwezen_naar_id",
            "verwezen_dienst_id",
            "doorgestuurd_van_id",
            "doorgestuurd_naar",
            "duplicate_of_id",
            "intake_notities",
            "confirmation_sent_at",
        ],
    )
    add(
        Toestemming,
        ["id", "aanmelding_id", "doel", "gegeven", "toelichting", "tekst_versie"]
        + ["recorded_at", "withdrawn_at"],
    )
    add(
        Gezin,
        ["id", "reference", "region_id", "gemeente_id", "ouder_name", "ouder_telefoon"]
        + ["ouder_email", "postcode", "created_at"],
    )
    add(Kind, ["id", "reference", "gezin_id", "first_name", "geboortedatum"])
    add(
        Traject,
        [
            "id",
            "gezin_id",
            "aanmelding_id",
            "region_id",
            "gemeente_id",
            "casemanager_id",
            "fase",
            "received_at",
            "first_contact_at",
            "casemanager_assigned_at",
            "first_mdo_held_at",
            "plan_agreed_at",
            "closed_at",
            "afsluitreden",
            "doelen_behaald",
            "afsluit_toelichting",
            "closed_by_id",
        ],
    )
    add(
        TrajectToewijzing,
        ["id", "traject_id", "casemanager_id", "assigned_by_id", "assigned_at", "ended_at"]
        + ["reden"],
    )
    add(
        Contactmoment,
        ["id", "traject_id", "datum", "soort", "minuten", "notitie", "created_by_id"]
        + ["created_at"],
    )
    add(
        Verwijzing,
        ["id", "traject_id", "organisatie_id", "dienst_id", "referred_at", "started_at"]
        + ["ended_at", "toelichting", "created_by_id"],
    )
    add(Ondersteuningsplan, ["id", "gezin_id", "created_at"])
    add(
        PlanVersie,
        ["id", "plan_id", "nummer", "gezinsvraag", "doelen", "acties", "evaluatie_datum"]
        + ["volgende_dag", "wijziging", "created_by_id", "created_at"],
    )
    add(PlanAkkoord, ["id", "versie_id", "agreed_at", "wijze", "recorded_by_id"])
    add(
        Tevredenheid,
        ["id", "traject_id", "invited_at", "reminded_at", "score", "opmerking", "terugbellen"]
        + ["answered_at"],
    )
    add(
        OuderVraag,
        ["id", "traject_id", "tekst", "terugbellen", "created_at", "handled_at"]
        + ["handled_by_id"],
    )
    add(
        Mdo,
        [
            "id",
            "uid",
            "region_id",
            "starts_at",
            "duur_minuten",
            "locatie",
            "video_link",
            "voorzitter_id",
            "max_agendapunten",
            "status",
            "sequence",
            "notulen",
            "held_at",
            "cancelled_at",
            "created_by_id",
            "created_at",
        ],
    )
    add(
        Agendapunt,
        ["id", "mdo_id", "traject_id", "vraag", "disciplines", "start_minuut", "minuten"]
        + ["ouders_aanwezig", "advies", "advice_by_id", "advice_at", "created_at"],
    )
    add(
        Deelnemer,
        ["id", "mdo_id", "soort", "user_id", "agendapunt_id", "name", "email", "discipline"]
        + ["organisatie_id", "antwoord", "answered_at", "aanwezig", "sent_sequence"]
        + ["sent_at", "created_at"],
    )
    add(
        Adviesactie,
        ["id", "agendapunt_id", "wat", "organisatie_id", "wanneer", "status", "proposed_by_id"]
        + ["proposed_at", "handled_by_id", "handled_at"],
    )
    add(
        Termijn,
        ["id", "subject_kind", "subject_id", "regel", "occurrence", "region_id", "norm_id"]
        + ["started_at", "warn_at", "due_at", "far_at", "deadline_version"]
        + ["deadline_reason", "stopped_at"],
    )
    add(
        Pauze,
        ["id", "termijn_id", "started_at", "ended_at", "reden", "toelichting", "created_by_id"]
        + ["ended_by_id"],
    )
    add(
        Signaal,
        ["id", "termijn_id", "regel", "region_id", "level", "deadline_version", "raised_at"]
        + ["resolved_at", "acknowledged_at", "acknowledged_by_id", "acknowledgement"],
    )
    add(
        AccessLogEntry,
        [
            "id",
            "at",
            "user_id",
            "actor_label",
            "role",
            "organisatie_name",
            "action",
            "object_type",
            "object_id",
            "client_ref",
            "client_refs",
            "query",
            "region_id",
            "ip_address",
            "user_agent",
            "view_name",
            "path",
        ],
    )
    return tables
