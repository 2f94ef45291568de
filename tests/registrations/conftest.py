from datetime import timedelta

import pytest
from django.utils import timezone

from conference.models import Event
from tests.factories import AttendanceOptionFactory, EventFactory

# The old home of form_data, kept importable for branches written before it moved: new
# code imports helpers from tests.helpers, never from a conftest.
from tests.helpers import form_data  # noqa: F401


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
