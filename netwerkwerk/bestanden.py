"""The region's documents on disk: a private storage and the check of what a file really is.

The files are stored under `settings.IVH_PRIVATE_MEDIA_ROOT`, a directory that no URL serves
(not whitenoise, not MEDIA_URL): the only way out is the download view, which checks the access
rule first. Each stored name is random; the original name lives in the database only.

What a file is, is read from its content: a PDF starts with `%PDF-`; Word and Excel files
(OOXML) are zip archives whose `[Content_Types].xml` declares the main part of that kind; an
OpenDocument file is a zip archive whose `mimetype` member names its kind. We read those few
bytes ourselves rather than use a signature library: the `filetype` package looks only at the
first zip entry and misses real Word files whose first entry is not `word/…` (h2non/filetype.py
issue 197), and python-magic needs libmagic on every server. Macro-enabled Office files declare
another content type and are refused.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .constants import DOCUMENT_TYPES

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# The content type that an OOXML package declares for its main part, per kind.
_OOXML_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_ODF_TYPES = {ODT.encode(), ODS.encode()}
# The members we read are small in every real document; a larger one is not a document of ours
# (and reading it whole could be a zip bomb).
_MEMBER_READ_MAX = 1024 * 1024


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage at `IVH_PRIVATE_MEDIA_ROOT`, read when first used (and again when a
    test changes the setting), with no URL."""

    def __init__(self) -> None:
        # Readable by the application's user and group only.
        super().__init__(file_permissions_mode=0o640, directory_permissions_mode=0o750)

    @cached_property
    def base_location(self) -> str:
        return str(settings.IVH_PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "IVH_PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        # These files have no address: only the download view, after the access check.
        raise ValueError("Private files are served only through their download view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of `DocumentVersie.bestand` (a callable, so that migrations name it rather
    than a path)."""
    return _storage


def max_upload_bytes() -> int:
    return int(settings.IVH_STUURGROEP_MAX_UPLOAD_MB) * 1024 * 1024


def _refuse() -> ValidationError:
    kinds = ", ".join(label for _ext, label in DOCUMENT_TYPES.values())
    return ValidationError(
        _("Dit soort bestand kan niet. Kies een bestand van een van deze soorten: %(kinds)s.")
        % {"kinds": kinds},
        code="bestandstype",
    )


def _zip_type(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())

            def read(name: str) -> bytes | None:
                info = archive.getinfo(name)
                if info.file_size > _MEMBER_READ_MAX:
                    return None
                with archive.open(info) as member:
                    return member.read(_MEMBER_READ_MAX)

            if "mimetype" in names:
                declared = (read("mimetype") or b"").strip()
                if declared in _ODF_TYPES:
                    return declared.decode()
            if "[Content_Types].xml" in names:
                types = read("[Content_Types].xml") or b""
                for content_type, main_part in _OOXML_MAIN_PARTS.items():
                    if main_part in types:
                        return content_type
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError,
            NotImplementedError, RuntimeError, ValueError):  # fmt: skip
        # Broken, encrypted or otherwise unreadable archives are not documents we accept.
        return None
    return None


def herken_bestandstype(file: IO[bytes]) -> str:
    """The content type of an uploaded document, read from its content; ValidationError (in
    Dutch, for the form) when it is not one of `DOCUMENT_TYPES`. Leaves the file at its start."""
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            found = _zip_type(file)
            if found is not None:
                return found
        raise _refuse()
    finally:
        file.seek(0)


def controleer_grootte(size: int | None) -> None:
    if not size:
        raise ValidationError(_("Het bestand is leeg."), code="leeg")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("Het bestand is te groot: maximaal %(max)d MB.")
            % {"max": settings.IVH_STUURGROEP_MAX_UPLOAD_MB},
            code="te_groot",
        )


@dataclass(frozen=True)
class Vingerafdruk:
    sha256: str
    grootte: int


def vingerafdruk(file: IO[bytes]) -> Vingerafdruk:
    """SHA-256 and size of the whole file, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while chunk := file.read(64 * 1024):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return Vingerafdruk(digest.hexdigest(), size)


def opslagnaam(region_id: int, document_id: int, content_type: str) -> str:
    """A random stored name: nothing of the uploader's file name reaches the disk."""
    extension = DOCUMENT_TYPES[content_type][0]
    return f"stuurgroep/{region_id}/{document_id}/{uuid.uuid4().hex}.{extension}"


_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def weergavenaam(original: str) -> str:
    """The uploader's file name as we keep it: the last path part only, without control
    characters, at most 200 characters."""
    name = original.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", unicodedata.normalize("NFC", name)).strip()
    return name[:200] or "document"


def downloadnaam(original: str, content_type: str, fallback: str) -> str:
    """The name a download is saved as: the original name's stem with only letters, digits,
    '-', '_' and '.', and the extension of the type the content really has (a .exe that is a
    PDF is saved as .pdf)."""
    extension = DOCUMENT_TYPES[content_type][0]
    stem = Path(weergavenaam(original)).stem.strip(". ")
    try:
        safe = get_valid_filename(stem)[:100].strip("._") if stem else ""
    except SuspiciousFileOperation:  # get_valid_filename refuses "", "." and ".."
        safe = ""
    return f"{safe or get_valid_filename(fallback)}.{extension}"
