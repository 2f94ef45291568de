"""The Tokyo 2016 demonstration: the 3rd UK-Japan Security Dialogue.

Facts (names, titles, dates, venue, themes) come from the event's public page;
every description is written for this demo. The agenda is illustrative and the
registrations are fictional. The event is over, so it takes no sign-ups: it is the
archive (``next_edition`` holds the edition that does). Loading is idempotent: it
creates what is missing and brings what exists back to the demo's state.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import translation

from conference.models import Event, Session, SessionRole, Theme, Venue
from registrations.models import (
    AttendanceOption,
    Invitation,
    Registration,
    RegistrationStatusChange,
)
from speakers.models import Speaker

TOKYO = ZoneInfo("Asia/Tokyo")
EVENT_SLUG = "tokyo-2016"
PRIVACY_NOTICE_VERSION = "2016-09"

VENUE = {
    "name_en": "International Conference Hall",
    "name_ja": "国際会議室",
    "building_en": "First Members' Building of the House of Representatives",
    "building_ja": "衆議院第一議員会館",
    "address_en": "2-2-1 Nagatacho, Chiyoda-ku",
    "address_ja": "千代田区永田町2-2-1",
    "city_en": "Tokyo",
    "city_ja": "東京",
    "postcode": "100-8981",
    "country": "JP",
    "map_url": "https://www.openstreetmap.org/search?query=First%20Members%27%20Office%20Building%20Tokyo",
    "directions_en": (
        "The members' building stands opposite the National Diet Building in Nagatacho. "
        "The nearest stations are Kokkai-gijidomae (Marunouchi and Chiyoda lines) and "
        "Nagatacho (Hanzomon, Yurakucho and Namboku lines). Delegates enter through the "
        "visitors' entrance and pass a security check: please bring photo identification "
        "matching the name you registered with, and allow twenty minutes."
    ),
    "directions_ja": (
        "衆議院第一議員会館は永田町の国会議事堂の向かいにあります。最寄り駅は国会議事堂前駅"
        "（丸ノ内線・千代田線）および永田町駅（半蔵門線・有楽町線・南北線）です。"
        "面会受付で手荷物検査があります。登録したお名前と一致する写真付き身分証明書をお持ちいただき、"
        "20分ほど余裕をもってお越しください。"
    ),
}

EVENT = {
    "series_name_en": "UK-Japan Security Dialogue",
    "series_name_ja": "日英安全保障対話",
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
    "start_date": date(2016, 11, 1),
    "end_date": date(2016, 11, 2),
    "time_zone": "Asia/Tokyo",
    "organiser_name_en": "RUSI Japan",
    "organiser_name_ja": "RUSI Japan",
    "contact_name_en": "Nathan Mathiot",
    "contact_name_ja": "ネイサン・マティオ",
    "contact_email": "japan-dialogue@example.org",
    "is_published": True,
    "capacity": 150,
    # No closing time: registration closed by itself when the event ended. The sign-up
    # form is tried on the illustrative next edition (NEXT_EDITION below).
    "registration_opens_at": datetime(2016, 9, 1, 10, 0, tzinfo=TOKYO),
    "registration_closes_at": None,
    "registration_mode": Event.RegistrationMode.APPROVAL,
    "waiting_list_enabled": True,
}

THEMES = [
    (
        "shared-risks",
        "Shared geopolitical risks",
        "共通の地政学的リスク",
        "Where the strategic outlooks of an island nation in Europe and an island nation "
        "in Asia meet, and the risks both must plan for.",
        "欧州とアジアの島国である両国の戦略観が交わる点と、双方が備えるべきリスク。",
    ),
    (
        "defence-equipment",
        "Joint defence equipment initiatives",
        "防衛装備品の共同開発",
        "What joint equipment and technology programmes have achieved so far, and what "
        "the next projects could be.",
        "防衛装備・技術協力のこれまでの成果と、次に取り組むべき事業。",
    ),
    (
        "battlefield-technology",
        "Technology on the battlefield and expeditionary forces",
        "戦場の技術革新と遠征部隊",
        "How new technology changes operations, and what it takes to deploy and sustain "
        "forces far from home.",
        "新技術が作戦をどう変えるか、そして遠隔地に部隊を展開・維持するために必要なもの。",
    ),
    (
        "non-conventional-threats",
        "Non-conventional threats",
        "非伝統的脅威",
        "Cyber attacks, terrorism and the spread of nuclear weapons: threats that cross "
        "borders and call for answers beyond the military.",
        "サイバー攻撃、テロ、核拡散など、国境を越え軍事以外の対応も求められる脅威。",
    ),
    (
        "counter-terrorism-technology",
        "Technology cooperation against terrorism",
        "テロ対策における技術協力",
        "Sharing tools, data and practice to prevent and respond to terrorist attacks, "
        "with major international sporting events ahead in Japan.",
        "日本で大規模な国際スポーツ大会を控え、テロの未然防止と対処に向けた技術・情報・知見の共有。",
    ),
]


@dataclass(frozen=True)
class DemoSpeaker:
    slug: str
    honorific_en: str
    honorific_ja: str
    given_name: str
    family_name: str
    japanese_name: str
    post_nominals: str
    position_en: str
    position_ja: str
    organisation_en: str
    organisation_ja: str
    country: str
    biography_en: str
    biography_ja: str


SPEAKERS = [
    DemoSpeaker(
        "stephen-hillier",
        "Air Chief Marshal Sir",
        "空軍大将",
        "Stephen",
        "Hillier",
        "スティーブン・ヒリアー",
        "",
        "Chief of the Air Staff",
        "空軍参謀総長",
        "Royal Air Force",
        "英国空軍",
        "GB",
        "Head of the Royal Air Force. His visit to Tokyo comes as RAF aircraft train "
        "alongside the Japan Air Self-Defense Force for the first time.",
        "英国空軍のトップ。英国空軍機が航空自衛隊と初めて共同訓練を行う時期に来日します。",
    ),
    DemoSpeaker(
        "kimihiro-ishikane",
        "Mr",
        "",
        "Kimihiro",
        "Ishikane",
        "石兼公博",
        "",
        "Deputy Vice-Minister for Foreign Policy",
        "外務省総合外交政策局長",
        "Ministry of Foreign Affairs of Japan",
        "外務省",
        "JP",
        "Senior Japanese diplomat responsible for the coordination of Japan's foreign "
        "policy across regions and issues.",
        "地域や分野を横断して日本の外交政策を取りまとめる外務省の幹部。",
    ),
    DemoSpeaker(
        "richard-barrons",
        "General Sir",
        "陸軍大将",
        "Richard",
        "Barrons",
        "リチャード・バロンズ",
        "",
        "Former Commander, Joint Forces Command",
        "前統合軍司令官",
        "British Army",
        "英国陸軍",
        "GB",
        "Retired British Army general who led the United Kingdom's Joint Forces Command, "
        "and a frank voice on how armed forces must adapt to new technology.",
        "英国統合軍司令部を率いた退役陸軍大将。軍が新技術にどう適応すべきかについて率直に発言しています。",
    ),
    DemoSpeaker(
        "itsunori-onodera",
        "Mr",
        "",
        "Itsunori",
        "Onodera",
        "小野寺五典",
        "MP",
        "Member of the House of Representatives; former Minister of Defence",
        "衆議院議員、元防衛大臣",
        "House of Representatives of Japan",
        "衆議院",
        "JP",
        "Member of the House of Representatives and a former Minister of Defence, closely "
        "involved in Japan's security legislation and its defence partnerships.",
        "衆議院議員。元防衛大臣として、日本の安全保障法制や防衛協力に深く関わってきました。",
    ),
    DemoSpeaker(
        "umio-otsuka",
        "Admiral",
        "海将",
        "Umio",
        "Otsuka",
        "大塚海夫",
        "",
        "",
        "",
        "Japan Maritime Self-Defense Force",
        "海上自衛隊",
        "JP",
        "Senior officer of the Japan Maritime Self-Defense Force, speaking on maritime "
        "security and cooperation between navies.",
        "海上自衛隊の高級幹部。海洋安全保障と海軍間の協力について講演します。",
    ),
    DemoSpeaker(
        "shigeo-yoneda",
        "Mr",
        "",
        "Shigeo",
        "Yoneda",
        "",
        "",
        "",
        "",
        "National Police Agency",
        "警察庁",
        "JP",
        "Represents Japan's National Police Agency on terrorism prevention and the "
        "security of major events.",
        "警察庁の立場から、テロの未然防止と大規模行事の警備について講演します。",
    ),
]

DAY1, DAY2 = date(2016, 11, 1), date(2016, 11, 2)

# (slug, day, start, end, type, title_en, title_ja, theme slug, attribution, roles)
# roles: (speaker slug, role, confirmed)
T, A = Session.Type, Session.Attribution
AGENDA = [
    (
        "registration",
        DAY1,
        "08:30",
        "09:15",
        T.OTHER,
        "Registration and coffee",
        "受付・コーヒー",
        None,
        A.ON_THE_RECORD,
        [],
    ),
    (
        "opening-keynote",
        DAY1,
        "09:15",
        "10:00",
        T.KEYNOTE,
        "Opening keynote: a strategic partnership for a new era",
        "基調講演：新しい時代の戦略的パートナーシップ",
        None,
        A.ON_THE_RECORD,
        [("itsunori-onodera", "keynote", True)],
    ),
    (
        "shared-risks-panel",
        DAY1,
        "10:00",
        "11:30",
        T.PANEL,
        "Panel: the risks we share",
        "パネル：日英が共有するリスク",
        "shared-risks",
        A.CHATHAM_HOUSE,
        [("kimihiro-ishikane", "panellist", True), ("richard-barrons", "panellist", True)],
    ),
    (
        "morning-break-1",
        DAY1,
        "11:30",
        "11:45",
        T.BREAK,
        "Coffee break",
        "休憩",
        None,
        A.ON_THE_RECORD,
        [],
    ),
    (
        "air-power-keynote",
        DAY1,
        "11:45",
        "12:30",
        T.KEYNOTE,
        "Keynote: air forces training together",
        "基調講演：空軍と航空自衛隊の共同訓練",
        "battlefield-technology",
        A.ON_THE_RECORD,
        [("stephen-hillier", "keynote", True)],
    ),
    ("lunch-1", DAY1, "12:30", "13:45", T.MEAL, "Lunch", "昼食", None, A.ON_THE_RECORD, []),
    (
        "equipment-panel",
        DAY1,
        "13:45",
        "15:15",
        T.PANEL,
        "Panel: joint equipment programmes, from agreement to delivery",
        "パネル：防衛装備品協力 ― 合意から実現へ",
        "defence-equipment",
        A.CHATHAM_HOUSE,
        [("umio-otsuka", "panellist", True), ("stephen-hillier", "discussant", False)],
    ),
    (
        "afternoon-break-1",
        DAY1,
        "15:15",
        "15:30",
        T.BREAK,
        "Coffee break",
        "休憩",
        None,
        A.ON_THE_RECORD,
        [],
    ),
    (
        "expeditionary-panel",
        DAY1,
        "15:30",
        "17:00",
        T.PANEL,
        "Panel: technology and forces far from home",
        "パネル：技術革新と遠征部隊",
        "battlefield-technology",
        A.CHATHAM_HOUSE,
        [("richard-barrons", "panellist", True), ("umio-otsuka", "panellist", True)],
    ),
    (
        "reception",
        DAY1,
        "18:30",
        "20:30",
        T.RECEPTION,
        "Evening reception",
        "レセプション",
        None,
        A.CLOSED,
        [],
    ),
    ("coffee-2", DAY2, "09:00", "09:30", T.BREAK, "Coffee", "コーヒー", None, A.ON_THE_RECORD, []),
    (
        "non-conventional-roundtable",
        DAY2,
        "09:30",
        "11:00",
        T.ROUNDTABLE,
        "Roundtable: cyber, terrorism and proliferation",
        "ラウンドテーブル：サイバー、テロ、核拡散",
        "non-conventional-threats",
        A.CHATHAM_HOUSE,
        [("kimihiro-ishikane", "panellist", True), ("shigeo-yoneda", "panellist", True)],
    ),
    (
        "morning-break-2",
        DAY2,
        "11:00",
        "11:15",
        T.BREAK,
        "Coffee break",
        "休憩",
        None,
        A.ON_THE_RECORD,
        [],
    ),
    (
        "counter-terrorism-roundtable",
        DAY2,
        "11:15",
        "12:45",
        T.ROUNDTABLE,
        "Roundtable: technology against terrorism",
        "ラウンドテーブル：テロ対策と技術協力",
        "counter-terrorism-technology",
        A.CLOSED,
        [("shigeo-yoneda", "panellist", True)],
    ),
    ("lunch-2", DAY2, "12:45", "14:00", T.MEAL, "Lunch", "昼食", None, A.ON_THE_RECORD, []),
    (
        "closing-briefing",
        DAY2,
        "14:00",
        "15:00",
        T.BRIEFING,
        "Closing briefing: the next steps for the partnership",
        "総括：日英パートナーシップの次の一歩",
        None,
        A.ON_THE_RECORD,
        [("richard-barrons", "discussant", True), ("itsunori-onodera", "discussant", True)],
    ),
]

ATTENDANCE_OPTIONS = [
    ("Day 1 (1 November)", "1日目（11月1日）", None),
    ("Day 2 (2 November)", "2日目（11月2日）", None),
    ("Evening reception (1 November)", "レセプション（11月1日）", 80),
]

BRITISH_GIVEN = [
    "Oliver",
    "Charlotte",
    "James",
    "Amelia",
    "Harry",
    "Sophie",
    "George",
    "Emily",
    "William",
    "Grace",
    "Thomas",
    "Hannah",
    "Edward",
    "Lucy",
    "Henry",
    "Alice",
    "Rupert",
    "Fiona",
    "Alistair",
    "Eleanor",
]
BRITISH_FAMILY = [
    "Ashworth",
    "Brennan",
    "Carrington",
    "Davies",
    "Ellison",
    "Fairbairn",
    "Gallagher",
    "Hartley",
    "Ingram",
    "Jenkins",
    "Kershaw",
    "Lockhart",
    "Merriman",
    "Norwood",
    "Pemberton",
    "Quinlan",
    "Radcliffe",
    "Stanhope",
    "Thackeray",
    "Whitmore",
]
JAPANESE_GIVEN = [
    ("Hiroshi", "浩"),
    ("Yuki", "由紀"),
    ("Takeshi", "健"),
    ("Akiko", "明子"),
    ("Kenji", "健二"),
    ("Naoko", "直子"),
    ("Daisuke", "大輔"),
    ("Emi", "恵美"),
    ("Satoshi", "聡"),
    ("Mariko", "真理子"),
]
JAPANESE_FAMILY = [
    ("Sato", "佐藤"),
    ("Suzuki", "鈴木"),
    ("Takahashi", "高橋"),
    ("Tanaka", "田中"),
    ("Watanabe", "渡辺"),
    ("Ito", "伊藤"),
    ("Yamamoto", "山本"),
    ("Nakamura", "中村"),
    ("Kobayashi", "小林"),
    ("Kato", "加藤"),
]
BRITISH_ORGANISATIONS = [
    ("UK Ministry of Defence", "government"),
    ("British Embassy Tokyo", "diplomatic"),
    ("Royal Navy", "military"),
    ("House of Commons Defence Committee staff", "parliament"),
    ("Northgate Defence Systems", "industry"),
    ("University of Eastbridge", "academia"),
    ("Harbour Street Institute", "think_tank"),
    ("The Weekly Ledger", "media"),
]
JAPANESE_ORGANISATIONS = [
    ("Ministry of Defense of Japan", "government"),
    ("Ministry of Foreign Affairs", "diplomatic"),
    ("Japan Ground Self-Defense Force", "military"),
    ("Office of a Diet member", "parliament"),
    ("Kanto Precision Industries", "industry"),
    ("Musashino University of Policy", "academia"),
    ("Tokyo Forum for Strategic Studies", "think_tank"),
    ("Asahidai Shimbun", "media"),
]
HONORIFICS = {
    "government": ["Mr", "Ms", "Dr"],
    "diplomatic": ["Mr", "Ms"],
    "military": ["Colonel", "Commander", "Lieutenant Colonel", "Captain"],
    "parliament": ["Mr", "Ms"],
    "industry": ["Mr", "Ms", "Dr"],
    "academia": ["Professor", "Dr"],
    "think_tank": ["Dr", "Mr", "Ms"],
    "media": ["Mr", "Ms"],
}
# 40 fictional registrations across every status.
STATUS_PLAN = (
    [Registration.Status.CONFIRMED] * 24
    + [Registration.Status.PENDING] * 6
    + [Registration.Status.WAITLISTED] * 4
    + [Registration.Status.DECLINED] * 3
    + [Registration.Status.CANCELLED] * 3
)
DIETS = ["none"] * 6 + ["vegetarian", "halal", "gluten_free", "vegan", "kosher", "other"]


def _at(day, hhmm):
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


def _demo_reference(rng):
    from registrations.models import REFERENCE_ALPHABET

    chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def _demo_registrations():
    """The 40 fictional delegates, the same on every run."""
    rng = random.Random(2016)
    people = []
    for index, status in enumerate(STATUS_PLAN):
        japanese = index % 2 == 1
        if japanese:
            given, given_ja = JAPANESE_GIVEN[index % len(JAPANESE_GIVEN)]
            family, family_ja = JAPANESE_FAMILY[(index * 3) % len(JAPANESE_FAMILY)]
            # Most Japanese delegates give their name in Japanese script too.
            japanese_name = f"{family_ja} {given_ja}" if index % 6 != 5 else ""
            organisation, sector = JAPANESE_ORGANISATIONS[index % len(JAPANESE_ORGANISATIONS)]
            nationality, domain, language = "JP", "example.jp", "ja" if index % 4 == 1 else "en"
        else:
            given = BRITISH_GIVEN[index % len(BRITISH_GIVEN)]
            family = BRITISH_FAMILY[(index * 7) % len(BRITISH_FAMILY)]
            japanese_name = ""
            organisation, sector = BRITISH_ORGANISATIONS[index % len(BRITISH_ORGANISATIONS)]
            nationality, domain, language = "GB", "example.org", "en"
        diet = DIETS[index % len(DIETS)]
        registered_at = datetime(2016, 9, 5, 9, 0, tzinfo=TOKYO) + timedelta(
            days=index, hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
        )
        people.append(
            {
                "reference": _demo_reference(rng),
                "status": status,
                "honorific": rng.choice(HONORIFICS[sector]),
                "given_name": given,
                "family_name": family,
                "japanese_name": japanese_name,
                "email": f"{given.lower()}.{family.lower()}.{index}@{domain}",
                "phone": f"+81 3 5{index:03d} {1000 + index * 7}" if japanese else "",
                "organisation": organisation,
                "position": "",
                "sector": sector,
                "nationality": nationality,
                "dietary_requirement": diet,
                "dietary_details": "No shellfish" if diet == "other" else "",
                "accessibility_needs": "Step-free access, please" if index == 7 else "",
                "interpretation": ("en" if japanese else "ja") if index % 5 == 0 else "none",
                "language": language,
                "privacy_consent_at": registered_at,
                "privacy_notice_version": PRIVACY_NOTICE_VERSION,
                "delegate_list_consent_at": registered_at if index % 3 else None,
                "registered_at": registered_at,
                "attends_reception": index % 3 != 2,
            }
        )
    return people


def _upsert(model, defaults, **lookup):
    """update_or_create that saves only what differs, so a second run changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**{**lookup, **defaults})
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.full_clean()
        obj.save()
    return obj, False


