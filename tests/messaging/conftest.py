from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from messaging.audience import Audience
from messaging.services import MessageData, save_draft
from tests.factories import AttendanceOptionFactory, RegistrationFactory, UserFactory

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def organiser(db):
    return UserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def options(event):
    return {
        "day_1": AttendanceOptionFactory(event=event, name="Day 1", name_ja="1日目", order=1),
        "day_2": AttendanceOptionFactory(event=event, name="Day 2", name_ja="2日目", order=2),
        "dinner": AttendanceOptionFactory(
            event=event, name="Reception dinner", name_ja="レセプション", order=3
        ),
    }


@pytest.fixture
def people(event, options):
    """Participants of every kind, named so that list order is alphabetical by key."""
    day_1, day_2, dinner = options["day_1"], options["day_2"], options["dinner"]

    def person(family_name, *, attending=(), **fields):
        registration = RegistrationFactory(
            event=event,
            family_name=family_name,
            email=f"{family_name.lower()}@example.org",
            **fields,
        )
        registration.attendance_options.set(attending)
        return registration

    return {
        "ashworth": person(
            "Ashworth",
            given_name="Charlotte",
            attending=[day_1, day_2],
            checked_in_at=datetime(2016, 11, 1, 9, 5, tzinfo=TOKYO),
        ),
        "bellingham": person(
            "Bellingham", given_name="Oliver", status="waitlisted", attending=[day_1]
        ),
        "carter": person("Carter", given_name="Nick", status="pending", attending=[day_1]),
        "dunn": person("Dunn", given_name="Amy", status="cancelled", attending=[day_1]),
        "hillier": person(
            "Hillier",
            honorific="Air Chief Marshal Sir",
            given_name="Stephen",
            attending=[day_1, dinner],
            interpretation="ja",
        ),
        "otsuka": person(
            "Otsuka",
            honorific="Admiral",
            given_name="Umio",
            japanese_name="大塚 海夫",
            nationality="JP",
            language="ja",
            attending=[day_1],
            interpretation="en",
        ),
        "sato": person(
            "Sato",
            honorific="",
            given_name="Yuki",
            japanese_name="佐藤 由紀",
            nationality="JP",
            language="ja",
            attending=[day_2],
            interpretation="en",
        ),
        "zed": person(
            "Zed",
            given_name="Anonymous",
            attending=[day_1],
            anonymised_at=timezone.now(),
            status="confirmed",
        ),
    }


def draft(event, *, by=None, audience=None, **texts):
    data = MessageData(
        subject_en=texts.pop("subject_en", "Joining instructions for {event}"),
        body_en=texts.pop("body_en", "Dear {name},\n\nYour reference is {reference}."),
        subject_ja=texts.pop("subject_ja", ""),
        body_ja=texts.pop("body_ja", ""),
        audience=audience or Audience(),
    )
    assert not texts, texts
    return save_draft(event=event, data=data, by=by)
