"""URLs as they may appear in a log: no secret from the path, nothing from the query string.

A parent's personal link, an MDO answer link and a staff account link carry a token in the path;
a search carries a child's name in the query string. The access log (ivh.audit) stores its own
safe form; this one is for the web server's request log and the Referer it records."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

SECRET_ARGUMENT = re.compile(r"token|secret|signature|password|key", re.IGNORECASE)


def safe_url(url: str) -> str:
    """`url` (a path, or a full URL as in a Referer) with each secret path argument replaced by
    its name and the query string replaced by `?…`."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    path = parts.path
    try:
        match = resolve(path)
    except (Resolver404, ValueError):
        match = None
    if match is not None:
        for name, value in match.kwargs.items():
            text = str(value)
            if SECRET_ARGUMENT.search(name) and text:
                path = path.replace(text, f"<{name}>") if text in path else "/" + match.route
    prefix = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return prefix + path + ("?…" if parts.query else "")


def safe_request_line(line: str) -> str:
    """'GET /ouder/abc/?x=1 HTTP/1.1' → 'GET /ouder/<token>/?… HTTP/1.1'."""
    method, _sep, rest = line.partition(" ")
    target, _sep, protocol = rest.rpartition(" ")
    if not target:
        return line
    return f"{method} {safe_url(target)} {protocol}"
