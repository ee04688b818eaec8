"""Security checks that run in CI (`make security`), besides the tests.

    python scripts/security_checks.py            # both
    python scripts/security_checks.py bandit     # static analysis of the project's Python
    python scripts/security_checks.py pip-audit  # known vulnerabilities in the pinned packages

bandit: every finding of medium or high severity fails, unless it is in REVIEWED below with the
reason why it is safe. A finding is known by its file, bandit's test id and the function or
module-level name it sits in (not the line number, which moves with every edit). Low findings
are counted, not gated. Settings: [tool.bandit] in pyproject.toml.

pip-audit: the pins in constraints.txt (the lock: CI installs exactly these) against the
vulnerability database. A known vulnerability fails. When the database cannot be reached
(no network, or a package mirror without PyPI's JSON API) nothing can be audited: that is
said plainly and the step passes; docs/security.md ("Checks in CI") describes the manual review
that stands in for it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
GATED = ("MEDIUM", "HIGH")

# (file, bandit test, enclosing name) -> why it is safe. Reviewed by hand; the owners of these
# files may move each reason to an inline `# nosec BXXX` comment, after which the entry here
# is reported as unused and should go.
REVIEWED: dict[tuple[str, str, str], str] = {
    ("signalen/scan.py", "B608", "_RESOLVE"): (
        "Table names come from the models' _meta.db_table; every value is a query parameter."
    ),
    ("signalen/scan.py", "B608", "_RAISE"): (
        "Table names come from the models' _meta.db_table; every value is a query parameter."
    ),
    ("ivh/outbox/services.py", "B608", "_PUT_MANY"): (
        "The table name comes from OutboxMessage._meta; all data goes in as array parameters."
    ),
    ("ivh/outbox/staff.py", "B608", "notify_staff_many"): (
        "The table name comes from DigestItem._meta; all data goes in as array parameters."
    ),
    ("monitor/figures.py", "B608", "region_year.by"): (
        "The interpolated column expressions and WHERE fragments are literals in region_year "
        "(and the age-band CASE is built from the AGE_BANDS constant); region and dates are "
        "parameters."
    ),
    ("monitor/figures.py", "B608", "region_year.traject_counts"): (
        "Expressions and date columns are literals in region_year; values are parameters."
    ),
    ("monitor/figures.py", "B608", "_waits"): (
        "The VALUES list holds period keys and ISO dates made from int years and quarters "
        "(Period), never from request text; region and gemeenten are parameters."
    ),
    ("monitor/figures.py", "B608", "_satisfaction"): (
        "The VALUES list holds period keys and ISO dates made from int years and quarters "
        "(Period), never from request text; gemeenten are parameters."
    ),
    ("monitor/figures.py", "B608", "_providers"): (
        "The VALUES list holds period keys and ISO dates made from int years and quarters "
        "(Period), never from request text; the region is a parameter."
    ),
    ("bewaring/registry.py", "B611", "blank_expression"): (
        "RawSQL over the model's own column (from _meta, quoted with quote_name); the JSON keys "
        "to blank go in as a parameter."
    ),
    ("bewaring/registry.py", "B608", "blank_expression"): (
        "The same RawSQL: only the quoted column name is put into the string."
    ),
    ("ivh/audit/migrations/0004_scrub_tokens_from_paths.py", "B608", "SCRUB"): (
        "A migration's fixed statement: trigger name and regular expression are constants."
    ),
}


@dataclass(frozen=True)
class Finding:
    path: str
    test_id: str
    scope: str
    severity: str
    line: int
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.test_id, self.scope)


def _scope(path: Path, line: int) -> str:
    """The dotted name of the function(s) around `line`, or the module-level name assigned in
    the statement that holds it ("" when neither)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    body: list[ast.stmt] = tree.body
    while True:
        for node in body:
            end = getattr(node, "end_lineno", node.lineno)
            if not node.lineno <= line <= end:
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.append(node.name)
                body = node.body
                break
            if not names and isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names += [t.id for t in targets if isinstance(t, ast.Name)][:1]
            return ".".join(names)
        else:
            return ".".join(names)


