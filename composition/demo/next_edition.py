"""The demo's illustrative 4th edition: the one that takes sign-ups.

Not a real event, and marked so in its name and summary in both languages. It is
dated from the day the demo is loaded (nine weeks ahead; a later run moves it), so
that a newcomer can register, follow the manage link and be checked in at the door.
It reuses three of the 2016 themes and the 2016 speakers; its registrations are
fictional. Four speakers have been invited through the site (one accepted, with his
arrival entered and a restricted note; one declined; two have not answered yet) and
the organisers review speakers' own profile changes before they go public.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings

from composition.demo.people import fictional_next
from composition.demo.protocol import SPEAKER_PLACES, delegations
from composition.demo.records import (
    EditionRecord,
    OptionRecord,
    RoleRecord,
    SeatingPlanRecord,
    SessionRecord,
    SpeakerInvitationRecord,
    TravelRecord,
)
from composition.demo.seed import ORGANISER, THEMES, TOKYO
from conference.models import Event, Session

T, A = Session.Type, Session.Attribution

NEXT_EDITION_SLUG = "next-edition-illustrative"
NEXT_EDITION_WEEKS_AHEAD = 9


def next_edition_dates(today: date) -> tuple[date, date]:
    "''Two days, a couple of months after ``today``.''"
    start = today + timedelta(weeks=NEXT_EDITION_WEEKS_AHEAD)
    return start, start + timedelta(days=1)


def next_edition_event(today: date) -> dict:
    start, end = next_edition_dates(today)
    return {
        **ORGANISER,
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
            "**この回は架空の例示です。**実在しません。デモを読み込んだ日を基準に日程を設定し、"
            "参加登録、確認メールのリンク、受付でのチェックインを試せるようにしています。"
            "テーマと登壇者は2016年の対話のものを組み直したもので、登録者は架空の人物です。"
        ),
        "start_date": start,
        "end_date": end,
        "time_zone": "Asia/Tokyo",
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


NEXT_THEMES = tuple(
    theme
    for theme in THEMES
    if theme.key in {"shared-risks", "defence-equipment", "non-conventional-threats"}
)

AGENDA = (
    SessionRecord(
        slug="registration",
        day=1,
        start="08:30",
        end="09:15",
        type=T.REGISTRATION,
        title_en="Registration and coffee",
        title_ja="受付・コーヒー",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="opening-keynote",
        day=1,
        start="09:15",
        end="10:00",
        type=T.KEYNOTE,
        title_en="Opening keynote: ten years of partnership",
        title_ja="基調講演：パートナーシップの10年",
        attribution=A.ON_THE_RECORD,
        roles=(RoleRecord(speaker="kimihiro-ishikane", role="keynote", speaking_language="ja"),),
    ),
    SessionRecord(
        slug="shared-risks-panel",
        day=1,
        start="10:15",
        end="11:45",
        type=T.PANEL,
        title_en="Panel: the risks we share, revisited",
        title_ja="パネル：共有するリスクを改めて考える",
        theme="shared-risks",
        attribution=A.CHATHAM_HOUSE,
        roles=(
            # Invited through the site: Barrons declined, Otsuka has not answered yet.
            RoleRecord(
                speaker="richard-barrons",
                role="panellist",
                confirmed=False,
                speaking_language="en",
            ),
            RoleRecord(
                speaker="umio-otsuka", role="panellist", confirmed=False, speaking_language="ja"
            ),
        ),
    ),
    SessionRecord(
        slug="lunch-1",
        day=1,
        start="12:00",
        end="13:15",
        type=T.MEAL,
        title_en="Lunch",
        title_ja="昼食",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="equipment-panel",
        day=1,
        start="13:15",
        end="14:45",
        type=T.PANEL,
        title_en="Panel: what joint equipment programmes delivered",
        title_ja="パネル：防衛装備品協力の成果",
        theme="defence-equipment",
        attribution=A.CHATHAM_HOUSE,
        roles=(
            RoleRecord(speaker="stephen-hillier", role="panellist", speaking_language="en"),
            RoleRecord(
                speaker="umio-otsuka", role="discussant", confirmed=False, speaking_language="ja"
            ),
        ),
    ),
    SessionRecord(
        slug="reception",
        day=1,
        start="18:00",
        end="20:00",
        type=T.RECEPTION,
        title_en="Evening reception",
        title_ja="レセプション",
        attribution=A.CLOSED,
    ),
    SessionRecord(
        slug="non-conventional-roundtable",
        day=2,
        start="09:30",
        end="11:00",
        type=T.ROUNDTABLE,
        title_en="Roundtable: cyber, terrorism and proliferation",
        title_ja="ラウンドテーブル：サイバー、テロ、核拡散",
        theme="non-conventional-threats",
        attribution=A.CHATHAM_HOUSE,
        roles=(
            # Invited through the site, not answered yet.
            RoleRecord(
                speaker="shigeo-yoneda", role="panellist", confirmed=False, speaking_language="ja"
            ),
            RoleRecord(speaker="kimihiro-ishikane", role="panellist", speaking_language="ja"),
        ),
    ),
    SessionRecord(
        slug="closing-briefing",
        day=2,
        start="11:15",
        end="12:00",
        type=T.BRIEFING,
        title_en="Closing briefing: the next steps",
        title_ja="総括：次の一歩",
        attribution=A.ON_THE_RECORD,
        roles=(RoleRecord(speaker="itsunori-onodera", role="discussant", speaking_language="ja"),),
    ),
)

OPTIONS = (
    OptionRecord(name_en="Day 1", name_ja="1日目", day=1),
    OptionRecord(name_en="Day 2", name_ja="2日目", day=2),
    OptionRecord(
        name_en="Evening reception (Day 1)",
        name_ja="レセプション（初日の夜）",
        capacity=60,
        sessions=("reception",),
    ),
)


# The opening keynote at a bilateral table (published: delegates see their seat on
# their manage page) and the reception as a dinner at round tables (a draft), assigned
# by the rules; Mr Quinlan is pinned to the top table's second guest seat.
SEATING_PLANS = (
    SeatingPlanRecord(
        session="opening-keynote",
        layout="bilateral",
        options={"seats_per_side": 5, "chair": 1, "interpreters": 1},
        published=True,
    ),
    SeatingPlanRecord(
        occasion="Evening reception (Day 1)",
        name_en="Reception dinner (illustrative)",
        name_ja="レセプション夕食会（例示）",
        layout="round",
        options={"tables": 2, "seats_per_table": 6, "top_table": 1},
        pins=(("1-6", "N8N4-P2TX"),),
    ),
)


def _morning(day: date, days_before: int, hhmm: str = "10:00") -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day - timedelta(days=days_before), time(hour, minute), tzinfo=TOKYO)


def speaker_invitations(today: date) -> tuple[SpeakerInvitationRecord, ...]:
    """Four of the six speakers invited from the admin, in their states as of ``today``.

    Ishikane and Onodera were confirmed by hand and have no invitation: an organiser
    trying the site can invite them (or send any of these a new link from the admin).
    """
    return (
        SpeakerInvitationRecord(
            speaker="stephen-hillier",
            language="en",
            sessions=("equipment-panel",),
            sent_at=_morning(today, 12),
            opened_at=_morning(today, 11, "18:40"),
            answer="accepted",
            answered_at=_morning(today, 11, "18:52"),
        ),
        SpeakerInvitationRecord(
            speaker="richard-barrons",
            language="en",
            sessions=("shared-risks-panel",),
            sent_at=_morning(today, 12),
            opened_at=_morning(today, 9, "08:15"),
            answer="declined",
            answered_at=_morning(today, 9, "08:21"),
            message=(
                "With regret: I am committed elsewhere that week. I would gladly join a "
                "later edition. (Illustrative message.)"
            ),
        ),
        SpeakerInvitationRecord(
            speaker="umio-otsuka",
            language="ja",
            sessions=("shared-risks-panel", "equipment-panel"),
            sent_at=_morning(today, 12),
            opened_at=_morning(today, 10, "21:05"),
        ),
        SpeakerInvitationRecord(
            speaker="shigeo-yoneda",
            language="ja",
            sessions=("non-conventional-roundtable",),
            sent_at=_morning(today, 3),
        ),
    )


def travel(today: date) -> tuple[TravelRecord, ...]:
    """Hillier's arrival (the day before the dialogue) and departure; all illustrative."""
    first_day, _last_day = next_edition_dates(today)
    return (
        TravelRecord(
            speaker="stephen-hillier",
            arrival_date=first_day - timedelta(days=1),
            arrival_time=time(16, 55),
            arrival_mode="flight",
            arrival_number="BA 5",
            arrival_point="Haneda Airport, Terminal 3",
            departure_date=first_day + timedelta(days=1),
            departure_time=time(11, 30),
            departure_mode="flight",
            departure_number="BA 6",
            departure_point="Haneda Airport, Terminal 3",
            hotel="Hotel in Akasaka (illustrative)",
            car_meets=True,
            car_details="British Embassy car (illustrative)",
            escort="Ms Aiko Tanaka, protocol desk (fictional)",
            venue_entrance="South visitors' entrance",
            aide_name="Flt Lt Sam Carter (fictional)",
            aide_contact="aide.hillier@speakers.example.org",
            restricted_note=(
                "Illustrative: one close-protection officer travels with him; no "
                "photographs at the entrance. Organisers only."
            ),
        ),
    )


def next_edition(today: date) -> EditionRecord:
    start, _end = next_edition_dates(today)
    return EditionRecord(
        slug=NEXT_EDITION_SLUG,
        event=next_edition_event(today),
        start_date=start,
        themes=NEXT_THEMES,
        agenda=AGENDA,
        options=OPTIONS,
        people=fictional_next(today, privacy_notice_version=settings.PRIVACY_NOTICE_VERSION),
        speaker_invitations=speaker_invitations(today),
        travel=travel(today),
        review_speaker_changes=True,
        delegations=delegations(uk_target=6, japan_target=6),
        speaker_places=SPEAKER_PLACES,
        seating_plans=SEATING_PLANS,
    )
