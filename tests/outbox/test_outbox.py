"""The outbox: one row per e-mail, written with the change that causes it, sent once."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import resolve
from django.utils import timezone

from casemanagement import services as cm_services
from casemanagement.models import OuderLink
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_put, outbox_send, outbox_sweep
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def traject(personas):
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    traject.gezin.ouder_email = "ouder@example.org"
    traject.gezin.save()
    return traject


def _link_mail(traject, by) -> OutboxMessage:
    link = cm_services.ouderlink_send(traject=traject, by=by)
    return OutboxMessage.objects.get(key=f"casemanagement.ouderlink:{link.pk}")


def test_a_second_row_for_the_same_event_is_a_no_op_and_keeps_the_callers_transaction(
    personas, traject
):
    with transaction.atomic():
        first = outbox_put(
            key="casemanagement.ouderlink:dup",
            kind="casemanagement.ouderlink",
            recipient="a@example.org",
            context={"link_id": 0},
        )
        second = outbox_put(
            key="casemanagement.ouderlink:dup",
            kind="casemanagement.ouderlink",
            recipient="a@example.org",
            context={"link_id": 0},
        )
        # The transaction is still usable after the duplicate.
        assert OutboxMessage.objects.filter(key="casemanagement.ouderlink:dup").count() == 1
    assert first is not None and second is None


def test_an_unknown_kind_is_refused_when_written_not_when_sent(db):
    with pytest.raises(LookupError):
        outbox_put(key="x", kind="nergens.iets", recipient="a@example.org")
    assert not OutboxMessage.objects.exists()


def test_the_parents_link_mail_keeps_no_token_and_its_link_works(personas, traject, client):
    message = _link_mail(traject, personas.casemanager)
    stored = " ".join(
        str(v) for v in OutboxMessage.objects.filter(pk=message.pk).values().get().values()
    )
    assert outbox_sweep() == {"sent": 1}
    [sent] = mail.outbox
    url = re.search(r"https?://\S+/ouder/(\S+)/", sent.body)
    assert url is not None
    token = url.group(1)
    # No column of the outbox row (nor of the link row) holds the token.
    assert token not in stored
    link = OuderLink.objects.get()
    assert token not in " ".join(str(v) for v in OuderLink.objects.values().get().values())
    assert resolve(f"/ouder/{token}/").url_name == "ouder"
    assert cm_services.ouderlink_resolve(token) == link
    assert sent.extra_headers["Message-ID"] == f"<ivh-outbox-{message.pk}@ivh.example>"


def test_a_forged_or_revoked_parents_token_opens_nothing(personas, traject):
    message = _link_mail(traject, personas.casemanager)
    link = OuderLink.objects.get()
    from casemanagement.tokens import ouderlink_token

    token = ouderlink_token(link)
    pk, _sep, signature = token.partition(".")
    assert cm_services.ouderlink_resolve(f"{pk}.{signature[:-2]}xx") is None
    assert cm_services.ouderlink_resolve(f"{int(pk) + 1}.{signature}") is None
    cm_services.ouderlink_revoke(link=link, by=personas.casemanager)
    assert cm_services.ouderlink_resolve(token) is None
    # A link revoked before its mail went out is not mailed at all.
    assert outbox_send(message_id=message.pk) == "skipped"
    assert mail.outbox == []


def test_a_row_claimed_by_another_sender_is_left_alone(personas, traject):
    message = _link_mail(traject, personas.casemanager)
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() + timedelta(minutes=5)
    )
    assert outbox_send(message_id=message.pk) == "busy"
    assert outbox_sweep() == {}
    assert mail.outbox == []
    # Once the claim has expired (its sender died), the sweep sends it.
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert outbox_sweep() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_a_row_scheduled_for_later_waits(personas, traject):
    message = _link_mail(traject, personas.casemanager)
    OutboxMessage.objects.filter(pk=message.pk).update(
        not_before=timezone.now() + timedelta(hours=1)
    )
    assert outbox_send(message_id=message.pk) == "busy"
    assert outbox_sweep() == {}
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.support.mail.RefusingBackend", IVH_OUTBOX_MAX_ATTEMPTS=2)
def test_a_refusing_mail_server_is_retried_with_backoff_then_given_up(personas, traject):
    message = _link_mail(traject, personas.casemanager)
    assert outbox_send(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert message.attempts == 1 and message.sent_at is None
    assert "SMTPServerDisconnected" in message.last_error
    assert message.claimed_until > timezone.now() + timedelta(seconds=30)  # the backoff
    assert outbox_sweep() == {}  # not before the backoff has passed
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None)
    assert outbox_send(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.failed_at is not None and message.status == "failed"
    assert outbox_sweep() == {}


def test_only_the_outbox_builds_and_sends_email():
    """Every e-mail goes through ivh.outbox: no other module may send mail by itself."""
    offenders = []
    pattern = re.compile(
        r"from django\.core\.mail import|import django\.core\.mail|send_mail\(|"
        r"EmailMessage\(|EmailMultiAlternatives|\.send_messages\("
    )
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".", "tests/", "ivh/outbox/", "bench/", "scripts/", "static")):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []


def test_the_beheerder_sees_the_outbox_in_the_admin_and_a_coordinator_does_not(
    personas, traject, login
):
    message = _link_mail(traject, personas.casemanager)
    personas.beheerder.is_staff = True
    personas.beheerder.save()
    url = "/beheer/outbox/outboxmessage/?status=pending"
    page = login(personas.beheerder).get(url)
    assert page.status_code == 200
    assert "ouder@example.org" in page.content.decode()
    assert (
        login(personas.beheerder)
        .get(f"/beheer/outbox/outboxmessage/{message.pk}/change/")
        .status_code
        == 200
    )
    assert login(personas.coordinator).get(url).status_code in (302, 403)


def test_a_mail_for_an_address_corrected_since_is_not_sent(personas, traject):
    message = _link_mail(traject, personas.casemanager)
    traject.gezin.ouder_email = "juist@example.org"
    traject.gezin.save()
    assert outbox_send(message_id=message.pk) == "skipped"
    assert mail.outbox == []


def test_a_link_made_before_signed_tokens_opens_nothing(personas, traject):
    import hashlib

    old = OuderLink.objects.create(
        gezin=traject.gezin,
        token_hash=hashlib.sha256(b"oud-token").hexdigest(),
        email=traject.gezin.ouder_email,
        expires_at=timezone.now() + timedelta(days=10),
    )
    assert old.usable
    assert cm_services.ouderlink_resolve("oud-token") is None
