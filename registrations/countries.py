"""The nationality list in Japanese collation order (gojūon), as a Japanese reader expects.

django-countries sorts by code point without PyICU or pyuca (neither is installed
here), which leaves Japanese names in no order a reader knows: 中国 and 韓国 after
every katakana name. Japanese dictionaries sort by reading, in gojūon order, so each
name is turned into its katakana reading (the readings below for the words written in
kanji), and compared as JIS X 4061 does: first without voicing marks, with small kana
as large ones and the long-vowel mark ー as the vowel it lengthens; then, between
names equal so far, unvoiced before voiced before half-voiced.
"""

import re
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django_countries import countries

# Readings of the words in kanji that django-countries' Japanese names use. A name
# with a kanji not listed here sorts after every name that has a reading (and a test,
# tests/registrations/test_countries.py, fails until its reading is added).
READINGS = {
    "日本": "ニホン",
    "中国": "チュウゴク",
    "韓国": "カンコク",
    "台湾": "タイワン",
    "香港": "ホンコン",
    "北朝鮮": "キタチョウセン",
    "南極": "ナンキョク",
    "南方": "ナンポウ",
    "南": "ミナミ",
    "北": "キタ",
    "東": "ヒガシ",
    "西": "ニシ",
    "中央": "チュウオウ",
    "赤道": "セキドウ",
    "米領": "ベイリョウ",
    "英領": "エイリョウ",
    "仏領": "フツリョウ",
    "領有": "リョウユウ",
    "領": "リョウ",
    "諸島": "ショトウ",
    "小離島": "ショウリトウ",
    "島": "トウ",
    "洋": "ヨウ",
    "地域": "チイキ",
    "民主": "ミンシュ",
    "共和国": "キョウワコク",
    "合衆国": "ガッシュウコク",
    "首長国": "シュチョウコク",
    "市国": "シコク",
    "国": "コク",
    "連邦": "レンポウ",
    "自治州": "ジチシュウ",
}
_WORDS = re.compile("|".join(sorted(map(re.escape, READINGS), key=len, reverse=True)))

_SMALL = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_VOICING_MARKS = {"\u3099", "\u309a"}  # combining dakuten and handakuten
_VOWEL_ROWS = {
    "ア": "アカサタナハマヤラワガザダバパァャヮ",
    "イ": "イキシチニヒミリギジヂビピィヰ",
    "ウ": "ウクスツヌフムユルグズヅブプゥュッヴ",
    "エ": "エケセテネヘメレゲゼデベペェヱ",
    "オ": "オコソトノホモヨロヲゴゾドボポォョ",
}
_VOWEL_OF = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}
_NOT_KANA = re.compile(r"[^\u30a1-\u30fa\u30fc\u3099\u309a\u4e00-\u9fff]")


def reading(name: str) -> str:
    """The name in katakana: kanji words read, hiragana as katakana, other marks
    (・, spaces, brackets, 、) dropped."""
    text = _WORDS.sub(lambda match: READINGS[match.group()], name)
    text = unicodedata.normalize("NFKC", text).translate(_HIRAGANA_TO_KATAKANA)
    return _NOT_KANA.sub("", text)


def kana_sort_key(name: str) -> tuple[str, str, str]:
    """Gojūon order: (reading without voicing, small kana or ー; reading; name)."""
    text = reading(name)
    base = []
    for char in unicodedata.normalize("NFD", text):
        if char in _VOICING_MARKS:
            continue
        if char == "ー":
            # The vowel it lengthens: ガーナ sorts as カアナ.
            char = _VOWEL_OF.get(base[-1], "") if base else ""
        base.append(char.translate(_SMALL))
    return ("".join(base), unicodedata.normalize("NFD", text), name)


@lru_cache(maxsize=4)
def _japanese_order(first: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    with translation.override("ja"):
        pairs = [(code, str(name)) for code, name in countries]
    head = []
    for code, name in pairs:
        if code not in first or code in dict(head):
            break
        head.append((code, name))
    return (*head, *sorted(pairs[len(head) :], key=lambda pair: kana_sort_key(pair[1])))


def countries_in_japanese_order() -> tuple[tuple[str, str], ...]:
    """(code, Japanese name) for every country: those of COUNTRIES_FIRST as listed
    (Japan, the United Kingdom), then all of them (those again too) by reading.

    Worked out once per process: the sign-up form is built for every visitor.
    """
    return _japanese_order(tuple(settings.COUNTRIES_FIRST))
