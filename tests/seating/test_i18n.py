"""The seating catalogue: complete, placeholders intact, compiled."""

import gettext
import re
from pathlib import Path

import seating
from tests.helpers import read_po

CATALOGUE = Path(seating.__file__).resolve().parent / "locale" / "ja" / "LC_MESSAGES"


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = [e for e in read_po(CATALOGUE / "django.po") if e["msgid"]]
    assert len(entries) > 150
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(e["msgstr"].values())] == []


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|%%")
    for entry in read_po(CATALOGUE / "django.po"):
        if entry["msgid"]:
            for text in entry["msgstr"].values():
                assert sorted(placeholder.findall(text)) == sorted(
                    placeholder.findall(entry["msgid"])
                ), entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in read_po(CATALOGUE / "django.po"):
        if entry["msgid"] and "msgid_plural" not in entry and "msgctxt" not in entry:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"]["msgstr"], entry["msgid"]
