"""Mail backends for tests at the edge of the world: no SMTP server, but the same interface."""

from __future__ import annotations

import os
import smtplib
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class SlowFileBackend(FileBackend):
    """Writes each message to a file, after a pause in which the test can kill the worker.
    A file `sending-<pid>` marks that a send has begun."""

    def send_messages(self, messages: list) -> int:
        Path(settings.EMAIL_FILE_PATH, f"sending-{os.getpid()}").touch()
        time.sleep(float(os.environ.get("IVH_TEST_MAIL_DELAY", "0")))
        return super().send_messages(messages)


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages: list) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
