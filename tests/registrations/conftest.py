from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from conference.models import Event
from tests.factories import AttendanceOptionFactory, EventFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_event(db, clock):
    """An event taking sign-ups now: open mode, 3 seats, waiting list on.

    The clock stands before the event (1-2 November 2016): sign-ups close when it ends.
    """
    event = EventFactory(
        slug="tokyo-test",
        name="Test Dialogue",
        capacity=3,
        registration_mode=Event.RegistrationMode.OPEN,
        registration_opens_at=timezone.now() - timedelta(days=1),
        contact_name="Nathan Mathiot",
        organiser_name="RUSI Japan",
    )
    AttendanceOptionFactory(event=event, name="Day 1", name_ja="1日目", order=1)
    AttendanceOptionFactory(event=event, name="Day 2", name_ja="2日目", order=2)
    AttendanceOptionFactory(event=event, name="Reception dinner", capacity=1, order=3)
    return event


def form_data(event, **overrides):
    options = list(event.attendance_options.order_by("order"))
    data = {
        "honorific": "Dr",
        "given_name": "Yuki",
        "family_name": "Sato",
        "japanese_name": "佐藤 由紀",
        "email": "yuki.sato@example.jp",
        "email_confirm": "yuki.sato@example.jp",
        "phone": "",
        "organisation": "Tokyo Forum for Strategic Studies",
        "position": "Senior Fellow",
        "sector": "think_tank",
        "nationality": "JP",
        "attendance_options": [options[0].pk, options[1].pk],
        "dietary_requirement": "none",
        "dietary_details": "",
        "accessibility_needs": "",
        "interpretation": "en",
        "privacy_consent": "on",
        "website": "",
        "submission_key": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
