"""The Content-Security-Policy forbids inline styles and inline scripts: a `style="..."`
attribute, a `<style>` block, an inline `<script>` or an `onclick=` handler is silently ignored
by the browser (issue 9, item 13: line breaks vanished because of `style="white-space: ..."`).
No template may carry one."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# An HTML start tag; Django's {% %} and {{ }} inside it contain no ">" in this project.
TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
STYLE_ATTRIBUTE = re.compile(r"(?:^|\s)style\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"(?:^|\s)on[a-z]+\s*=", re.IGNORECASE)
SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def _without_comments(text: str) -> str:
    """Django comments blanked out (their line breaks kept, so line numbers stay right)."""
    return COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text)


def csp_violations(text: str) -> list[str]:
    """The inline styles and scripts in one template's source, as "line N: what"."""
    found = []
    text = _without_comments(text)
    for match in TAG.finditer(text):
        name, attrs = match["name"].lower(), match["attrs"]
        line = text.count("\n", 0, match.start()) + 1
        if STYLE_ATTRIBUTE.search(attrs):
            found.append(f"line {line}: style attribute on <{name}>")
        if EVENT_HANDLER.search(attrs):
            found.append(f"line {line}: inline event handler on <{name}>")
        if name == "script" and not SRC.search(attrs) and "application/json" not in attrs:
            found.append(f"line {line}: inline <script> without src")
        if name == "style":
            found.append(f"line {line}: inline <style> block")
    return found


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


def test_the_scan_finds_each_kind_of_inline_style_and_script():
    sample = """<p style="white-space: pre-line">{{ x }}</p>
<div class="a"
     STYLE='color: red'>
<script>alert(1)</script>
<script src="{% static 'x.js' %}"></script>
<button onclick="go()">x</button>
<style>p { color: red }</style>
<p class="pre-line" data-style="x">{{ x }}</p>{# a <style> named in a comment #}"""
    assert csp_violations(sample) == [
        "line 1: style attribute on <p>",
        "line 2: style attribute on <div>",
        "line 4: inline <script> without src",
        "line 6: inline event handler on <button>",
        "line 7: inline <style> block",
    ]


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_carries_an_inline_style_or_script(template):
    assert csp_violations(template.read_text()) == []
