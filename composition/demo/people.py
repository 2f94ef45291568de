"""Fictional delegates for the demo: made-up names, organisations and addresses
(example.org, example.jp), the same on every run (seeded), covering every status."""

import random
import unicodedata
from datetime import date, datetime, timedelta

from composition.demo.protocol import (
    DIRECTOR,
    EXPERT,
    category_for,
    delegation_for,
    precedence_for,
)
from composition.demo.records import PersonRecord
from composition.demo.seed import TOKYO
from registrations.models import Registration, generate_reference

Status = Registration.Status

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

# The 2016 archive's 40 registrations, across every status.
STATUS_PLAN_2016 = (
    [Status.CONFIRMED] * 24
    + [Status.PENDING] * 6
    + [Status.WAITLISTED] * 4
    + [Status.DECLINED] * 3
    + [Status.CANCELLED] * 3
)
DIETS_2016 = ["none"] * 6 + ["vegetarian", "halal", "gluten_free", "vegan", "kosher", "other"]
# The 2016 privacy notice the fictional delegates accepted.
PRIVACY_NOTICE_2016 = "2016-09"


# The given names above that are women's: "Mr" or "Ms" follows the name (badges and the
# protocol list print it), ranks and academic titles do not.
WOMEN = frozenset(
    {"Charlotte", "Amelia", "Sophie", "Emily", "Grace", "Hannah", "Lucy", "Alice", "Fiona",
     "Eleanor", "Yuki", "Akiko", "Naoko", "Emi", "Mariko", "Megan", "Inès"}
)  # fmt: skip


def _addressed(honorific: str, given: str) -> str:
    if honorific in ("Mr", "Ms"):
        return "Ms" if given in WOMEN else "Mr"
    return honorific


def fictional_2016() -> tuple[PersonRecord, ...]:
    """The 40 fictional delegates of 2016, the same on every run."""
    rng = random.Random(2016)
    people = []
    for index, status in enumerate(STATUS_PLAN_2016):
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
        diet = DIETS_2016[index % len(DIETS_2016)]
        registered_at = datetime(2016, 9, 5, 9, 0, tzinfo=TOKYO) + timedelta(
            days=index, hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
        )
        honorific = _addressed(rng.choice(HONORIFICS[sector]), given)
        people.append(
            PersonRecord(
                reference=generate_reference(rng=rng),
                status=status,
                honorific=honorific,
                given_name=given,
                family_name=family,
                japanese_name=japanese_name,
                email=f"{given.lower()}.{family.lower()}.{index}@{domain}",
                phone=f"+81 3 5{index:03d} {1000 + index * 7}" if japanese else "",
                organisation=organisation,
                sector=sector,
                nationality=nationality,
                dietary_requirement=diet,
                dietary_details="No shellfish" if diet == "other" else "",
                accessibility_needs="Step-free access, please" if index == 7 else "",
                interpretation=("en" if japanese else "ja") if index % 5 == 0 else "none",
                language=language,
                registered_at=registered_at,
                privacy_notice_version=PRIVACY_NOTICE_2016,
                list_consent=bool(index % 3),
                options=(0, 1, 2) if index % 3 != 2 else (0, 1),
                category=category_for(sector),
                delegation=delegation_for(nationality),
                precedence=precedence_for(sector, honorific, index),
            )
        )
    return (*people, *observers_2016())


# The illustrative edition's handful: enough to find at the door and to fill the lists.
STATUS_PLAN_NEXT = [Status.CONFIRMED] * 6 + [Status.PENDING, Status.CANCELLED]
DIETS_NEXT = ["none", "vegetarian", "none", "halal", "none", "none", "gluten_free", "none"]


def fictional_next(today: date, *, privacy_notice_version: str) -> tuple[PersonRecord, ...]:
    """The illustrative edition's eight fictional delegates, registered in the last fortnight."""
    rng = random.Random(2026)
    people = []
    for index, status in enumerate(STATUS_PLAN_NEXT):
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
        honorific = _addressed(rng.choice(HONORIFICS[sector]), given)
        people.append(
            PersonRecord(
                reference=generate_reference(rng=rng),
                status=status,
                honorific=honorific,
                given_name=given,
                family_name=family,
                japanese_name=japanese_name,
                email=f"{given.lower()}.{family.lower()}.next{index}@{domain}",
                organisation=organisation,
                sector=sector,
                nationality=nationality,
                dietary_requirement=DIETS_NEXT[index],
                interpretation=("en" if japanese else "ja") if index % 3 == 0 else "none",
                language=language,
                registered_at=registered_at,
                privacy_notice_version=privacy_notice_version,
                list_consent=bool(index % 2),
                options=(0, 1, 2) if index % 3 != 1 else (0, 1),
                category=category_for(sector),
                delegation=delegation_for(nationality),
                precedence=precedence_for(sector, honorific, index),
            )
        )
    return (
        *people,
        _observer(
            OBSERVERS[0],
            rng=rng,
            registered_at=registered_at,
            privacy_notice_version=privacy_notice_version,
            suffix="next",
        ),
    )


# Observers from third countries: neither side of the balance, on every list.
# (honorific, given, family, organisation, position, sector, nationality, precedence)
OBSERVERS = (
    ("Colonel", "Daniel", "Reyes", "Embassy of the United States, Tokyo",
     "Defense Attaché", "diplomatic", "US", DIRECTOR),
    ("Dr", "Megan", "Clarke", "Canberra Strategic Forum", "Senior Fellow",
     "think_tank", "AU", EXPERT),
    ("Ms", "Inès", "Vidal", "Embassy of France in Japan", "Counsellor",
     "diplomatic", "FR", DIRECTOR),
)  # fmt: skip


def _ascii(name: str) -> str:
    """'Inès' -> 'ines', for an address every mail server takes."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _observer(row, *, rng, registered_at, privacy_notice_version, suffix) -> PersonRecord:
    honorific, given, family, organisation, position, sector, nationality, precedence = row
    return PersonRecord(
        reference=generate_reference(rng=rng),
        status=Status.CONFIRMED,
        honorific=honorific,
        given_name=given,
        family_name=family,
        email=f"{_ascii(given)}.{_ascii(family)}.{suffix}@example.org",
        organisation=organisation,
        position=position,
        sector=sector,
        nationality=nationality,
        registered_at=registered_at,
        privacy_notice_version=privacy_notice_version,
        list_consent=True,
        options=(0, 1),
        category="observer",
        delegation="observers",
        precedence=precedence,
    )


def observers_2016() -> tuple[PersonRecord, ...]:
    """Three observers in 2016, registered in the first week."""
    rng = random.Random(20161)
    return tuple(
        _observer(
            row,
            rng=rng,
            registered_at=datetime(2016, 9, 6 + index, 11, 30, tzinfo=TOKYO),
            privacy_notice_version=PRIVACY_NOTICE_2016,
            suffix=str(index),
        )
        for index, row in enumerate(OBSERVERS)
    )
