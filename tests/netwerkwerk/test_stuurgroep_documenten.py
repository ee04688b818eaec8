"""The region's documents: the type is read from the content (a renamed .exe or an HTML page
called .pdf is refused), versions are numbered and kept, the files are stored privately and
served only as a download with a safe name and the stored type."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from netwerkwerk import bestanden, services
from netwerkwerk.bestanden import private_storage
from netwerkwerk.constants import DocumentSoort
from netwerkwerk.demo import pdf_bytes
from netwerkwerk.models import DocumentVersie, RegioDocument
from netwerkwerk.stuurgroep_views import versie_download

from .factories import document_met_versie, pdf_upload

pytestmark = pytest.mark.django_db

NEW = reverse("netwerkwerk:document_nieuw")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _ooxml(main_type: str, part: str, first: list[tuple[str, bytes]] = ()) -> bytes:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    ).encode()
    return _zip([*first, ("[Content_Types].xml", types), (part, b"<xml/>")])


def docx_bytes(first: list[tuple[str, bytes]] = ()) -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
        first,
    )


def odf_bytes(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype.encode())
        archive.writestr("content.xml", b"<office:document-content/>")
    return buffer.getvalue()


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _form_data(personas, bestand: SimpleUploadedFile, **overrides: object) -> dict:
    return {
        "regio": personas.region.pk,
        "soort": DocumentSoort.WERKPLAN,
        "titel": "Werkplan 2027",
        "bestand": bestand,
        "notitie": "Vastgesteld in maart.",
        **overrides,
    }


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- what a file is ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_bytes("Werkplan", ["regel"]), "application/pdf"),
        (docx_bytes(), DOCX),
        # Word files whose first zip entry is not word/… (the case signature libraries miss).
        (docx_bytes(first=[("[trash]/0000.dat", b"\0" * 50)]), DOCX),
        (
            _ooxml(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "xl/workbook.xml",
            ),
            XLSX,
        ),
        (odf_bytes(ODT), ODT),
        (odf_bytes(ODS), ODS),
    ],
)
def test_documents_are_recognised_by_their_content(data, expected):
    assert bestanden.herken_bestandstype(io.BytesIO(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200,  # a Windows program
        b"<!doctype html><html><script>alert(document.cookie)</script></html>",
        b"%PD",  # too short to be anything
        _zip([("readme.txt", b"hello")]),  # a zip that is no document
        _ooxml(  # a Word file with macros
            "application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml"
        ),
        odf_bytes("application/epub+zip"),
        b"PK\x03\x04" + b"\0" * 100,  # looks like a zip, is not one
    ],
    ids=["exe", "html", "short", "zip", "docm", "epub", "broken-zip"],
)
def test_other_content_is_refused_whatever_its_name(data):
    with pytest.raises(ValidationError) as error:
        bestanden.herken_bestandstype(io.BytesIO(data))
    assert "Dit soort bestand kan niet." in error.value.messages[0]


def test_a_renamed_program_is_refused_with_a_dutch_error_and_what_was_typed_stays(
    personas, login, private_media
):
    exe = _upload("werkplan.pdf", b"MZ\x90\x00" + b"\0" * 500)
    response = login(personas.coordinator).post(NEW, _form_data(personas, exe))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit soort bestand kan niet. Kies een bestand van een van deze soorten: PDF" in page
    assert 'value="Werkplan 2027"' in page
    assert 'value="Vastgesteld in maart."' in page
    form = response.context["form"]
    assert form["soort"].value() == DocumentSoort.WERKPLAN
    # On the file field itself (the list of errors links to it).
    assert "Dit soort bestand kan niet." in form.errors["bestand"][0]
    assert not RegioDocument.objects.exists()
    assert _stored_files(private_media) == []


def test_an_html_page_called_pdf_is_refused(personas, login, private_media):
    html = _upload("convenant.pdf", b"<html><body onload=alert(1)>convenant</body></html>")
    response = login(personas.coordinator).post(NEW, _form_data(personas, html))
    assert response.status_code == 400
    assert "Dit soort bestand kan niet." in response.content.decode()
    assert not RegioDocument.objects.exists()
    assert _stored_files(private_media) == []


def test_a_file_over_the_limit_is_refused(personas, login, settings, private_media):
    settings.IVH_STUURGROEP_MAX_UPLOAD_MB = 1
    big = _upload("groot.pdf", pdf_bytes("Groot", ["x"]) + b"%" * (1024 * 1024))
    response = login(personas.coordinator).post(NEW, _form_data(personas, big))
    assert response.status_code == 400
    assert "Het bestand is te groot: maximaal 1 MB." in response.content.decode()
    assert not RegioDocument.objects.exists()


def test_the_service_checks_the_content_too(personas):
    """Not only the form: a caller of the service cannot store a program either."""
    with pytest.raises(ValidationError):
        services.document_toevoegen(
            region=personas.region,
            by=personas.coordinator,
            soort=DocumentSoort.OVERIG,
            titel="Programma",
            bestand=_upload("x.pdf", b"MZ" + b"\0" * 100),
        )
    assert not RegioDocument.objects.exists()


# --- adding documents and versions -------------------------------------------------------------


def test_a_real_pdf_is_accepted_and_stored_privately_under_a_random_name(
    personas, login, private_media
):
    data = pdf_bytes("Werkplan 2027", ["Doelen"])
    response = login(personas.coordinator).post(
        NEW, _form_data(personas, _upload("Werkplan 2027.pdf", data, "application/x-whatever"))
    )
    assert response.status_code == 302
    document = RegioDocument.objects.get()
    versie = document.versies.get()
    assert (document.region, document.soort, document.titel) == (
        personas.region,
        DocumentSoort.WERKPLAN,
        "Werkplan 2027",
    )
    assert versie.versie == 1
    # The type read from the content, not what the browser said.
    assert versie.content_type == "application/pdf"
    assert versie.bestandsnaam == "Werkplan 2027.pdf"
    assert versie.grootte == len(data)
    assert versie.sha256 == hashlib.sha256(data).hexdigest()
    assert versie.uploaded_by == personas.coordinator
    (stored,) = _stored_files(private_media)
    assert stored.read_bytes() == data
    assert "Werkplan" not in stored.name  # nothing of the uploader's name reaches the disk
    assert stored.suffix == ".pdf"


def test_a_docx_is_accepted_as_word(personas, login):
    upload = _upload("plan.docx", docx_bytes(), "application/octet-stream")
    response = login(personas.coordinator).post(NEW, _form_data(personas, upload))
    assert response.status_code == 302
    assert DocumentVersie.objects.get().content_type == DOCX


def test_version_numbers_increase_and_every_version_stays(personas, login):
    document = document_met_versie(personas.region, personas.coordinator, text="eerste")
    client = login(personas.coordinator)
    url = reverse("netwerkwerk:document_versie", args=[document.pk])
    for text in ("tweede", "derde"):
        response = client.post(url, {"bestand": pdf_upload(text=text), "notitie": text})
        assert response.status_code == 302
    versies = list(document.versies.order_by("versie"))
    assert [v.versie for v in versies] == [1, 2, 3]
    assert [v.notitie for v in versies] == ["", "tweede", "derde"]
    # Newest first on the page, and the older ones can still be downloaded.
    page = client.get(reverse("netwerkwerk:document", args=[document.pk]))
    assert [v.versie for v in page.context["versies"]] == [3, 2, 1]
    for versie, text in zip(versies, ("eerste", "tweede", "derde"), strict=True):
        response = client.get(reverse("netwerkwerk:versie_download", args=[versie.pk]))
        assert text.encode() in b"".join(response.streaming_content)


def test_a_refused_new_version_keeps_the_note_and_adds_nothing(personas, login):
    document = document_met_versie(personas.region, personas.coordinator)
    response = login(personas.coordinator).post(
        reverse("netwerkwerk:document_versie", args=[document.pk]),
        {"bestand": _upload("v2.pdf", b"<html></html>"), "notitie": "Tweede versie"},
    )
    assert response.status_code == 400
    assert 'value="Tweede versie"' in response.content.decode()
    assert document.versies.count() == 1


def test_a_version_number_is_used_once_per_document(personas):
    document = document_met_versie(personas.region, personas.coordinator)
    versie = document.versies.get()
    versie.pk = None
    with pytest.raises(IntegrityError):
        versie.save()


def test_the_same_title_twice_is_refused_in_dutch(personas, login):
    document_met_versie(personas.region, personas.coordinator, titel="Werkplan 2027")
    response = login(personas.coordinator).post(
        NEW, _form_data(personas, pdf_upload(), soort=DocumentSoort.CONVENANT)
    )
    assert response.status_code == 400
    assert "Er is al een document met deze titel." in response.content.decode()


def test_a_failed_transaction_leaves_no_file_behind(personas, monkeypatch, private_media):
    def fail(**kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(DocumentVersie.objects, "create", fail)
    with pytest.raises(IntegrityError):
        document_met_versie(personas.region, personas.coordinator)
    assert not RegioDocument.objects.exists()
    assert _stored_files(private_media) == []


# --- the download ------------------------------------------------------------------------------


def test_the_download_is_an_attachment_with_the_stored_type_and_nosniff(personas, login):
    document = document_met_versie(personas.region, personas.coordinator)
    versie = document.versies.get()
    response = login(personas.coordinator).get(
        reverse("netwerkwerk:versie_download", args=[versie.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="convenant.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert int(response["Content-Length"]) == versie.grootte


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('../../etc/pass"wd\r\nX-Evil: 1.exe', 'filename="passwdX-Evil_1.pdf"'),
        ("..\\..\\windows\\werkplan.pdf", 'filename="werkplan.pdf"'),
        ("...", 'filename="convenant-v1.pdf"'),
        ("Jaarverslag coördinatie.pdf", "filename*=utf-8''Jaarverslag_co%C3%B6rdinatie.pdf"),
    ],
)
def test_the_download_name_is_safe_and_has_the_real_extension(personas, login, name, expected):
    document = services.document_toevoegen(
        region=personas.region,
        by=personas.coordinator,
        soort=DocumentSoort.CONVENANT,
        titel="Convenant",
        bestand=_upload(name, pdf_bytes("x", ["y"])),
    )
    response = login(personas.coordinator).get(
        reverse("netwerkwerk:versie_download", args=[document.versies.get().pk])
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert disposition.endswith(expected)
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition


def test_a_missing_file_is_a_404_not_a_server_error(personas, login, private_media):
    document = document_met_versie(personas.region, personas.coordinator)
    for path in _stored_files(private_media):
        path.unlink()
    response = login(personas.coordinator).get(
        reverse("netwerkwerk:versie_download", args=[document.versies.get().pk])
    )
    assert response.status_code == 404


def test_private_files_have_no_url_and_live_outside_static_and_media(settings):
    with pytest.raises(ValueError):
        private_storage().url("stuurgroep/1/1/x.pdf")
    # The default location (base settings, before the test fixture moved it).
    from ivh.settings import base

    root = Path(base.IVH_PRIVATE_MEDIA_ROOT).resolve()
    for served in [base.STATIC_ROOT, *base.STATICFILES_DIRS, settings.MEDIA_ROOT or None]:
        if served:
            served = Path(served).resolve()
            assert not root.is_relative_to(served), served
            assert not served.is_relative_to(root), served


def test_the_storage_follows_the_setting(settings, tmp_path):
    settings.IVH_PRIVATE_MEDIA_ROOT = tmp_path / "elders"
    assert Path(private_storage().path("a.pdf")) == (tmp_path / "elders" / "a.pdf").resolve()


def test_the_view_itself_sets_nosniff_and_attachment(personas, rf):
    """Not left to the security middleware (SECURE_CONTENT_TYPE_NOSNIFF) alone: the view sets
    the header, so a settings change cannot let a browser sniff a stored file."""
    document = document_met_versie(personas.region, personas.coordinator)
    request = rf.get("/")
    request.user = personas.coordinator
    response = versie_download(request, document.versies.get().pk)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
