"""Log filters for the console handler (ivh/settings/base.py LOGGING)."""

from __future__ import annotations

import logging


class RefusalsOnOneLine(logging.Filter):
    """A refused request (403, 404, 400, a CSRF failure, a disallowed host) is ordinary traffic:
    one line that says what was refused, without the traceback Django attaches to it. Server
    errors (5xx) keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        refused = isinstance(status, int) and 400 <= status < 500
        if refused or record.name.startswith("django.security"):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