def bandit_findings() -> tuple[list[Finding], Counter[str]]:
    result = subprocess.run(
        [str(VENV_BIN / "bandit"), "-c", "pyproject.toml", "-r", ".", "-q", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"bandit did not run:\n{result.stdout}\n{result.stderr}") from None
    if report.get("errors"):
        raise SystemExit(f"bandit could not read some files: {report['errors']}")
    findings = []
    severities: Counter[str] = Counter()
    for issue in report["results"]:
        severities[issue["issue_severity"]] += 1
        path = Path(issue["filename"]).resolve().relative_to(ROOT)
        findings.append(
            Finding(
                path=path.as_posix(),
                test_id=issue["test_id"],
                scope=_scope(ROOT / path, issue["line_number"]),
                severity=issue["issue_severity"],
                line=issue["line_number"],
                text=issue["issue_text"],
            )
        )
    return findings, severities


def check_bandit() -> bool:
    findings, severities = bandit_findings()
    gated = [f for f in findings if f.severity in GATED]
    seen = Counter(f.key for f in gated)
    unexplained = [f for f in gated if f.key not in REVIEWED]
    # Each reviewed place holds one finding; a second one there is new and not yet reviewed.
    crowded = [key for key, n in seen.items() if key in REVIEWED and n > 1]
    ok = not unexplained and not crowded
    print(
        f"bandit: {severities['HIGH']} high, {severities['MEDIUM']} medium "
        f"({len(gated) - len(unexplained)} reviewed, see scripts/security_checks.py), "
        f"{severities['LOW']} low (not gated)."
    )
    for f in unexplained:
        print(
            f"  UNEXPLAINED {f.severity} {f.test_id} {f.path}:{f.line} ({f.scope or 'module'}): "
            f"{f.text}\n    Fix it, or if it is safe add ({f.path!r}, {f.test_id!r}, "
            f"{f.scope!r}) with the reason to REVIEWED in scripts/security_checks.py."
        )
    for key in crowded:
        print(f"  MORE THAN ONE finding at reviewed place {key}: review the new one.")
    for key in sorted(set(REVIEWED) - set(seen)):
        print(f"  note: reviewed entry {key} matches no finding any more; remove it.")
    return ok


NETWORK_ERRORS = (
    "ConnectionError",
    "Max retries exceeded",
    "Name or service not known",
    "Temporary failure in name resolution",
    "timed out",
    "Connection refused",
    "Network is unreachable",
)


def check_pip_audit() -> bool:
    result = subprocess.run(
        [
            str(VENV_BIN / "pip-audit"),
            "--requirement",
            "constraints.txt",
            # Every line of the lock is pinned: audit exactly those, without resolving or
            # installing anything.
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--timeout",
            "10",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        if any(marker in result.stderr for marker in NETWORK_ERRORS):
            print(
                "pip-audit: SKIPPED, the vulnerability database cannot be reached from here; "
                "nothing was audited. Review constraints.txt by hand (docs/security.md)."
            )
            return True
        print(f"pip-audit failed:\n{result.stdout}\n{result.stderr}")
        return False
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if not audited:
        print(
            f"pip-audit: SKIPPED, none of the {len(dependencies)} pinned packages could be "
            "looked up (the vulnerability database, PyPI's JSON API, is not reachable from "
            "here); nothing was audited. Review constraints.txt by hand (docs/security.md)."
        )
        return True
    skipped = [d for d in dependencies if "skip_reason" in d]
    print(
        f"pip-audit: {len(audited)} pinned packages audited, {len(vulnerable)} with known "
        f"vulnerabilities, {len(skipped)} not found in the database."
    )
    for d in skipped:
        print(f"  not audited: {d['skip_reason']}")
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            print(f"  VULNERABLE {d['name']}=={d['version']}: {v['id']} (fixed in: {fixed})")
    return not vulnerable


CHECKS = {"bandit": check_bandit, "pip-audit": check_pip_audit}


def main(argv: list[str]) -> int:
    names = argv or list(CHECKS)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        print(f"Unknown check(s): {', '.join(unknown)}; choose from {', '.join(CHECKS)}.")
        return 2
    results = [CHECKS[name]() for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
