"""The Tokyo 2016 edition: the 3rd UK-Japan Security Dialogue, as the seed describes it.

Dates, venue, themes and speakers are the event's; the agenda is illustrative and the
registrations are fictional. The event is over, so it takes no sign-ups: it is the
archive (``next_edition`` holds the edition that does).
"""

from datetime import date, datetime, timedelta

from composition.demo.people import fictional_2016
from composition.demo.protocol import SPEAKER_PLACES, delegations
from composition.demo.records import (
    EditionRecord,
    InvitationRecord,
    MessageRecord,
    OptionRecord,
    RoleRecord,
    SessionRecord,
)
from composition.demo.seed import ORGANISER, THEMES, TOKYO
from conference.models import Event, Session

T, A = Session.Type, Session.Attribution

EVENT_SLUG = "tokyo-2016"
DAY1 = date(2016, 11, 1)

EVENT = {
    **ORGANISER,
    "edition": 3,
    "name_en": "3rd UK-Japan Security Dialogue",
    "name_ja": "第3回 日英安全保障対話",
    "summary_en": (
        "Two days in Tokyo for British and Japanese policymakers, officers and experts "
        "to take defence and security cooperation between the two countries further."
    ),
    "summary_ja": (
        "日英の政策担当者、自衛官・軍人、専門家が東京に集い、両国の防衛・安全保障協力の"
        "さらなる深化を議論する2日間の会議です。"
    ),
    "description_en": (
        "The UK-Japan Security Dialogue is the leading bilateral conference on defence "
        "and security between the United Kingdom and Japan, and the flagship of RUSI "
        "Japan's programme. Its third edition brings senior officials from both "
        "governments together with specialists from industry and research.\n\n"
        "Cooperation between the two countries has gathered pace since their prime "
        "ministers signed a memorandum on defence cooperation in 2012, and this year's "
        "dialogue coincides with the first joint exercise between the Royal Air Force "
        "and the Japan Air Self-Defense Force. Sessions look at the risks the two "
        "countries share, joint work on equipment, technology and expeditionary forces, "
        "and threats that do not come from states alone.\n\n"
        "*The agenda shown for this demonstration is illustrative: it is arranged around "
        "the conference's themes and is not the record of the day.*"
    ),
    "description_ja": (
        "日英安全保障対話は、日英間の防衛・安全保障に関する代表的な二国間会議であり、"
        "RUSI Japanの中核となる催しです。第3回となる今回は、両国政府の高官と産業界・研究機関の"
        "専門家が一堂に会します。\n\n"
        "2012年に両国首相が防衛協力に関する覚書に署名して以来、協力は着実に進んでいます。"
        "今回の対話は、英国空軍と航空自衛隊による初の共同訓練の時期と重なります。"
        "共通のリスク、防衛装備品の共同開発、技術と遠征部隊、国家以外からの脅威などを議論します。\n\n"
        "*このデモのプログラムは会議のテーマに沿って構成した例示であり、当日の記録ではありません。*"
    ),
    "start_date": DAY1,
    "end_date": DAY1 + timedelta(days=1),
    "time_zone": "Asia/Tokyo",
    "is_published": True,
    "capacity": 150,
    # No closing time: registration closed by itself when the event ended. The sign-up
    # form is tried on the illustrative next edition (next_edition.py).
    "registration_opens_at": datetime(2016, 9, 1, 10, 0, tzinfo=TOKYO),
    "registration_closes_at": None,
    "registration_mode": Event.RegistrationMode.APPROVAL,
    "waiting_list_enabled": True,
}

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
        title_en="Opening keynote: a strategic partnership for a new era",
        title_ja="基調講演：新しい時代の戦略的パートナーシップ",
        attribution=A.ON_THE_RECORD,
        roles=(RoleRecord(speaker="itsunori-onodera", role="keynote", speaking_language="ja"),),
    ),
    SessionRecord(
        slug="shared-risks-panel",
        day=1,
        start="10:00",
        end="11:30",
        type=T.PANEL,
        title_en="Panel: the risks we share",
        title_ja="パネル：日英が共有するリスク",
        theme="shared-risks",
        attribution=A.CHATHAM_HOUSE,
        roles=(
            RoleRecord(speaker="kimihiro-ishikane", role="panellist", speaking_language="ja"),
            RoleRecord(speaker="richard-barrons", role="panellist", speaking_language="en"),
        ),
    ),
    SessionRecord(
        slug="morning-break-1",
        day=1,
        start="11:30",
        end="11:45",
        type=T.BREAK,
        title_en="Coffee break",
        title_ja="休憩",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="air-power-keynote",
        day=1,
        start="11:45",
        end="12:30",
        type=T.KEYNOTE,
        title_en="Keynote: air forces training together",
        title_ja="基調講演：空軍と航空自衛隊の共同訓練",
        theme="battlefield-technology",
        attribution=A.ON_THE_RECORD,
        roles=(RoleRecord(speaker="stephen-hillier", role="keynote", speaking_language="en"),),
    ),
    SessionRecord(
        slug="lunch-1",
        day=1,
        start="12:30",
        end="13:45",
        type=T.MEAL,
        title_en="Lunch",
        title_ja="昼食",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="equipment-panel",
        day=1,
        start="13:45",
        end="15:15",
        type=T.PANEL,
        title_en="Panel: joint equipment programmes, from agreement to delivery",
        title_ja="パネル：防衛装備品協力 ― 合意から実現へ",
        theme="defence-equipment",
        attribution=A.CHATHAM_HOUSE,
        roles=(
            RoleRecord(speaker="umio-otsuka", role="panellist", speaking_language="ja"),
            RoleRecord(
                speaker="stephen-hillier",
                role="discussant",
                confirmed=False,
                speaking_language="en",
            ),
        ),
    ),
    SessionRecord(
        slug="afternoon-break-1",
        day=1,
        start="15:15",
        end="15:30",
        type=T.BREAK,
        title_en="Coffee break",
        title_ja="休憩",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="expeditionary-panel",
        day=1,
        start="15:30",
        end="17:00",
        type=T.PANEL,
        title_en="Panel: technology and forces far from home",
        title_ja="パネル：技術革新と遠征部隊",
        theme="battlefield-technology",
        attribution=A.CHATHAM_HOUSE,
        roles=(
            RoleRecord(speaker="richard-barrons", role="panellist", speaking_language="en"),
            RoleRecord(speaker="umio-otsuka", role="panellist", speaking_language="ja"),
        ),
    ),
    SessionRecord(
        slug="reception",
        day=1,
        start="18:30",
        end="20:30",
        type=T.RECEPTION,
        title_en="Evening reception",
        title_ja="レセプション",
        attribution=A.CLOSED,
    ),
    SessionRecord(
        slug="coffee-2",
        day=2,
        start="09:00",
        end="09:30",
        type=T.BREAK,
        title_en="Coffee",
        title_ja="コーヒー",
        attribution=A.ON_THE_RECORD,
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
            RoleRecord(speaker="kimihiro-ishikane", role="panellist", speaking_language="ja"),
            RoleRecord(speaker="shigeo-yoneda", role="panellist", speaking_language="ja"),
        ),
    ),
    SessionRecord(
        slug="morning-break-2",
        day=2,
        start="11:00",
        end="11:15",
        type=T.BREAK,
        title_en="Coffee break",
        title_ja="休憩",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="counter-terrorism-roundtable",
        day=2,
        start="11:15",
        end="12:45",
        type=T.ROUNDTABLE,
        title_en="Roundtable: technology against terrorism",
        title_ja="ラウンドテーブル：テロ対策と技術協力",
        theme="counter-terrorism-technology",
        attribution=A.CLOSED,
        roles=(RoleRecord(speaker="shigeo-yoneda", role="panellist", speaking_language="ja"),),
    ),
    SessionRecord(
        slug="lunch-2",
        day=2,
        start="12:45",
        end="14:00",
        type=T.MEAL,
        title_en="Lunch",
        title_ja="昼食",
        attribution=A.ON_THE_RECORD,
    ),
    SessionRecord(
        slug="closing-briefing",
        day=2,
        start="14:00",
        end="15:00",
        type=T.BRIEFING,
        title_en="Closing briefing: the next steps for the partnership",
        title_ja="総括：日英パートナーシップの次の一歩",
        attribution=A.ON_THE_RECORD,
        roles=(
            RoleRecord(speaker="richard-barrons", role="discussant", speaking_language="en"),
            RoleRecord(speaker="itsunori-onodera", role="discussant", speaking_language="ja"),
        ),
    ),
)


