"""The inzage (AVG art. 15) and the plan as tagged PDFs, also for a well-used file: the access
log grouped per person, role and day in the PDF, complete and streamed in the JSON."""

import io
import json
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from casemanagement import services
from casemanagement.selectors import access_log_grouped
from ivh.audit.models import AccessLogEntry
from ivh.core.pdf import BASE_URL, LocalStaticFetcher, render_pdf, static_file_for
from tests.casemanagement.factories import KindFactory

pytestmark = pytest.mark.django_db

# 5,000 reads of a family with two children: one entry per child per read.
LOG_ROWS = 10_000
# A day whose reads the test finds back, grouped, in the PDF.
AHMED_DAY = datetime(2025, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def gezin(personas, traject):
    KindFactory(gezin=traject.gezin, first_name="Sem")
    personas.casemanager.full_name = "Ahmed el Amrani"
    personas.casemanager.save(update_fields=["full_name"])
    personas.coordinator.full_name = "Mila de Vries"
    personas.coordinator.save(update_fields=["full_name"])
    return traject.gezin


def _entries(traject, *, user, role: str, at: datetime, reads: int, action: str = "view"):
    """`reads` reads of the family's file by `user`, a minute apart from `at`: each read one
    entry per child, with the same time (as one request writes them)."""
    refs = list(traject.gezin.kinderen.values_list("reference", flat=True))
    return [
        AccessLogEntry(
            at=at + timedelta(minutes=i),
            user=user,
            actor_label=user.email,
            role=role,
            organisatie_name="MEE Test",
            action=action,
            object_type="casemanagement.traject",
            object_id=str(traject.pk),
            client_ref=ref,
            region_id=traject.region_id,
            path=f"/trajecten/{traject.pk}/",
        )
        for i in range(reads)
        for ref in refs
    ]


def _log(traject, personas, rows: int) -> list[AccessLogEntry]:
    """`rows` entries: Ahmed's three reads on 23 November, the rest spread over the weeks
    before it by the casemanager and the coordinator, 25 reads a day each."""
    entries = _entries(
        traject, user=personas.casemanager, role="Casemanager", at=AHMED_DAY, reads=3
    )
    day = 1
    while len(entries) < rows:
        for user, role in (
            (personas.casemanager, "Casemanager"),
            (personas.coordinator, "Coördinator"),
        ):
            entries += _entries(
                traject, user=user, role=role, at=AHMED_DAY - timedelta(days=day), reads=25
            )
        day += 1
    return entries[:rows]


def _fill_log(traject, personas, rows: int) -> None:
    AccessLogEntry.objects.bulk_create(_log(traject, personas, rows), batch_size=2000)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _inzage(client, traject, formaat: str = "pdf"):  # noqa: ANN001, ANN202
    return client.get(reverse("casemanagement:inzage", args=[traject.pk]), {"formaat": formaat})


def test_inzage_pdf_of_a_file_with_10000_log_rows_shows_the_log_grouped(
    personas, login, traject, gezin, django_assert_max_num_queries
):
    client = login(personas.coordinator)
    log = _log(traject, personas, LOG_ROWS)
    # The same request on a nearly empty log fixes the number of queries...
    AccessLogEntry.objects.bulk_create(log[:10])
    with CaptureQueriesContext(connection) as small:
        assert _inzage(client, traject).status_code == 200
    AccessLogEntry.objects.bulk_create(log[10:], batch_size=2000)
    assert AccessLogEntry.objects.count() == LOG_ROWS + 2  # and the first export's own two
    # ...which 10,000 rows do not raise: grouping and counting happen in the database.
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = _inzage(client, traject)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # A row per person, role and month that lists the days: a few pages, not hundreds.
    assert len(PdfReader(io.BytesIO(response.content)).pages) <= 4
    text = " ".join(_text(response.content).split())
    rows = text.split("Wie heeft het dossier geopend?", 1)[1].split("Keer Dagen Wat ", 1)[1]
    # Newest first: today's two exports (this one and the one above) by the coordinator, each
    # one request writing an entry per child, count twice, not four times.
    today = timezone.localdate()
    assert rows.startswith(
        f"{date_format(today, 'F Y')} Mila de Vries coördinator – 2× {today.day} (2×) geëxporteerd"
    )
    # Ahmed's three reads on 23 November, each logged for both children, count three times;
    # the 22 days before it in November 25 times each.
    assert (
        "november 2025 Ahmed el Amrani casemanager MEE Test 553× 23 (3×), 22 (25×), 21 (25×),"
        in rows
    )
    assert "oktober 2025 Mila de Vries coördinator MEE Test 775× 31 (25×), 30 (25×)," in rows


def test_inzage_pdf_is_tagged_with_title_and_language(personas, login, traject, gezin):
    response = _inzage(login(personas.coordinator), traject)
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    info = PdfReader(io.BytesIO(response.content)).metadata
    assert info.title == f"Inzage {gezin.reference}"


def test_inzage_pdf_shows_the_familys_records_with_readable_labels(personas, login, traject, gezin):
    services.contact_log(
        traject=traject,
        by=personas.casemanager,
        datum=timezone.localdate(),
        soort="huisbezoek",
        minuten=45,
        notitie="Kennismaking thuis",
    )
    text = _text(_inzage(login(personas.coordinator), traject).content)
    assert "Contactmomenten" in text
    assert "Kennismaking thuis" in text
    assert "Huisbezoek" in text  # the choice's label, not its stored value
    assert "Noor" in text and "Sem" in text
    # The casemanager by name, not by database id.
    assert "Ahmed el Amrani" in text.split("Trajecten", 1)[1]


def test_plan_pdf_is_tagged_with_title_and_language(personas, login, traject, gezin):
    services.plan_save_version(
        traject=traject,
        by=personas.casemanager,
        gezinsvraag="Hoe helpen we Noor praten?",
        doelen=[{"domein": "spraak_taal", "omschrijving": "Noor zegt 20 woordjes"}],
        acties=[],
        evaluatie_datum=timezone.localdate() + timedelta(days=180),
        wijziging="",
    )
    response = login(personas.casemanager).get(
        reverse("casemanagement:plan_pdf", args=[traject.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert reader.metadata.title == f"Ondersteuningsplan {gezin.reference}"
    assert "Noor zegt 20 woordjes" in _text(response.content)


def test_inzage_json_has_every_log_entry_and_is_streamed(personas, login, traject, gezin):
    _fill_log(traject, personas, 500)
    response = _inzage(login(personas.coordinator), traject, formaat="json")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(b"".join(response.streaming_content))
    log = data["wie_heeft_het_dossier_geopend"]
    # The 500 entries plus this export's own, one per child, oldest first.
    assert len(log) == 502
    assert [e["tijdstip"] for e in log] == sorted(e["tijdstip"] for e in log)
    assert {e["wie"] for e in log} == {"Ahmed el Amrani", personas.coordinator.full_name}
    assert [e["handeling"] for e in log[-2:]] == ["export", "export"]
    assert {k["first_name"] for k in data["kinderen"]} == {"Noor", "Sem"}


def test_inzage_json_of_a_file_nobody_opened_yet_is_valid(personas, traject, gezin):
    from casemanagement.export import family_export_json

    data = json.loads("".join(family_export_json(gezin)))
    assert data["wie_heeft_het_dossier_geopend"] == []


@pytest.mark.parametrize(
    "persona", ["outsider_coordinator", "gemeente_official", "casemanager", "expert"]
)
@pytest.mark.parametrize("formaat", ["pdf", "json"])
def test_inzage_is_refused_to_anyone_but_a_coordinator_of_the_region(
    personas, login, traject, gezin, persona, formaat
):
    response = _inzage(login(getattr(personas, persona)), traject, formaat)
    assert response.status_code in (403, 404)
    assert not response.get("Content-Type", "").startswith(("application/pdf", "application/json"))
    assert not AccessLogEntry.objects.exists()


def test_access_log_grouped_counts_reads_per_person_role_and_local_day(personas, traject, gezin):
    # 23:30 UTC on 22 November is 00:30 on the 23rd in Amsterdam: the 23rd.
    late = datetime(2025, 11, 22, 23, 30, tzinfo=UTC)
    AccessLogEntry.objects.bulk_create(
        _entries(traject, user=personas.casemanager, role="Casemanager", at=late, reads=2)
        # The same person and role in a request in English: the same line.
        + _entries(
            traject,
            user=personas.casemanager,
            role="Case manager",
            at=AHMED_DAY,
            reads=1,
            action="print",
        )
        + _entries(traject, user=personas.coordinator, role="Coördinator", at=late, reads=1)
        + _entries(
            traject,
            user=personas.coordinator,
            role="Coordinator",
            at=late + timedelta(hours=1),
            reads=1,
        )
        + _entries(
            traject,
            user=personas.casemanager,
            role="Casemanager",
            at=late - timedelta(days=3),
            reads=4,
        )
    )
    refs = list(gezin.kinderen.values_list("reference", flat=True))
    groups = access_log_grouped(refs)
    assert [(g.dag.isoformat(), g.wie, g.rol, g.keer, g.handelingen) for g in groups] == [
        ("2025-11-23", "Ahmed el Amrani", "casemanager", 3, ("afgedrukt", "bekeken")),
        ("2025-11-23", personas.coordinator.full_name, "coördinator", 2, ("bekeken",)),
        ("2025-11-20", "Ahmed el Amrani", "casemanager", 4, ("bekeken",)),
    ]
    assert groups[0].tijden == ()  # only on request
    timed = access_log_grouped(refs, with_times=True)
    # Each read once (not once per child), newest first, in local time.
    assert [timezone.localtime(t).strftime("%H:%M") for t in timed[0].tijden] == [
        "10:00",
        "00:31",
        "00:30",
    ]
    assert len(timed[2].tijden) == timed[2].keer == 4
    assert access_log_grouped([]) == []
    # Another family's log is not in it.
    assert access_log_grouped(["K-ANDERS"]) == []


def test_pdf_rendering_fetches_only_the_applications_own_static_files():
    fetcher = LocalStaticFetcher()
    assert static_file_for(f"{BASE_URL}static/css/pdf.css") is not None
    assert b"@page" in fetcher.fetch(f"{BASE_URL}static/css/pdf.css").read()
    for url in (
        "https://example.org/static/css/pdf.css",
        "http://127.0.0.1:8000/static/css/pdf.css",
        "file:///etc/passwd",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}media/x.png",
        f"{BASE_URL}static/css/bestaat-niet.css",
    ):
        assert static_file_for(url) is None, url
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_pdf_with_an_outside_image_is_still_made_without_fetching_it(
    settings, tmp_path, monkeypatch, caplog
):
    connects: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connects.append(address))
    (tmp_path / "pdf_test.html").write_text(
        '<html lang="nl"><head><title>T</title></head><body><p>Tekst</p>'
        '<img src="https://example.org/pixel.png" alt="x"></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    pdf = render_pdf("pdf_test.html", {})
    assert pdf.startswith(b"%PDF")
    assert "Tekst" in _text(pdf)
    assert connects == []
    assert "refused to fetch https://example.org/pixel.png" in caplog.text
