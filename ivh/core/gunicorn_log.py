"""Gunicorn's access log without secrets: the request line, path and Referer go through
`ivh.core.logsafe`. Configured in gunicorn.conf.py (`logger_class`)."""

from __future__ import annotations

from gunicorn.glogging import Logger

from .logsafe import safe_request_line, safe_url


class SafeAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):  # noqa: ANN001, ANN201 - gunicorn's API
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = safe_request_line(atoms.get("r", ""))
        atoms["U"] = safe_url(atoms.get("U", ""))
        atoms["q"] = "…" if atoms.get("q") else ""
        atoms["f"] = safe_url(atoms.get("f", ""))
        return atoms
