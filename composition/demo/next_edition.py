"""The demo's illustrative 4th edition: the one that takes sign-ups.

Not a real event, and marked so in its name and summary in both languages. It is
dated from the day the demo is loaded (nine weeks ahead; a later run moves it), so
that a newcomer can register, follow the manage link and be checked in at the door.
It reuses three of the 2016 themes and the 2016 speakers; its eight registrations
are fictional.
"""

import random
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import translation

from composition.demo.tokyo_2016 import (
    BRITISH_FAMILY,
    BRITISH_GIVEN,
    BRITISH_ORGANISATIONS,
    EVENT,
    HONORIFICS,
    JAPANESE_FAMILY,
    JAPANESE_GIVEN,
    JAPANESE_ORGANISATIONS,
    THEMES,
    TOKYO,
    A,
    T,
    _demo_reference,
    _load_agenda,
    _load_options,
    _load_registration,
    _load_themes,
    _upsert,
)
from conference.models import Event
from registrations.models import Registration

NEXT_EDITION_SLUG = "next-edition-illustrative"
NEXT_EDITION_WEEKS_AHEAD = 9


def next_edition_dates(today: date) -> tuple[date, date]:
    """Two days, a couple of months after ``today``."""
    start = today + timedelta(weeks=NEXT_EDITION_WEEKS_AHEAD)
    return start, start + timedelta(days=1)


def next_edition(today: date) -> dict:
    start, end = next_edition_dates(today)
    return {
        "series_name_en": EVENT["series_name_en"],
        "series_name_ja": EVENT["series_name_ja"],
        "edition": 4,
        "name_en": "4th UK-Japan Security Dialogue (illustrative)",
        "name_ja": "第4回 日英安全保障対話（デモ用の架空の回）",
        "summary_en": (
            "An illustrative edition for trying this site: not a real event. Its dates "
            "are set two months after the day the demo was loaded, so that sign-up, the "
            "manage link and the door can be tried."
        ),
        "summary_ja": (
            "このサイトを試すための架空の回であり、実在の催しではありません。日程はデモを読み込んだ"
            "日の約2か月後に設定され、参加登録、登録内容の確認・変更用リンク、受付をお試しいただけます。"
        ),
        "description_en": (
            "*This edition is illustrative.* It does not exist: the demo creates it, dated "
            "from the day it is loaded, so that a newcomer can register, follow the link in "
            "the confirmation email and check a delegate in at the door. Its themes and "
            "speakers are those of the 2016 dialogue, arranged anew; its registrations are "
            "fictional."
        ),
        "description_ja": (
            "*この回は架空の例示です。* 実在しません。デモを読み込んだ日を基準に日程を設定し、"
            "参加登録、確認メールのリンク、受付でのチェックインを試せるようにしています。"
            "テーマと登壇者は2016年の対話のものを組み直したもので、登録者は架空の人物です。"
        ),
        "start_date": start,
        "end_date": end,
        "time_zone": "Asia/Tokyo",
        "organiser_name_en": EVENT["organiser_name_en"],
        "organiser_name_ja": EVENT["organiser_name_ja"],
        "contact_name_en": EVENT["contact_name_en"],
        "contact_name_ja": EVENT["contact_name_ja"],
        "contact_email": EVENT["contact_email"],
        "is_published": True,
        "capacity": 120,
        # Open since a fortnight ago; it closes by itself when the event ends.
        "registration_opens_at": datetime.combine(
            today - timedelta(days=14), datetime.min.time().replace(hour=10), tzinfo=TOKYO
        ),
        "registration_closes_at": None,
        # As in 2016, organisers confirm places: a newcomer's sign-up waits for an
        # Organiser's approval in the admin, then its QR code opens the door.
        "registration_mode": Event.RegistrationMode.APPROVAL,
        "waiting_list_enabled": True,
    }


NEXT_THEMES = [
    row
    for row in THEMES
    if row[0] in {"shared-risks", "defence-equipment", "non-conventional-threats"}
]


