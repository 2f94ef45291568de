from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from conference import formats
from tests.factories import EventFactory, RegistrationFactory, SpeakerFactory

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("start", "end", "english", "japanese"),
    [
        (
            date(2016, 11, 1),
            date(2016, 11, 2),
            "1–2 November 2016",
            "2016年11月1日（火）〜2日（水）",
        ),
        (date(2016, 11, 1), date(2016, 11, 1), "1 November 2016", "2016年11月1日（火）"),
        (
            date(2016, 11, 30),
            date(2016, 12, 1),
            "30 November – 1 December 2016",
            "2016年11月30日（水）〜12月1日（木）",
        ),
        (
            date(2016, 12, 31),
            date(2017, 1, 1),
            "31 December 2016 – 1 January 2017",
            "2016年12月31日（土）〜2017年1月1日（日）",
        ),
    ],
)
def test_date_range_in_both_languages(start, end, english, japanese):
    assert formats.date_range(start, end, "en") == english
    assert formats.date_range(start, end, "ja") == japanese


def test_long_date_in_both_languages():
    assert formats.long_date(date(2016, 11, 1), "en") == "Tuesday 1 November 2016"
    assert formats.long_date(date(2016, 11, 1), "ja") == "2016年11月1日（火）"


def test_time_range_is_in_the_event_zone():
    start = datetime(2016, 11, 1, 0, 15, tzinfo=ZoneInfo("UTC"))
    end = datetime(2016, 11, 1, 1, 0, tzinfo=ZoneInfo("UTC"))

    assert formats.time_range(start, end, TOKYO) == "09:15–10:00"
    assert formats.zone_label(start, TOKYO) == "JST"


@pytest.mark.django_db
def test_zone_description():
    event = EventFactory()
    assert formats.zone_description(event) == "JST (UTC+09:00)"
    with translation.override("ja"):
        assert formats.zone_description(event) == "JST、UTC+09:00"


@pytest.mark.django_db
def test_person_name_uses_japanese_script_on_japanese_pages():
    otsuka = SpeakerFactory(
        honorific_en="Admiral", honorific_ja="海将", given_name="Umio", family_name="Otsuka",
        japanese_name="大塚海夫",
    )  # fmt: skip
    yoneda = SpeakerFactory(honorific_en="Mr", given_name="Shigeo", family_name="Yoneda")

    assert formats.person_name(otsuka, "en") == "Admiral OTSUKA Umio"
    assert formats.person_name(otsuka, "ja") == "大塚海夫 海将"
    assert formats.alternate_name(otsuka, "ja") == "OTSUKA Umio"
    assert formats.alternate_name(otsuka, "en") == "大塚海夫"
    assert formats.alternate_name(yoneda, "en") == ""


@pytest.mark.parametrize(
    ("nationality", "japanese_name", "english", "japanese"),
    [
        # Japanese nationality: family name first, in capitals, as Tokyo writes it.
        ("JP", "佐藤 由紀", "Dr SATO Yuki", "佐藤 由紀"),
        ("JP", "", "Dr SATO Yuki", "Dr SATO Yuki"),
        # Another nationality: given name first, whatever script the name is also in.
        ("GB", "", "Dr Yuki Sato", "Dr Yuki Sato"),
        ("GB", "スティーブン・ヒリアー", "Dr Yuki Sato", "スティーブン・ヒリアー"),
        # Nationality unknown: kanji or hiragana make it a Japanese name, katakana not.
        ("", "佐藤 由紀", "Dr SATO Yuki", "佐藤 由紀"),
        ("", "サトウ ユキ", "Dr Yuki Sato", "サトウ ユキ"),
    ],
)
def test_participant_names_in_the_order_each_language_writes_them(
    nationality, japanese_name, english, japanese
):
    person = RegistrationFactory.build(
        honorific="Dr",
        given_name="Yuki",
        family_name="Sato",
        japanese_name=japanese_name,
        nationality=nationality,
    )
    assert formats.person_name(person, "en") == english
    assert formats.person_name(person, "ja") == japanese


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_title_typed_in_japanese_follows_the_name(language):
    person = RegistrationFactory.build(
        honorific="教授", given_name="Ken", family_name="Takahashi", nationality="JP"
    )
    assert formats.person_name(person, language) == "TAKAHASHI Ken 教授"
    person.honorific = "Professor"
    assert formats.person_name(person, language) == "Professor TAKAHASHI Ken"


@pytest.mark.django_db
def test_a_speakers_english_name_has_the_english_honorific_on_a_japanese_page():
    hillier = SpeakerFactory(
        honorific_en="Air Chief Marshal Sir", honorific_ja="空軍大将", given_name="Stephen",
        family_name="Hillier", japanese_name="スティーブン・ヒリアー", country="GB",
    )  # fmt: skip
    with translation.override("ja"):
        assert formats.person_name(hillier, "en") == "Air Chief Marshal Sir Stephen Hillier"
        assert formats.person_name(hillier) == "スティーブン・ヒリアー 空軍大将"
        assert formats.alternate_name(hillier) == "Stephen Hillier"


def test_a_venue_on_one_line_in_each_languages_order():
    from conference.models import Venue

    venue = Venue(name="International Conference Hall", building="Members' Building", city="Tokyo")
    plain = Venue(name="Hotel Okura", city="Tokyo")
    with translation.override("en"):
        assert (
            formats.venue_address(venue)
            == "International Conference Hall, Members' Building, Tokyo"
        )
        assert formats.venue_address(plain) == "Hotel Okura, Tokyo"
    venue.name, venue.building, venue.city = "国際会議室", "衆議院第一議員会館", "東京都"
    plain.name, plain.city = "ホテルオークラ", "東京都"
    with translation.override("ja"):
        assert formats.venue_address(venue) == "東京都 衆議院第一議員会館 国際会議室"
        assert formats.venue_address(plain) == "東京都 ホテルオークラ"
