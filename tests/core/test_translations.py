"""English is available for every string: the catalogue is complete and its compiled form (which
is committed, so no gettext tools are needed to run) matches it."""

import gettext
import re
from pathlib import Path

from django.conf import settings

LC = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _po_entries() -> list[str]:
    text = (LC / "django.po").read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if re.search(r'^msgid "', block, re.M)]


def test_every_string_has_an_english_translation_and_none_is_fuzzy():
    entries = _po_entries()[1:]  # the first block is the header
    assert entries
    # An empty msgstr not continued on the next line.
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def test_the_compiled_catalogue_holds_every_entry_of_the_source():
    with (LC / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001
    singular = {key for key in catalog if isinstance(key, str) and key}
    plural = {key[0] for key in catalog if isinstance(key, tuple)}
    assert len(singular | plural) == len(_po_entries()) - 1
