"""Every Japanese catalogue — the project's and each app's — is complete, keeps its
placeholders, and is compiled from its current .po file (the .mo files are committed).

One test per catalogue found, so a new app's catalogue is checked without a line here.
(``tests/test_layout.py`` checks that a plain ``makemessages`` leaves them so.)
"""

import gettext
import re
from pathlib import Path

import pytest

from tests.helpers import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path.parent
    for path in ROOT.glob("**/locale/ja/LC_MESSAGES/django.po")
    if not {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts)
)
# Far fewer entries than this means a catalogue lost its strings (a bad merge, say).
AT_LEAST = {"locale": 300, "messaging": 100, "registrations": 300, "seating": 150, "vip": 250}
# Placeholders a translation must keep: %(name)s, a literal %% and a message's {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}")


def _entries(catalogue):
    return [entry for entry in read_po(catalogue / "django.po") if entry["msgid"]]


def _name(catalogue):
    return str(catalogue.relative_to(ROOT).parts[0])


def test_every_app_with_translations_is_found():
    assert [_name(c) for c in CATALOGUES] == [
        "locale", "messaging", "registrations", "seating", "vip",
    ]  # fmt: skip


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_name)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue):
    entries = _entries(catalogue)
    assert len(entries) > AT_LEAST[_name(catalogue)]
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(e["msgstr"].values())] == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_name)
def test_placeholders_survive_translation(catalogue):
    for entry in _entries(catalogue):
        singular = sorted(PLACEHOLDER.findall(entry["msgid"]))
        plural = sorted(PLACEHOLDER.findall(entry.get("msgid_plural", entry["msgid"])))
        for text in entry["msgstr"].values():
            # Japanese has one plural form: it may follow the singular or the plural.
            assert sorted(PLACEHOLDER.findall(text)) in (singular, plural), entry["msgid"]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_name)
def test_compiled_catalogue_matches_the_po_file(catalogue):
    with (catalogue / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in _entries(catalogue):
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            translated = compiled.ngettext(msgid, entry["msgid_plural"], 1)
            assert translated == entry["msgstr"]["msgstr[0]"], msgid
        else:
            assert compiled.gettext(msgid) == entry["msgstr"]["msgstr"], msgid
