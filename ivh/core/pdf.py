"""The one way the application makes a PDF: a Django template rendered by WeasyPrint.

Every PDF is tagged (PDF/UA-1: a structure tree, the document's title shown and its language
set), so a screen reader can read a printed plan or an inzage as well as the web page. The
template gives the title (`<title>`) and the language (`<html lang>`).

Rendering never leaves the server: the URL fetcher serves the application's own static files
from disk and refuses everything else (no network, no other file on the machine), so a
template, or a value shown in one, cannot make the server fetch a URL.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in a PDF template ({% static %} gives "/static/...") resolve against this
# origin. It is never contacted: `LocalStaticFetcher` answers for it from disk. `.invalid` is
# reserved (RFC 2606), so no real host can ever be meant.
BASE_URL = "https://pdf.invalid/"

PDF_VARIANT = "pdf/ua-1"


class LocalStaticFetcher(URLFetcher):
    """Serves STATIC_URL paths of BASE_URL from STATIC_ROOT or the static finders; refuses
    any other URL (WeasyPrint then leaves the resource out and logs a warning)."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = static_file_for(url)
        if path is None:
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise ValueError(f"Only the application's static files are served: {url[:200]}")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )


def static_file_for(url: str) -> Path | None:
    """The file on disk for a static-file URL of BASE_URL, or None for anything else."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    static_prefix = urlsplit(settings.STATIC_URL).path
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if not parts.path.startswith(static_prefix):
        return None
    name = unquote(parts.path[len(static_prefix) :])
    if "\x00" in name or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    # Collected files first (production's hashed names exist only there), then the finders
    # (development and tests). Both resolve inside their own roots only.
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    found = finders.find(name)
    if isinstance(found, str) and Path(found).is_file():
        return Path(found)
    return None


def render_pdf(template_name: str, context: dict, *, request: HttpRequest | None = None) -> bytes:
    """Render `template_name` with `context` to a tagged PDF (PDF/UA-1) and return its bytes.

    The template must set `<html lang>` and `<title>`: they become the PDF's language and title.
    """
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalStaticFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
