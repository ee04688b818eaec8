"""A wide table scrolls sideways inside its `.table-responsive` wrapper. A keyboard user can only
scroll it if the wrapper takes focus, and a screen reader names it only if it is a labelled
region (axe: scrollable-region-focusable, found on the monitor's tables first). Checked in every
template, because a table only overflows with enough data at a narrow enough width, which a
browser test meets on a few pages only."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
WRAPPER = re.compile(r"<div\b[^>]*\bclass=\"table-responsive\"[^>]*>")
# Being rewritten by someone else at the time of writing; they get the same three attributes.
NOT_YET = {"mdo/overzicht.html", "casemanagement/traject.html"}


def wrappers() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text(encoding="utf-8")
        found += [(name, tag.group(0), text) for tag in WRAPPER.finditer(text)]
    return found


def test_the_check_finds_the_monitors_tables():
    names = {name for name, _tag, _text in wrappers()}
    assert {"monitor/_table.html", "monitor/dashboard.html", "aanmelding/inbox.html"} <= names


@pytest.mark.parametrize(
    ("name", "tag", "text"),
    [w for w in wrappers() if w[0] not in NOT_YET],
    ids=lambda value: value if value.endswith(".html") else "",
)
def test_every_scrolling_table_wrapper_is_a_named_region_in_the_tab_order(name, tag, text):
    assert 'tabindex="0"' in tag, tag
    assert 'role="region"' in tag, tag
    label = re.search(r'aria-label="([^"]+)"', tag)
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', tag)
    assert label or labelled_by, f"{name}: {tag} has no name"
    if labelled_by is None:
        return
    target = labelled_by.group(1)
    if target == "{{ labelled_by }}":
        # A partial: every page that includes it names the heading above it.
        includes = [
            (path, include)
            for path in TEMPLATES.rglob("*.html")
            for include in re.findall(
                r"\{% include \"" + re.escape(name) + r"\"[^%]*%\}", path.read_text("utf-8")
            )
        ]
        assert includes, f"{name} is included nowhere"
        for path, include in includes:
            given = re.search(r'labelled_by="([^"]+)"', include)
            assert given, f"{path}: {include}"
            assert f'id="{given.group(1)}"' in path.read_text("utf-8"), f"{path}: {include}"
    else:
        # The element it names is on the same page (a heading or the table's caption).
        assert f'id="{target}"' in text, f"{name}: nothing has id {target}"
