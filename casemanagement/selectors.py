"""Reads for casemanagement, scoped to the user in the query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aanmelding.models import Aanmelding
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.constants import ZorgDomein

from .constants import OPEN_FASEN


@dataclass(frozen=True)
class CasemanagerSuggestion:
    user: User
    organisatie_name: str
    caseload: int
    in_gemeente: bool
    expertise_match: list[str]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.in_gemeente:
            reasons.append(_("werkt in deze gemeente"))
        if self.expertise_match:
            labels = dict(ZorgDomein.choices)
            reasons.append(
                _("expertise: %(domains)s")
                % {"domains": ", ".join(str(labels[d]).lower() for d in self.expertise_match)}
            )
        reasons.append(
            ngettext("%(n)d gezin in caseload", "%(n)d gezinnen in caseload", self.caseload)
            % {"n": self.caseload}
        )
        return reasons


def casemanager_suggestions(aanmelding: Aanmelding) -> list[CasemanagerSuggestion]:
    """Casemanagers of the registration's region, best match first: working in the child's
    gemeente, then expertise overlapping the concern domains, then the smallest caseload.
    One query for the casemanagers with their open caseload counted in the database."""
    assignments = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.CASEMANAGER,
            role_assignments__region_id=aanmelding.region_id,
            role_assignments__active=True,
        )
        .annotate(
            caseload=Count("trajecten", filter=Q(trajecten__fase__in=OPEN_FASEN), distinct=True)
        )
        .values("pk", "caseload")
    )
    caseload = {row["pk"]: row["caseload"] for row in assignments}
    roles = (
        RoleAssignment.objects.filter(
            user_id__in=caseload, role=Role.CASEMANAGER, region_id=aanmelding.region_id, active=True
        )
        .select_related("user", "organisatie")
        .prefetch_related("werkgebied")
    )
    wanted = set(aanmelding.zorg_domeinen)
    suggestions = [
        CasemanagerSuggestion(
            user=role.user,
            organisatie_name=role.organisatie.name,
            caseload=caseload[role.user_id],
            in_gemeente=any(g.pk == aanmelding.gemeente_id for g in role.werkgebied.all()),
            expertise_match=[d for d in role.expertise if d in wanted],
        )
        for role in roles
    ]
    suggestions.sort(
        key=lambda s: (not s.in_gemeente, -len(s.expertise_match), s.caseload, s.user.full_name)
    )
    return suggestions