OPTIONS = (
    OptionRecord(name_en="Day 1 (1 November)", name_ja="1日目（11月1日）", day=1),
    OptionRecord(name_en="Day 2 (2 November)", name_ja="2日目（11月2日）", day=2),
    OptionRecord(
        name_en="Evening reception (1 November)",
        name_ja="レセプション（11月1日）",
        capacity=80,
        sessions=("reception",),
    ),
)

INVITATIONS = (
    InvitationRecord(code="TOKYO2016-PRESS", note="Accredited press"),
    InvitationRecord(code="RUSI-GUEST", note="Guests"),
)

# The joining instructions for Day 1, a week before, in both languages: the messages
# page has one message in its history to show.
MESSAGES = (
    MessageRecord(
        subject_en="Day 1 joining instructions: {event}",
        body_en=(
            "Dear {name},\n\n"
            "We look forward to welcoming you to {event} ({event_dates}).\n\n"
            "On Tuesday 1 November, registration opens at 08:30 at the International "
            "Conference Hall, First Members' Building of the House of Representatives. "
            "Please bring the photo identification you registered with: the security "
            "check at the entrance compares it with our list. Sessions are held under "
            "the Chatham House Rule unless the agenda says otherwise.\n\n"
            "Your reference is {reference}. To see or change your registration:\n"
            "{manage_link}\n\n"
            "RUSI Japan"
        ),
        subject_ja="1日目のご案内：{event}",
        body_ja=(
            "{name} 様\n\n"
            "{event}（{event_dates}）へのご参加をお待ちしております。\n\n"
            "11月1日（火）は8時30分から、衆議院第一議員会館 国際会議室で受付を行います。"
            "入館時の確認のため、ご登録のお名前の写真付き身分証明書をお持ちください。"
            "各セッションは、プログラムに別段の記載がない限りチャタムハウス・ルールで行います。\n\n"
            "登録番号：{reference}\n"
            "ご登録の確認・変更：{manage_link}\n\n"
            "RUSI Japan"
        ),
        statuses=("confirmed",),
        options=(0,),
        sent_at=datetime(2016, 10, 25, 10, 0, tzinfo=TOKYO),
        sent_by="Nathan Mathiot",
    ),
)

EDITION = EditionRecord(
    slug=EVENT_SLUG,
    event=EVENT,
    start_date=DAY1,
    themes=THEMES,
    agenda=AGENDA,
    options=OPTIONS,
    invitations=INVITATIONS,
    people=fictional_2016(),
    delegations=delegations(uk_target=16, japan_target=15),
    speaker_places=SPEAKER_PLACES,
    messages=MESSAGES,
)
