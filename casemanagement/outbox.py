"""E-mail content for parents: their personal link, and the satisfaction survey after closure.
Never a child's name, age, concerns or plan: a greeting, a link, and who to call. Sent through
the outbox (ivh.outbox); the link is rebuilt here from the link row, never stored."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ivh.outbox.models import OutboxMessage
from ivh.outbox.registry import Rendered, renderer, staff_kind

from .feiten import traject_termijnen_bijwerken
from .models import OuderLink, OuderVraag, PlanVersie, Tevredenheid, Traject
from .tokens import ouderlink_token

OUDERLINK_MAIL = "casemanagement.ouderlink"
SURVEY_MAIL = "casemanagement.tevredenheid"
SURVEY_REMINDER_AFTER = timedelta(days=7)
PLAN_MAIL = "casemanagement.plan_nieuw"


def plan_mail_key(versie: PlanVersie) -> str:
    """One mail per plan version that needs the parents' agreement again."""
    return f"{PLAN_MAIL}:{versie.pk}"


def _link_url(link: OuderLink) -> str:
    return settings.IVH_BASE_URL.rstrip("/") + reverse(
        "casemanagement:ouder", args=[ouderlink_token(link)]
    )


def _usable_link(message: OutboxMessage) -> OuderLink | None:
    """The link of the row if it still works and still belongs at the row's address: a link
    revoked, expired, or for an address corrected since, is not sent."""
    link = (
        OuderLink.objects.select_related("gezin__region")
        .filter(pk=message.context["link_id"])
        .first()
    )
    if link is None or not link.usable or not link.nonce:
        return None
    current = (link.gezin.ouder_email or "").lower()
    if current != message.recipient.lower() or link.email.lower() != current:
        return None
    return link


@renderer(OUDERLINK_MAIL)
def render_ouderlink(message: OutboxMessage) -> Rendered | None:
    link = _usable_link(message)
    if link is None:  # revoked or expired before the mail went out
        return None
    body = render_to_string(
        "casemanagement/email/ouderlink.txt",
        {"url": _link_url(link), "region": link.gezin.region, "days": settings.IVH_OUDERLINK_DAYS},
    )
    return Rendered(subject=_("Uw persoonlijke link voor Integrale Vroeghulp"), body=body)


@renderer(SURVEY_MAIL)
def render_survey(message: OutboxMessage) -> Rendered | None:
    reminder = bool(message.context.get("herinnering"))
    survey = Tevredenheid.objects.filter(traject_id=message.context["traject_id"]).first()
    link = _usable_link(message)
    if survey is None or survey.answered_at is not None or link is None:
        return None
    if reminder and survey.invited_at is None:
        return None  # the invitation itself never went out: no reminder of it
    body = render_to_string(
        "casemanagement/email/tevredenheid.txt",
        {"url": _link_url(link), "region": link.gezin.region, "herinnering": reminder},
    )
    field = "reminded_at" if reminder else "invited_at"

    def stamp() -> None:
        Tevredenheid.objects.filter(pk=survey.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        # The survey's deadline runs from the invitation that actually went out.
        traject_termijnen_bijwerken(survey.traject_id)

    return Rendered(
        subject=_("Hoe was de hulp van Integrale Vroeghulp?"), body=body, after_send=stamp
    )


@renderer(PLAN_MAIL)
def render_plan_nieuw(message: OutboxMessage) -> Rendered | None:
    """A new version of the plan waits for the parents' agreement. Not sent when they have
    agreed to it (or to a later one) before the mail went out, or the link no longer works."""
    versie = PlanVersie.objects.filter(pk=message.context["versie_id"]).first()
    link = _usable_link(message)
    if versie is None or link is None:
        return None
    newest = (
        PlanVersie.objects.filter(plan_id=versie.plan_id)
        .select_related("akkoord")
        .order_by("-nummer")
        .first()
    )
    if hasattr(newest, "akkoord"):
        return None
    body = render_to_string(
        "casemanagement/email/plan_nieuw.txt",
        {"url": _link_url(link), "region": link.gezin.region, "days": settings.IVH_OUDERLINK_DAYS},
    )
    return Rendered(
        subject=_("Er staat iets nieuws voor u klaar bij Integrale Vroeghulp"), body=body
    )


CASEMANAGER_ASSIGNED = "casemanagement.toegewezen"


@renderer(CASEMANAGER_ASSIGNED)
def render_casemanager_assigned(message: OutboxMessage) -> Rendered | None:
    """To a casemanager: a family was assigned to them. The family's reference and a link to
    the traject (behind login), nothing about the child."""
    traject = (
        Traject.objects.select_related("gezin", "region")
        .filter(pk=message.context["traject_id"])
        .first()
    )
    # Given to someone else (or closed) before the mail went out: no longer news.
    if (
        traject is None
        or traject.casemanager_id != message.context["casemanager_id"]
        or not traject.is_open
    ):
        return None
    body = render_to_string(
        "aanmelding/email/casemanager_toegewezen.txt",
        {
            "reference": traject.gezin.reference,
            "region": traject.region,
            "url": settings.IVH_BASE_URL.rstrip("/")
            + reverse("casemanagement:traject", args=[traject.pk]),
        },
    )
    return Rendered(
        subject=_("Er is een gezin aan u toegewezen (%(ref)s)") % {"ref": traject.gezin.reference},
        body=body,
    )


def _traject_reference(context: dict[str, object]) -> str:
    pk = context.get("traject_id")
    traject = (
        Traject.objects.select_related("gezin").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    return traject.gezin.reference if traject else "–"


staff_kind(
    CASEMANAGER_ASSIGNED,
    label=gettext_lazy("Er is een gezin aan u toegewezen"),
    line=lambda context: (
        _("Gezin %(ref)s is aan u toegewezen") % {"ref": _traject_reference(context)}
    ),
)

PARENT_QUESTION = "casemanagement.oudervraag"


def _question(context: dict[str, object]) -> OuderVraag | None:
    pk = context.get("vraag_id")
    if not isinstance(pk, int):
        return None
    return (
        OuderVraag.objects.select_related("traject__gezin", "traject__region").filter(pk=pk).first()
    )


def _question_line(context: dict[str, object]) -> str:
    vraag = _question(context)
    if vraag is None or vraag.handled_at is not None:
        return ""
    return _("De ouders van gezin %(ref)s stellen een vraag") % {
        "ref": vraag.traject.gezin.reference
    }


staff_kind(
    PARENT_QUESTION,
    label=gettext_lazy("De ouders stellen een vraag via hun persoonlijke pagina"),
    line=_question_line,
)


@renderer(PARENT_QUESTION)
def render_parent_question(message: OutboxMessage) -> Rendered | None:
    """To the casemanager: the parents asked something. Not the question itself (it may say
    anything about the child): the family's reference and a link."""
    vraag = _question(message.context)
    if vraag is None or vraag.handled_at is not None:
        return None
    traject = vraag.traject
    body = render_to_string(
        "casemanagement/email/oudervraag.txt",
        {
            "reference": traject.gezin.reference,
            "terugbellen": vraag.terugbellen,
            "region": traject.region,
            "url": settings.IVH_BASE_URL.rstrip("/")
            + reverse("casemanagement:traject", args=[traject.pk]),
        },
    )
    return Rendered(
        subject=_("Een vraag van de ouders (%(ref)s)") % {"ref": traject.gezin.reference},
        body=body,
    )