def next_agenda(today: date) -> list:
    day1, day2 = next_edition_dates(today)
    return [
        ("registration", day1, "08:30", "09:15", T.OTHER, "Registration and coffee",
         "受付・コーヒー", None, A.ON_THE_RECORD, []),
        ("opening-keynote", day1, "09:15", "10:00", T.KEYNOTE,
         "Opening keynote: ten years of partnership", "基調講演：パートナーシップの10年",
         None, A.ON_THE_RECORD, [("kimihiro-ishikane", "keynote", True)]),
        ("shared-risks-panel", day1, "10:15", "11:45", T.PANEL,
         "Panel: the risks we share, revisited", "パネル：共有するリスクを改めて考える",
         "shared-risks", A.CHATHAM_HOUSE,
         [("richard-barrons", "panellist", True), ("umio-otsuka", "panellist", True)]),
        ("lunch-1", day1, "12:00", "13:15", T.MEAL, "Lunch", "昼食", None, A.ON_THE_RECORD, []),
        ("equipment-panel", day1, "13:15", "14:45", T.PANEL,
         "Panel: what joint equipment programmes delivered",
         "パネル：防衛装備品協力の成果", "defence-equipment", A.CHATHAM_HOUSE,
         [("stephen-hillier", "panellist", True), ("umio-otsuka", "discussant", False)]),
        ("reception", day1, "18:00", "20:00", T.RECEPTION, "Evening reception",
         "レセプション", None, A.CLOSED, []),
        ("non-conventional-roundtable", day2, "09:30", "11:00", T.ROUNDTABLE,
         "Roundtable: cyber, terrorism and proliferation",
         "ラウンドテーブル：サイバー、テロ、核拡散", "non-conventional-threats",
         A.CHATHAM_HOUSE,
         [("shigeo-yoneda", "panellist", True), ("kimihiro-ishikane", "panellist", True)]),
        ("closing-briefing", day2, "11:15", "12:00", T.BRIEFING,
         "Closing briefing: the next steps", "総括：次の一歩", None, A.ON_THE_RECORD,
         [("itsunori-onodera", "discussant", True)]),
    ]  # fmt: skip


NEXT_ATTENDANCE_OPTIONS = [
    ("Day 1", "1日目", None),
    ("Day 2", "2日目", None),
    ("Evening reception (Day 1)", "レセプション（初日の夜）", 60),
]

# A handful of fictional delegates: enough to find at the door and to fill the lists.
NEXT_STATUS_PLAN = [Registration.Status.CONFIRMED] * 6 + [
    Registration.Status.PENDING,
    Registration.Status.CANCELLED,
]


def _next_edition_registrations(today: date):
    rng = random.Random(2026)
    people = []
    for index, status in enumerate(NEXT_STATUS_PLAN):
        japanese = index % 2 == 0
        if japanese:
            given, given_ja = JAPANESE_GIVEN[(index + 3) % len(JAPANESE_GIVEN)]
            family, family_ja = JAPANESE_FAMILY[(index * 7 + 1) % len(JAPANESE_FAMILY)]
            japanese_name = f"{family_ja} {given_ja}"
            organisation, sector = JAPANESE_ORGANISATIONS[index % len(JAPANESE_ORGANISATIONS)]
            nationality, domain, language = "JP", "example.jp", "ja" if index % 4 == 0 else "en"
        else:
            given = BRITISH_GIVEN[(index * 3 + 5) % len(BRITISH_GIVEN)]
            family = BRITISH_FAMILY[(index * 11 + 2) % len(BRITISH_FAMILY)]
            japanese_name = ""
            organisation, sector = BRITISH_ORGANISATIONS[index % len(BRITISH_ORGANISATIONS)]
            nationality, domain, language = "GB", "example.org", "en"
        registered_at = datetime.combine(
            today - timedelta(days=13 - index), datetime.min.time(), tzinfo=TOKYO
        ) + timedelta(hours=9 + rng.randint(0, 8), minutes=rng.randint(0, 59))
        diet = ["none", "vegetarian", "none", "halal", "none", "none", "gluten_free", "none"][index]
        people.append(
            {
                "reference": _demo_reference(rng),
                "status": status,
                "honorific": rng.choice(HONORIFICS[sector]),
                "given_name": given,
                "family_name": family,
                "japanese_name": japanese_name,
                "email": f"{given.lower()}.{family.lower()}.next{index}@{domain}",
                "phone": "",
                "organisation": organisation,
                "position": "",
                "sector": sector,
                "nationality": nationality,
                "dietary_requirement": diet,
                "dietary_details": "",
                "accessibility_needs": "",
                "interpretation": ("en" if japanese else "ja") if index % 3 == 0 else "none",
                "language": language,
                "privacy_consent_at": registered_at,
                "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
                "delegate_list_consent_at": registered_at if index % 2 else None,
                "registered_at": registered_at,
                "attends_reception": index % 3 != 1,
            }
        )
    return people


def load_next_edition(*, venue, speakers, today: date):
    """Create or restore the illustrative edition dated from ``today``. Returns it."""
    with translation.override("en"):
        return _load_next_edition(venue, speakers, today)


def _load_next_edition(venue, speakers, today: date):
    event, _ = _upsert(
        Event, slug=NEXT_EDITION_SLUG, defaults={**next_edition(today), "venue": venue}
    )
    themes = _load_themes(event, NEXT_THEMES)
    _load_agenda(event, next_agenda(today), themes, speakers)
    options = _load_options(event, NEXT_ATTENDANCE_OPTIONS)
    for person in _next_edition_registrations(today):
        person = person.copy()
        attends_reception = person.pop("attends_reception")
        chosen = options[:2] + (options[2:] if attends_reception else [])
        _load_registration(event, person, chosen)
    return event
