"""scripts/security_checks.py (`make security`): what fails CI and what passes with a message.
bandit and pip-audit themselves are replaced by their recorded output here; CI runs the real
ones."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "security_checks.py"


@pytest.fixture
def checks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("security_checks", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["security_checks"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["security_checks"]


def _pip_audit_says(monkeypatch, checks, *, stdout: str = "", stderr: str = "") -> None:  # noqa: ANN001
    def run(*args: object, **kwargs: object) -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess(args, 1 if not stdout else 0, stdout, stderr)

    monkeypatch.setattr(checks.subprocess, "run", run)


def _report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_in_a_pinned_package_fails(monkeypatch, checks, capsys):
    _pip_audit_says(
        monkeypatch,
        checks,
        stdout=_report(
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "redis", "version": "8.1.0", "vulns": []},
        ),
    )
    assert checks.check_pip_audit() is False
    assert "VULNERABLE django==5.2.0: PYSEC-1 (fixed in: 5.2.1)" in capsys.readouterr().out


def test_clean_pins_pass(monkeypatch, checks, capsys):
    _pip_audit_says(
        monkeypatch, checks, stdout=_report({"name": "redis", "version": "8.1.0", "vulns": []})
    )
    assert checks.check_pip_audit() is True
    assert "1 pinned packages audited, 0 with known vulnerabilities" in capsys.readouterr().out


def test_when_no_package_could_be_looked_up_it_passes_and_says_nothing_was_audited(
    monkeypatch, checks, capsys
):
    # A package mirror without PyPI's JSON API: pip-audit says "No known vulnerabilities"
    # while it skipped every package. That must not read as a clean audit.
    skipped = {
        "name": "django",
        "skip_reason": "Dependency not found on PyPI and could not be audited",
    }
    _pip_audit_says(monkeypatch, checks, stdout=_report(skipped))
    assert checks.check_pip_audit() is True
    out = capsys.readouterr().out
    assert "SKIPPED" in out and "nothing was audited" in out


def test_an_unreachable_database_passes_with_a_message(monkeypatch, checks, capsys):
    _pip_audit_says(
        monkeypatch,
        checks,
        stderr="requests.exceptions.ConnectionError: Max retries exceeded (Name or service not known)",
    )
    assert checks.check_pip_audit() is True
    assert "cannot be reached" in capsys.readouterr().out


def test_pip_audit_failing_for_another_reason_fails(monkeypatch, checks):
    _pip_audit_says(monkeypatch, checks, stderr="ERROR: invalid requirement 'django=='")
    assert checks.check_pip_audit() is False


def _finding(checks, path: str, test_id: str, scope: str, severity: str = "MEDIUM"):  # noqa: ANN001, ANN202
    return checks.Finding(
        path=path, test_id=test_id, scope=scope, severity=severity, line=1, text="x"
    )


def test_a_medium_bandit_finding_without_a_reviewed_reason_fails(monkeypatch, checks, capsys):
    new = _finding(checks, "aanmelding/views.py", "B602", "aanmelden", "HIGH")
    monkeypatch.setattr(checks, "bandit_findings", lambda: ([new], Counter({"HIGH": 1})))
    assert checks.check_bandit() is False
    assert "UNEXPLAINED HIGH B602 aanmelding/views.py" in capsys.readouterr().out


def test_reviewed_findings_and_low_ones_pass(monkeypatch, checks):
    reviewed = _finding(checks, "signalen/scan.py", "B608", "_RESOLVE")
    low = _finding(checks, "werkplek/demo.py", "B105", "DEMO_PASSWORD", "LOW")
    monkeypatch.setattr(
        checks, "bandit_findings", lambda: ([reviewed, low], Counter({"MEDIUM": 1, "LOW": 1}))
    )
    assert checks.check_bandit() is True


def test_a_second_finding_in_a_reviewed_place_fails(monkeypatch, checks):
    one = _finding(checks, "signalen/scan.py", "B608", "_RESOLVE")
    monkeypatch.setattr(checks, "bandit_findings", lambda: ([one, one], Counter({"MEDIUM": 2})))
    assert checks.check_bandit() is False


def test_a_finding_is_known_by_the_function_or_name_around_it(checks, tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        'QUERY = f"""\n  SELECT {x}\n"""\n\n\ndef outer():\n    def inner():\n        return 1\n',
        encoding="utf-8",
    )
    assert checks._scope(source, 2) == "QUERY"
    assert checks._scope(source, 8) == "outer.inner"
    assert checks._scope(source, 4) == ""
