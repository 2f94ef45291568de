"""Dates, times and names as a British or a Japanese programme prints them.

Django's locale formats give "2016年11月1日" but not the weekday in brackets
that Japanese programmes use, nor the British "1–2 November 2016" range, so
these are written out here once and used by templates, feeds and mail.
"""

import re
import unicodedata
from datetime import date, datetime, tzinfo

from django.utils import dateformat, translation
from django.utils.timezone import localtime

JAPANESE_WEEKDAYS = "月火水木金土日"  # date.weekday(): Monday is 0
EN_DASH = "–"
WAVE_DASH = "〜"


def _is_japanese(language: str | None) -> bool:
    return (language or translation.get_language() or "en").startswith("ja")


def _en(value: date, format_string: str) -> str:
    with translation.override("en"):
        return dateformat.format(value, format_string)


def _ja_month_day(value: date) -> str:
    return f"{value.month}月{value.day}日（{JAPANESE_WEEKDAYS[value.weekday()]}）"


def long_date(value: date, language: str | None = None) -> str:
    """'Tuesday 1 November 2016' or '2016年11月1日（火）'."""
    if _is_japanese(language):
        return f"{value.year}年{_ja_month_day(value)}"
    return _en(value, "l j F Y")


def date_range(start: date, end: date, language: str | None = None) -> str:
    """'1–2 November 2016' or '2016年11月1日（火）〜2日（水）'."""
    if _is_japanese(language):
        first = long_date(start, "ja")
        if start == end:
            return first
        if (start.year, start.month) == (end.year, end.month):
            rest = f"{end.day}日（{JAPANESE_WEEKDAYS[end.weekday()]}）"
        elif start.year == end.year:
            rest = _ja_month_day(end)
        else:
            rest = long_date(end, "ja")
        return f"{first}{WAVE_DASH}{rest}"
    if start == end:
        return _en(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{_en(end, 'j F Y')}"
    if start.year == end.year:
        return f"{_en(start, 'j F')} {EN_DASH} {_en(end, 'j F Y')}"
    return f"{_en(start, 'j F Y')} {EN_DASH} {_en(end, 'j F Y')}"


def local_time(value: datetime, zone: tzinfo) -> str:
    """'09:15', in the event's zone."""
    return localtime(value, zone).strftime("%H:%M")


def time_range(start: datetime, end: datetime, zone: tzinfo) -> str:
    """'09:15–10:00', in the event's zone."""
    return f"{local_time(start, zone)}{EN_DASH}{local_time(end, zone)}"


def zone_label(value: datetime, zone: tzinfo) -> str:
    """The zone's abbreviation at that instant: 'JST', 'GMT', 'BST'."""
    return localtime(value, zone).strftime("%Z")


def display_width(text: str) -> int:
    """How many Latin letters' room a text takes: a full-width character (漢字, かな,
    ＡＢＣ) counts two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def join_list(items) -> str:
    """Items on one line, as the active language separates them: 'A, B' / 'A、B'."""
    return translation.pgettext("list separator", ", ").join(item for item in items if item)


def venue_address(venue) -> str:
    """The venue on one line, in the order the active language writes an address:
    'International Conference Hall, First Members' Office Building, Tokyo' in English,
    '東京都 衆議院第一議員会館 国際会議室' in Japanese (the largest place first)."""
    parts = (venue.name, venue.building, venue.city)
    if _is_japanese(translation.get_language()):
        return " ".join(part for part in reversed(parts) if part)
    return ", ".join(part for part in parts if part)


def zone_description(event) -> str:
    """'JST (UTC+09:00)' for the event's zone on its first day; in Japanese, which puts it
    in brackets of its own (現地時間（JST、UTC+09:00）), 'JST、UTC+09:00'."""
    first_day = event.local_day_bounds()[0]
    offset = first_day.strftime("%z")
    name, utc = first_day.strftime("%Z"), f"UTC{offset[:3]}:{offset[3:]}"
    if (translation.get_language() or "").startswith("ja"):
        return f"{name}、{utc}"
    return f"{name} ({utc})"


# Kanji (with 々 and 〆) and hiragana: a name written with them is a Japanese name. Katakana
# alone is how Japanese writes foreign names (スティーブン・ヒリアー), so it says nothing.
_KANJI_OR_HIRAGANA = re.compile(
    "[\u3005\u3006\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


# Any Japanese script, katakana included.
_JAPANESE_SCRIPT = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _country_code(person) -> str:
    """The person's nationality (a registration) or country (a speaker), as 'JP'."""
    for name in ("nationality", "country"):
        value = getattr(person, name, None)
        if value:
            return getattr(value, "code", value) or ""
    return ""


def is_japanese_name(person) -> bool:
    """Whether the person's name is a Japanese name, written family name first.

    Japanese nationality (a registration's) or country (a speaker's) decides where
    it is known; otherwise a name in Japanese script with kanji or hiragana does. A
    name in katakana alone is a foreign name transcribed, and a Japan-born Briton
    is written as a Briton: the nationality is asked precisely to settle this.
    """
    code = _country_code(person)
    if code:
        return code == "JP"
    return bool(_KANJI_OR_HIRAGANA.search(getattr(person, "japanese_name", "") or ""))


def latin_name(person) -> str:
    """The name alone in Latin letters, in the order of its language.

    Japanese names family name first, the family name in capitals ('OTSUKA Umio'),
    as the Japanese government writes them in English since 2020; every other name
    given name first ('Stephen Hillier').
    """
    if is_japanese_name(person):
        return f"{person.family_name.upper()} {person.given_name}".strip()
    return f"{person.given_name} {person.family_name}".strip()


def _honorific(person, language: str | None) -> str:
    # A translated honorific (a speaker's) follows the active language when read as
    # ``honorific``: an English name asked for on a Japanese page takes the English one.
    if not _is_japanese(language) and hasattr(person, "honorific_en"):
        return person.honorific_en or ""
    return getattr(person, "honorific", "") or ""


def person_name(person, language: str | None = None) -> str:
    """A speaker's or participant's name for the page's language: the one place names
    are formatted for people to read (pages, lists, badges, the door, emails).

    On Japanese pages a person with a name in Japanese script is shown with it, as
    written (family name first), followed by a Japanese rank or title if any
    ('大塚海夫 海将'); everyone else, and every English page, gets the Latin form with
    honorific and post-nominals: 'Air Chief Marshal Sir Stephen Hillier', 'Admiral
    OTSUKA Umio' (see ``latin_name``). Works for any object with ``given_name`` and
    ``family_name`` and optionally ``honorific``, ``post_nominals``,
    ``japanese_name``, ``nationality`` or ``country``.
    """
    japanese_name = getattr(person, "japanese_name", "")
    if _is_japanese(language) and japanese_name:
        rank = getattr(person, "honorific_ja", "") or ""
        return f"{japanese_name} {rank}".strip()
    honorific = _honorific(person, language)
    parts = [honorific, latin_name(person), getattr(person, "post_nominals", "")]
    if _JAPANESE_SCRIPT.search(honorific):
        # A title typed in Japanese (教授, 課長) follows the name, as Japanese writes it:
        # 'TAKAHASHI Ken 教授', not '教授 TAKAHASHI Ken'.
        parts = parts[1:] + parts[:1]
    return " ".join(part for part in parts if part)


def alternate_name(person, language: str | None = None) -> str:
    """The other script's name, shown beside the main one: Latin on Japanese
    pages, Japanese script on English pages; empty when there is none."""
    japanese_name = getattr(person, "japanese_name", "")
    if not japanese_name:
        return ""
    if _is_japanese(language):
        return latin_name(person)
    return japanese_name


def zone_abbreviations(zone: tzinfo, year: int) -> str:
    """The abbreviations a zone uses in a year, winter first: 'GMT/BST', 'EST/EDT', 'JST'."""
    seen = []
    for month in (1, 7):
        label = datetime(year, month, 1, 12, tzinfo=zone).strftime("%Z")
        if label not in seen:
            seen.append(label)
    return "/".join(seen)