def load_tokyo_2016():
    """Create or restore the 2016 edition. Returns the event, its venue and the speakers."""
    with translation.override("en"):
        venue, _ = _upsert(
            Venue, name_en=VENUE["name_en"], building_en=VENUE["building_en"], defaults=VENUE
        )
        event, _ = _upsert(Event, slug=EVENT_SLUG, defaults={**EVENT, "venue": venue})

        themes = _load_themes(event, THEMES)

        speakers = {}
        for person in SPEAKERS:
            fields = vars(person).copy()
            slug = fields.pop("slug")
            speakers[slug], _ = _upsert(
                Speaker, slug=slug, defaults={**fields, "is_published": True}
            )

        _load_agenda(event, AGENDA, themes, speakers)
        options = _load_options(event, ATTENDANCE_OPTIONS)

        for code, note in [("TOKYO2016-PRESS", "Accredited press"), ("RUSI-GUEST", "Guests")]:
            _upsert(Invitation, event=event, code=code, defaults={"max_uses": 20, "note": note})

        for person in _demo_registrations():
            person = person.copy()
            attends_reception = person.pop("attends_reception")
            chosen = options[:2] + (options[2:] if attends_reception else [])
            _load_registration(event, person, chosen)
    return event, venue, speakers


def _load_themes(event, rows):
    themes = {}
    for order, (key, title_en, title_ja, text_en, text_ja) in enumerate(rows, start=1):
        themes[key], _ = _upsert(
            Theme,
            event=event,
            title_en=title_en,
            defaults={
                "title_ja": title_ja,
                "description_en": text_en,
                "description_ja": text_ja,
                "order": order,
            },
        )
    return themes


