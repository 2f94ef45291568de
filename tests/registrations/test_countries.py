"""The nationality list in Japanese: 日本 and イギリス first, then gojūon order by reading."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from registrations.countries import countries_in_japanese_order, kana_sort_key, reading
from tests.factories import RegistrationFactory
from tests.helpers import manage_path as manage

KANJI = re.compile(r"[\u4e00-\u9fff]")


def _names():
    return [name for _, name in countries_in_japanese_order()]


def test_the_japanese_list_starts_with_japan_the_uk_then_the_a_row():
    assert _names()[:12] == [
        "日本",
        "イギリス",
        "アイスランド",
        "アイルランド",
        "アゼルバイジャン",
        "アフガニスタン",
        "アメリカ合衆国",
        "アラブ首長国連邦",
        "アルジェリア",
        "アルゼンチン",
        "アルバ",
        "アルバニア",
    ]


@pytest.mark.parametrize(
    ("before", "name", "after"),
    [
        ("チャド", "中央アフリカ", "中国"),  # チュウオウ before チュウゴク
        ("中央アフリカ", "中国", "チュニジア"),  # small ュ sorts as ユ: チユウ < チユニ
        ("カメルーン", "韓国", "ガンビア"),  # voicing counts only between equals
        ("西サハラ", "日本", "ニューカレドニア"),  # 日本 again in its place
        ("南極", "ニウエ", "ニカラグア"),
        ("カーボベルデ", "ガーンジー", "ガイアナ"),  # ガー is カア: カアン < カイ
        ("ミクロネシア連邦", "南アフリカ", "南スーダン"),
        ("ハンガリー", "バングラデシュ", "東ティモール"),
        ("ボリビア", "ポルトガル", "香港"),
        ("インドネシア", "ヴァージン諸島(アメリカ領)", "ヴァージン諸島(イギリス領)"),
        ("カンボジア", "北朝鮮", "北マケドニア"),
        ("スロベニア", "セイシェル", "赤道ギニア"),
        ("タイ", "台湾", "タジキスタン"),
    ],
)
def test_kanji_names_sort_by_their_reading(before, name, after):
    names = _names()[2:]
    position = names.index(name)
    assert names[position - 1 : position + 2] == [before, name, after]


def test_every_country_name_has_a_kana_reading():
    """A new kanji in django-countries' names fails here until READINGS has it."""
    with translation.override("ja"):
        unread = [str(name) for _, name in countries if KANJI.search(reading(str(name)))]
    assert unread == []


def test_the_sort_key_folds_voicing_small_kana_and_the_long_vowel():
    assert reading("ボネール、シント・ユースタティウスおよびサバ") == (
        "ボネールシントユースタティウスオヨビサバ"
    )
    assert kana_sort_key("ガーナ")[0] == "カアナ"
    assert kana_sort_key("チュニジア")[0] == "チユニシア"
    assert kana_sort_key("中国")[0] == "チユウコク"
    assert sorted(["パナマ", "バハマ", "ハイチ"], key=kana_sort_key) == [
        "ハイチ",
        "パナマ",
        "バハマ",
    ]


@pytest.mark.django_db
def test_the_japanese_sign_up_form_lists_nationalities_in_gojuon_order(client, open_event):
    with translation.override("ja"):
        url = reverse("registrations:register", kwargs={"event_slug": open_event.slug})
    page = client.get(url).content.decode()
    select = page[
        page.index('<select name="nationality"') : page.index(
            "</select>", page.index('<select name="nationality"')
        )
    ]
    options = re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', select)
    assert options[:5] == [
        ("", "国籍を選択してください"),
        ("JP", "日本"),
        ("GB", "イギリス"),
        ("IS", "アイスランド"),
        ("IE", "アイルランド"),
    ]
    assert len(options) == 252  # the prompt, two first, 249 countries
    codes = [code for code, _ in options]
    assert codes.index("CN") == codes.index("TD") + 2  # チャド, 中央アフリカ, 中国


@pytest.mark.django_db
def test_the_english_form_keeps_alphabetical_order(client, open_event):
    url = reverse("registrations:register", kwargs={"event_slug": open_event.slug})
    page = client.get(url).content.decode()
    select = page[page.index('<select name="nationality"') :]
    codes = re.findall(r'<option value="(\w*)"', select[: select.index("</select>")])
    assert codes[:6] == ["", "JP", "GB", "AF", "AX", "AL"]


@pytest.mark.django_db
def test_the_japanese_manage_page_lists_nationalities_in_gojuon_order(client):
    registration = RegistrationFactory(nationality="KR")
    page = client.get("/ja" + manage(registration)).content.decode()
    select = page[page.index('<select name="nationality"') :]
    select = select[: select.index("</select>")]
    codes = re.findall(r'<option value="(\w*)"', select)
    assert codes[:5] == ["", "JP", "GB", "IS", "IE"]
    assert re.findall(r'<option value="(\w*)" selected>', select) == ["KR"]
    assert codes[codes.index("KR") - 1 : codes.index("KR") + 2] == ["CM", "KR", "GM"]
