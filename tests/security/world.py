"""One small region with one of everything a URL can point at, and a client per role.

Built once per test (a few hundred milliseconds) and shared by every URL of the matrix: each
role's client requests every URL against the same objects. The objects are chosen so that each
role has its own relation to them: the casemanager's own traject, an MDO the expert is invited
to with that family on the agenda (parents' MDO consent given, meeting in three days so the
summaries are open), the gemeente official's gemeente, and a coordinator of another region.

The objects and the URL arguments pointing at them (`build_objects`) are shared with the
access-log test and the fuzz test, which add what only they need on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_results.models import TaskResult
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanmelding.models import Aanmelding
from bewaring import services as bw
from bewaring.constants import Aanvrager, BatchSoort, VerzoekReden
from bewaring.models import Bewaarbatch
from casemanagement import services as cm
from casemanagement.models import Traject
from ivh.accounts.constants import SecurityEventKind
from ivh.accounts.models import User
from ivh.accounts.services import security_event_record
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from ivh.termijnen.constants import Regel
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.calendar import WorkCalendar
from ivh.werkkalender.models import Sluitingsdag
from ivh.werkkalender.services import calendar_extend
from kwaliteit.services import review_begin
from mdo import services as ms
from mdo.models import Agendapunt, Deelnemer, Mdo
from mdo.tokens import antwoord_token
from netwerkwerk import services as nw
from netwerkwerk.constants import DocumentSoort
from signalen.models import Signaal
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory
from tests.netwerkwerk.factories import pdf_upload

# The roles of the matrix, in the order its report lists them.
ANONYMOUS = "anonymous"
PARENT = "parent"
COORDINATOR = "coordinator"
CASEMANAGER = "casemanager"
EXPERT = "expert"
GEMEENTE = "gemeente"
BEHEERDER = "beheerder"
UNVERIFIED = "unverified"
OUTSIDER = "outsider"
ROLES = (
    ANONYMOUS,
    PARENT,
    COORDINATOR,
    CASEMANAGER,
    EXPERT,
    GEMEENTE,
    BEHEERDER,
    UNVERIFIED,
    OUTSIDER,
)

# Everyone with a session (the parent has none: only links).
LOGGED_IN = tuple(role for role in ROLES if role not in (ANONYMOUS, PARENT))

# What a role that holds no real link puts where a token goes: well-formed, wrongly signed.
FORGED_TOKEN = "1:Zm9yZ2VkLXRva2Vu"


@dataclass
class World:
    clients: dict[str, Client]
    # Path arguments by (the path segment before the argument, its name): ("trajecten", "pk").
    arguments: dict[tuple[str, str], str]
    # Tokens per role, by the segment before them ("ouder", "antwoord", "link").
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def token(self, role: str, segment: str) -> str:
        return self.tokens.get(role, {}).get(segment, FORGED_TOKEN)


def _verified_client(user: User) -> Client:
    """Logged in with the password and the second factor, as after a real 2FA login."""
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _unverified_client(personas) -> Client:  # noqa: ANN001
    """Password right, second factor not yet given, and every right there is: if any
    non-public page lets this user in, 2FA is not enforced there."""
    user = RoleAssignmentFactory(coordinator=True, region=personas.region).user
    RoleAssignmentFactory(
        user=user, casemanager=True, region=personas.region, organisatie=personas.mee
    )
    RoleAssignmentFactory(user=user, beheerder=True)
    RoleAssignmentFactory(user=user, gemeente_official=True, gemeente=personas.gemeente)
    user.is_staff = user.is_superuser = True
    user.save()
    TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    client = Client()
    client.force_login(user)
    return client


def _first_pk(model: type[models.Model]) -> str:
    return str(model._default_manager.order_by("pk").values_list("pk", flat=True)[0])


@dataclass
class Objects:
    """What `build_objects` made: the objects the other tests build on, and `arguments`, which
    object each URL argument of the project points at."""

    aanmelding: Aanmelding  # open, past its first-contact norm (a signal)
    traject: Traject  # the casemanager's, in phase MDO, with two plan versions and a contact
    mdo: Mdo  # in three days, with `traject` on its agenda
    punt: Agendapunt
    ouders: Deelnemer  # the parents' invitation to `punt`
    expert: Deelnemer  # the expert's invitation to `mdo`
    ouder_token: str  # the family's personal link
    # Path arguments by (the path segment before the argument, its name): ("trajecten", "pk").
    # The one place to add an object for a new URL argument: the URL matrix
    # (test_url_matrix.py), the access-log test (tests/audit/test_every_client_view_logs.py)
    # and the fuzz test (tests/core/test_fuzz.py) all fill in their URLs from it (only the
    # admin's routes, which the matrix alone opens, are added in build_world).
    arguments: dict[tuple[str, str], str]


def build_objects(personas) -> Objects:  # noqa: ANN001
    """One of everything a URL argument can point at, in `personas`' region; no clients.
    Needs settings.IVH_PRIVATE_MEDIA_ROOT pointed at a temporary directory (a document)."""
    p = personas
    now = timezone.now()
    today = timezone.localdate()

    aanmelding = AanmeldingFactory(gemeente=p.gemeente, received_at=now - timedelta(days=2))
    traject = traject_with_consent(p, p.casemanager)
    for words in ("20 woordjes", "50 woordjes"):  # two versions: the comparison page
        cm.plan_save_version(
            traject=traject,
            by=p.casemanager,
            gezinsvraag="Hoe helpen we Noor praten?",
            doelen=[{"domein": "spraak_taal", "omschrijving": words}],
            acties=[],
            evaluatie_datum=today + timedelta(days=180),
            wijziging="",
        )
    contact = cm.contact_log(
        traject=traject, by=p.casemanager, datum=today, soort="telefonisch", minuten=10, notitie=""
    )
    _link, ouder_token = cm.ouderlink_create(
        gezin=traject.gezin, by=p.casemanager, email=traject.gezin.ouder_email
    )
    # Room on the agenda beyond the default four: the fuzz test adds families of its own.
    mdo = MdoFactory(region=p.region, created_by=p.coordinator, max_agendapunten=6)
    punt = ms.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=p.coordinator,
        vraag="Wat heeft Noor nodig?",
        disciplines=["logopedist"],
        minuten=30,
    )
    ouders = ms.deelnemer_invite_ouders(agendapunt=punt, by=p.coordinator)
    expert = ms.deelnemer_invite_expert(mdo=mdo, expert=p.expert, by=p.coordinator)

    # The registration past its first-contact norm: a signal for the coordinators. The scan
    # also starts the traject's own deadlines.
    calendar_extend()
    termijn_start(
        subject_kind="aanmelding",
        subject_id=aanmelding.pk,
        regel=Regel.EERSTE_CONTACT,
        region_id=p.region.pk,
        started_at=now - timedelta(days=30),
    )
    scan()
    consult = nw.consult_record(
        region=p.region,
        by=p.coordinator,
        datum=today,
        kanaal="telefoon",
        vraagsteller="ouder",
        onderwerpen=["gedrag"],
        minuten=10,
    )
    activiteit = nw.activiteit_create(
        region=p.region,
        by=p.coordinator,
        datum=today,
        soort="training",
        titel="Scholing",
        organisaties=[p.mee],
    )
    sluitingsdag = Sluitingsdag.objects.create(
        region=p.region, day=WorkCalendar().add_workdays(today, 10), reason="Brugdag"
    )

    # The region's stuurgroep: a member, a meeting with a decision, a document with a version.
    lid = nw.stuurgroeplid_toevoegen(
        region=p.region, by=p.coordinator, organisatie=p.mee, naam="Lid", sinds=today
    )
    vergadering = nw.vergadering_vastleggen(region=p.region, by=p.coordinator, datum=today)
    besluit = nw.besluit_vastleggen(
        region=p.region,
        vergadering=vergadering,
        wat="Iets",
        wie="coördinator",
        uiterlijk=None,
        by=p.coordinator,
    )
    document = nw.document_toevoegen(
        region=p.region,
        by=p.coordinator,
        soort=DocumentSoort.CONVENANT,
        titel="Convenant",
        bestand=pdf_upload(),
    )
    review = review_begin(region=p.region, jaar=today.year, by=p.coordinator)
    # Retention: a batch of the region (not every region's: the outsider is refused) and an
    # erasure request for the registration.
    batch = Bewaarbatch.objects.create(
        soort=BatchSoort.HANDMATIG, region=p.region, started_by=p.coordinator, reden="Proef"
    )
    verzoek = bw.verwijderverzoek_record(
        root=aanmelding,
        by=p.coordinator,
        aanvrager=Aanvrager.OUDER,
        reden=VerzoekReden.TOESTEMMING,
        ontvangen_op=today,
    )

    # A substitution arranged for later (it does not overlap the fuzz walk's own).
    vervanging = cm.vervanging_create(
        afwezige=p.colleague_casemanager,
        vervanger=p.casemanager,
        region_id=p.region.pk,
        van=today + timedelta(days=60),
        tot=today + timedelta(days=70),
        reden="Cursus",
        by=p.coordinator,
    )

    arguments = {
        ("aanmeldpunt", "pk"): str(aanmelding.pk),
        ("vervanging", "pk"): str(vervanging.pk),
        ("trajecten", "pk"): str(traject.pk),
        ("contact", "contact_pk"): str(contact.pk),
        ("mdo", "pk"): str(mdo.pk),
        ("punt", "punt_pk"): str(punt.pk),
        # Tokens: the family's link, the expert's answer link (the URL matrix gives each role
        # its own token instead, see World.tokens).
        ("ouder", "token"): ouder_token,
        ("antwoord", "token"): antwoord_token(expert),
        ("organisaties", "pk"): str(p.mee.pk),
        ("regio", "pk"): str(p.region.pk),
        ("regio", "region_pk"): str(p.region.pk),
        ("sluitingsdagen", "sluitingsdag_pk"): str(sluitingsdag.pk),
        ("consulten", "pk"): str(consult.pk),
        ("activiteiten", "pk"): str(activiteit.pk),
        ("quickscan", "gemeente_pk"): str(p.gemeente.pk),
        ("<int:gemeente_pk>", "year"): str(today.year),
        ("signalen", "pk"): _first_pk(Signaal),
        ("leden", "pk"): str(lid.pk),
        ("vergaderingen", "pk"): str(vergadering.pk),
        ("besluiten", "pk"): str(besluit.pk),
        ("documenten", "pk"): str(document.pk),
        ("versies", "pk"): str(document.versies.get().pk),
        ("kwaliteit", "pk"): str(review.pk),
        ("batches", "pk"): str(batch.pk),
        ("verzoeken", "pk"): str(verzoek.pk),
    }
    return Objects(
        aanmelding=aanmelding,
        traject=traject,
        mdo=mdo,
        punt=punt,
        ouders=ouders,
        expert=expert,
        ouder_token=ouder_token,
        arguments=arguments,
    )


def build_world(personas) -> World:  # noqa: ANN001
    """The objects of `build_objects`, a row of every model the admin shows, and a client per
    role. Needs settings.IVH_PRIVATE_MEDIA_ROOT pointed at a temporary directory."""
    p = personas
    objects = build_objects(p)
    # Django's admin opens for staff only; a beheerder is given that flag with the role.
    p.beheerder.is_staff = True
    p.beheerder.save()

    # One row of every model the admin shows, so each change page has something to open.
    AccessAttempt.objects.create(
        username="iemand@example.org",
        ip_address="192.0.2.1",
        user_agent="x",
        failures_since_start=1,
    )
    AccessLog.objects.create(username=p.coordinator.email, ip_address="192.0.2.1", user_agent="x")
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    CrontabSchedule.objects.create(minute="0", hour="6")
    PeriodicTask.objects.get_or_create(
        name="matrix", defaults={"task": "ivh.core.tasks.noop", "interval": interval}
    )
    TaskResult.objects.create(task_id="matrix-1", status="SUCCESS")
    security_event_record(
        kind=SecurityEventKind.ROLE_GRANTED, subject=p.coordinator, by=p.beheerder
    )
    AccessLogEntry.objects.create(
        user=p.coordinator,
        actor_label=p.coordinator.email,
        action=AccessAction.VIEW,
        object_type="traject",
        object_id=str(objects.traject.pk),
        client_ref=objects.aanmelding.reference,
    )

    clients = {
        ANONYMOUS: Client(),
        PARENT: Client(),
        COORDINATOR: _verified_client(p.coordinator),
        CASEMANAGER: _verified_client(p.casemanager),
        EXPERT: _verified_client(p.expert),
        GEMEENTE: _verified_client(p.gemeente_official),
        BEHEERDER: _verified_client(p.beheerder),
        UNVERIFIED: _unverified_client(p),
        OUTSIDER: _verified_client(p.outsider_coordinator),
    }
    arguments = {
        **objects.arguments,
        # The admin's own routes.
        ("r", "content_type_id"): str(ContentType.objects.get_for_model(type(p.region)).pk),
        ("<path:content_type_id>", "object_id"): str(p.region.pk),
        ("user", "id"): str(p.coordinator.pk),
    }
    tokens = {
        PARENT: {"ouder": objects.ouder_token, "antwoord": antwoord_token(objects.ouders)},
        EXPERT: {"antwoord": antwoord_token(objects.expert)},
    }
    return World(clients=clients, arguments=arguments, tokens=tokens)
