"""Imports run one way: the layers of `.importlinter` at the project root, lowest first ivh <
aanmelding < … < werkplek, checked by import-linter (docs/keuzes.md, "Layers")."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / ".importlinter"
# The root packages of the contract (read from it, so a new app needs no second list); copied
# for the tests that add a forbidden import.
_config = configparser.ConfigParser()
_config.read(CONFIG)
PACKAGES = _config["importlinter"]["root_packages"].split()


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's contract on the packages found in `cwd` (the linter reads the code,
    it does not import it). No cache: a cache directory in the tree is not wanted."""
    executable = Path(sys.executable).parent / "lint-imports"
    # Only `cwd` on the path: the real packages must not stand in for a copy.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(executable), "--config", str(CONFIG), "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The Python files of the root packages, in a scratch directory."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def test_the_code_keeps_the_one_way_layers_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, forbidden_import, refusal",
    [
        # the core knows no domain app
        (
            "ivh/core/middleware.py",
            "from aanmelding.models import Aanmelding",
            "ivh is not allowed to import aanmelding",
        ),
        (
            "ivh/accounts/models.py",
            "from casemanagement.models import Traject",
            "ivh is not allowed to import casemanagement",
        ),
        # aanmelding knows none of the others
        (
            "aanmelding/services.py",
            "from casemanagement.services import traject_start_from_aanmelding",
            "aanmelding is not allowed to import casemanagement",
        ),
        # casemanagement may use aanmelding, not mdo (the timeline registry instead)
        (
            "casemanagement/selectors.py",
            "from mdo.models import Agendapunt",
            "casemanagement is not allowed to import mdo",
        ),
        # nothing imports the composing apps, and they do not import each other
        (
            "mdo/services.py",
            "from werkplek import demo",
            "mdo is not allowed to import werkplek",
        ),
        # the monitor reads the domain apps; the start pages link to it, never the other way
        ("monitor/figures.py", "import werkplek", "monitor is not allowed to import werkplek"),
        ("signalen/scan.py", "import monitor", "signalen is not allowed to import monitor"),
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(
    project_copy: Path, module: str, forbidden_import: str, refusal: str
):
    path = project_copy / module
    path.write_text(path.read_text() + f"\n{forbidden_import}\n")
    result = _lint_imports(project_copy)
    assert result.returncode != 0
    assert refusal in result.stdout, result.stdout + result.stderr
