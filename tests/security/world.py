"""One small region with one of everything a URL can point at, and a client per role.

Built once per test (a few hundred milliseconds) and shared by every URL of the matrix: each
role's client requests every URL against the same objects. The objects are chosen so that each
role has its own relation to them: the casemanager's own traject, an MDO the expert is invited
to with that family on the agenda (parents' MDO consent given, meeting in three days so the
summaries are open), the gemeente official's gemeente, and a coordinator of another region.
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

from bewaring.constants import Aanvrager, BatchSoort, RootSoort, VerzoekReden
from bewaring.models import Bewaarbatch, Verwijderverzoek
from casemanagement import services as cm
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
from mdo.tokens import antwoord_token
from netwerkwerk import services as nw
from netwerkwerk.constants import DocumentSoort
from signalen.models import Signaal
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.mdo.conftest import traject_with_consent
from tests.mdo.factories import MdoFactory
from tests.netwerkwerk.factories import (
    BesluitFactory,
    StuurgroepLidFactory,
    StuurgroepVergaderingFactory,
    pdf_upload,
)

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


def build_world(personas) -> World:  # noqa: ANN001
    """Needs settings.IVH_PRIVATE_MEDIA_ROOT pointed at a temporary directory (a document)."""
    p = personas
    now = timezone.now()
    # Django's admin opens for staff only; a beheerder is given that flag with the role.
    p.beheerder.is_staff = True
    p.beheerder.save()

    aanmelding = AanmeldingFactory(gemeente=p.gemeente, received_at=now - timedelta(days=2))
    traject = traject_with_consent(p, p.casemanager)
    for words in ("20 woordjes", "50 woordjes"):  # two versions: the comparison page
        cm.plan_save_version(
            traject=traject,
            by=p.casemanager,
            gezinsvraag="Hoe helpen we Noor praten?",
            doelen=[{"domein": "spraak_taal", "omschrijving": words}],
            acties=[],
            evaluatie_datum=timezone.localdate() + timedelta(days=180),
            wijziging="",
        )
    contact = cm.contact_log(
        traject=traject,
        by=p.casemanager,
        datum=timezone.localdate(),
        soort="telefonisch",
        minuten=10,
        notitie="",
    )
    _link, ouder_token = cm.ouderlink_create(
        gezin=traject.gezin, by=p.casemanager, email=traject.gezin.ouder_email
    )
    mdo = MdoFactory(region=p.region, created_by=p.coordinator)
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

    # A registration past its first-contact norm: a signal for the coordinators.
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
        datum=timezone.localdate(),
        kanaal="telefoon",
        vraagsteller="ouder",
        onderwerpen=["gedrag"],
        minuten=10,
    )
    activiteit = nw.activiteit_create(
        region=p.region,
        by=p.coordinator,
        datum=timezone.localdate(),
        soort="training",
        titel="Scholing",
        organisaties=[p.mee],
    )
    sluitingsdag = Sluitingsdag.objects.create(
        region=p.region, day=WorkCalendar().add_workdays(timezone.localdate(), 10), reason="Brugdag"
    )

    # The region's stuurgroep: a member, a meeting with a decision, a document.
    lid = StuurgroepLidFactory(region=p.region, organisatie=p.mee, created_by=p.coordinator)
    vergadering = StuurgroepVergaderingFactory(region=p.region, created_by=p.coordinator)
    besluit = BesluitFactory(region=p.region, vergadering=vergadering, created_by=p.coordinator)
    document = nw.document_toevoegen(
        region=p.region,
        by=p.coordinator,
        soort=DocumentSoort.CONVENANT,
        titel="Convenant",
        bestand=pdf_upload(),
    )
    review = review_begin(region=p.region, jaar=timezone.localdate().year, by=p.coordinator)
    # Retention: a batch of the region and an erasure request for the registration.
    batch = Bewaarbatch.objects.create(
        soort=BatchSoort.HANDMATIG, region=p.region, started_by=p.coordinator, reden="Proef"
    )
    verzoek = Verwijderverzoek.objects.create(
        root_soort=RootSoort.AANMELDING,
        aanmelding=aanmelding,
        region=p.region,
        aanvrager=Aanvrager.OUDER,
        reden=VerzoekReden.TOESTEMMING,
        ontvangen_op=timezone.localdate(),
        ingediend_by=p.coordinator,
    )

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
        object_id=str(traject.pk),
        client_ref=aanmelding.reference,
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
        ("aanmeldpunt", "pk"): str(aanmelding.pk),
        ("trajecten", "pk"): str(traject.pk),
        ("contact", "contact_pk"): str(contact.pk),
        ("mdo", "pk"): str(mdo.pk),
        ("punt", "punt_pk"): str(punt.pk),
        ("organisaties", "pk"): str(p.mee.pk),
        ("regio", "pk"): str(p.region.pk),
        ("regio", "region_pk"): str(p.region.pk),
        ("sluitingsdagen", "sluitingsdag_pk"): str(sluitingsdag.pk),
        ("consulten", "pk"): str(consult.pk),
        ("activiteiten", "pk"): str(activiteit.pk),
        ("quickscan", "gemeente_pk"): str(p.gemeente.pk),
        ("<int:gemeente_pk>", "year"): str(timezone.localdate().year),
        ("signalen", "pk"): _first_pk(Signaal),
        ("leden", "pk"): str(lid.pk),
        ("vergaderingen", "pk"): str(vergadering.pk),
        ("besluiten", "pk"): str(besluit.pk),
        ("documenten", "pk"): str(document.pk),
        ("versies", "pk"): str(document.versies.get().pk),
        ("kwaliteit", "pk"): str(review.pk),
        ("batches", "pk"): str(batch.pk),
        ("verzoeken", "pk"): str(verzoek.pk),
        # The admin's own routes.
        ("r", "content_type_id"): str(ContentType.objects.get_for_model(type(p.region)).pk),
        ("<path:content_type_id>", "object_id"): str(p.region.pk),
        ("user", "id"): str(p.coordinator.pk),
    }
    tokens = {
        PARENT: {"ouder": ouder_token, "antwoord": antwoord_token(ouders)},
        EXPERT: {"antwoord": antwoord_token(expert)},
    }
    return World(clients=clients, arguments=arguments, tokens=tokens)
