"""Log filters for the console handler (ivh/settings/base.py LOGGING)."""

from __future__ import annotations

import logging
import re

from .logsafe import safe_url


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


# A path or URL inside a message: "/ouder/<token>/?x=1", "https://host/ouder/<token>/".
_URL = re.compile(r"(?:https?://[^\s/\"'<>]+)?/[^\s\"'<>]*")
# Postgres repeats the values of the row or key it refused: "Failing row contains (12, Noor, …)"
# and "Key (email)=(jan@example.nl) already exists".
_FAILING_ROW = re.compile(r"(Failing row contains )\(.*\)")
_KEY_VALUES = re.compile(r"(Key \([^)]*\)=)\(.*?\)(?= already exists| is not present|\.|$)", re.M)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MOBILE = re.compile(r"(?<!\d)(?:\+31[\s-]?|0)6[\s-]?\d{8}(?!\d)")


# Loggers whose records name a staff account by its login name (an e-mail address) on purpose:
# a lockout line says which account was locked, and nothing else about anyone.
LOGIN_NAME_LOGGERS = ("axes", "ivh.accounts")


def scrub(text: str, *, keep_addresses: bool = False) -> str:
    """`text` without what must not reach a log: secrets in paths and query strings (masked as
    ivh.core.logsafe does for the access log), row and key values quoted by Postgres, e-mail
    addresses (unless `keep_addresses`) and Dutch mobile numbers."""
    text = _FAILING_ROW.sub(r"\1(…)", text)
    text = _KEY_VALUES.sub(r"\1(…)", text)
    if not keep_addresses:
        text = _EMAIL.sub("<e-mail>", text)
    text = _MOBILE.sub("<telefoon>", text)
    return _URL.sub(lambda match: _safe_url(match[0]), text)


def _safe_url(url: str) -> str:
    try:
        return safe_url(url)
    except Exception:  # the URLconf not loadable yet (a record during start-up): no query at least
        return url.split("?", 1)[0] + ("?…" if "?" in url else "")


class PersonalDataFilter(logging.Filter):
    """The last filter before a record is written. Django attaches the request to its records
    (POST body, cookies, headers): it is taken off, so no handler can print it. The message and
    the traceback text are scrubbed (`scrub`): a server error in a parent's link must not write
    the link's token, and a refused database row must not write a child's name. The traceback
    itself is kept (the lines of code), only rendered here so its text can be scrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request", None) is not None:
            record.request = None
        message = record.getMessage()
        cleaned = scrub(message, keep_addresses=record.name.startswith(LOGIN_NAME_LOGGERS))
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info:
            record.exc_text = scrub(_formatter.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


_formatter = logging.Formatter()
