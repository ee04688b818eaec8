"""`check --deploy` under production settings is run by tests/core/test_settings.py (with
`--fail-level WARNING`). A silenced check would pass it unseen: each one must carry its reason
in a comment beside it, naming the check."""

import ast
from pathlib import Path

from django.conf import settings

SETTINGS_DIR = Path(settings.BASE_DIR) / "ivh" / "settings"


def _silenced(source: str) -> list[str]:
    """The check ids assigned or added to SILENCED_SYSTEM_CHECKS in one settings module."""
    ids: list[str] = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        if any(isinstance(t, ast.Name) and t.id == "SILENCED_SYSTEM_CHECKS" for t in targets):
            ids += [
                n.value
                for n in ast.walk(value)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            ]
    return ids


def test_every_silenced_system_check_is_explained_in_a_comment_beside_it():
    found = []
    for module in sorted(SETTINGS_DIR.glob("*.py")):
        source = module.read_text(encoding="utf-8")
        comments = "\n".join(
            line.strip() for line in source.splitlines() if line.strip().startswith("#")
        )
        for check_id in _silenced(source):
            found.append(check_id)
            assert check_id in comments, (
                f"{module.name} silences {check_id} without a comment that names it and says "
                "why. Explain it, or fix what the check reports."
            )
    assert "axes.W006" in found  # the walk sees the settings that exist


def test_production_silences_no_security_check():
    """Django's own deploy checks (security.W0xx) are never silenced: fix the setting."""
    for module in sorted(SETTINGS_DIR.glob("*.py")):
        silenced = _silenced(module.read_text(encoding="utf-8"))
        assert not [i for i in silenced if i.startswith("security.")], module.name