def _load_agenda(event, agenda, themes, speakers):
    for slug, day, start, end, kind, title_en, title_ja, theme, attribution, roles in agenda:
        session, _ = _upsert(
            Session,
            event=event,
            slug=slug,
            defaults={
                "title_en": title_en,
                "title_ja": title_ja,
                "description_en": _session_description(kind, theme),
                "type": kind,
                "starts_at": _at(day, start),
                "ends_at": _at(day, end),
                "room_en": VENUE["name_en"] if kind != T.MEAL else "Members' dining room",
                "room_ja": VENUE["name_ja"] if kind != T.MEAL else "議員会館 食堂",
                "theme": themes.get(theme),
                "attribution": attribution,
                "is_public": True,
            },
        )
        for order, (speaker_slug, role, confirmed) in enumerate(roles, start=1):
            _upsert(
                SessionRole,
                session=session,
                speaker=speakers[speaker_slug],
                defaults={"role": role, "order": order, "is_confirmed": confirmed},
            )


def _load_options(event, rows):
    options = []
    for order, (name_en, name_ja, capacity) in enumerate(rows, start=1):
        option, _ = _upsert(
            AttendanceOption,
            event=event,
            name_en=name_en,
            defaults={"name_ja": name_ja, "capacity": capacity, "order": order},
        )
        options.append(option)
    return options


def _load_registration(event, person, options):
    person = person.copy()
    registered_at = person.pop("registered_at")
    registration, created = _upsert(
        Registration, reference=person.pop("reference"), defaults={**person, "event": event}
    )
    registration.attendance_options.set(options)
    if created:
        Registration.objects.filter(pk=registration.pk).update(created_at=registered_at)
        change = RegistrationStatusChange.objects.create(
            registration=registration,
            from_status="",
            to_status=registration.status,
            note="Demo data",
        )
        RegistrationStatusChange.objects.filter(pk=change.pk).update(changed_at=registered_at)
    return registration


def _session_description(kind, theme):
    if kind in (T.BREAK, T.MEAL, T.OTHER, T.RECEPTION):
        return ""
    theme_text = {key: text for key, _, _, text, _ in THEMES}.get(theme, "")
    return f"{theme_text} Illustrative session for the demonstration agenda.".strip()
