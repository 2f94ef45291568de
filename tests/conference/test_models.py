from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conference.models import Event, Session
from tests.factories import EventFactory, SessionFactory, ThemeFactory, tokyo

pytestmark = pytest.mark.django_db

DAY1, DAY2 = date(2016, 11, 1), date(2016, 11, 2)


def test_session_ending_before_it_starts_is_refused_with_a_message(event):
    session = SessionFactory.build(event=event, starts_at=tokyo(DAY1, 11), ends_at=tokyo(DAY1, 10))
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert excinfo.value.message_dict["ends_at"] == ["A session must end after it starts."]


def test_session_ending_before_it_starts_is_refused_by_the_database(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            event=event, title="Backwards", slug="backwards",
            starts_at=tokyo(DAY1, 11), ends_at=tokyo(DAY1, 11),
        )  # fmt: skip
    assert not Session.objects.filter(slug="backwards").exists()


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (tokyo(date(2016, 10, 31), 23, 30), tokyo(DAY1, 0, 30)),  # starts the evening before
        (tokyo(DAY2, 23), tokyo(date(2016, 11, 3), 0, 30)),  # runs past midnight on the last day
    ],
)
def test_session_outside_the_event_dates_is_refused(event, starts_at, ends_at):
    session = SessionFactory.build(event=event, starts_at=starts_at, ends_at=ends_at)
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "within its event's dates (2016-11-01 to 2016-11-02, Asia/Tokyo)" in str(
        excinfo.value.message_dict["starts_at"]
    )


def test_session_dates_are_judged_in_the_event_time_zone(event):
    # 00:30 in Tokyo on the first day is still 31 October in UTC: it is inside the event.
    session = SessionFactory.build(
        event=event, starts_at=tokyo(DAY1, 0, 30), ends_at=tokyo(DAY2, 23, 59)
    )
    session.full_clean()


def test_session_theme_must_belong_to_the_same_event(event):
    other_theme = ThemeFactory()
    session = SessionFactory.build(event=event, theme=other_theme)
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert excinfo.value.message_dict["theme"] == ["This theme belongs to another event."]


def test_event_ending_before_it_starts_is_refused():
    event = EventFactory.build(start_date=DAY2, end_date=DAY1)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert excinfo.value.message_dict["end_date"] == ["The event cannot end before it starts."]
    with pytest.raises(IntegrityError), transaction.atomic():
        event.venue.save()
        event.save()
    assert not Event.objects.filter(slug=event.slug).exists()


def test_registration_must_close_after_it_opens(event):
    event.registration_opens_at = tokyo(DAY1, 9)
    event.registration_closes_at = tokyo(DAY1, 8)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert excinfo.value.message_dict["registration_closes_at"] == [
        "Registration must close after it opens."
    ]


def test_session_slugs_are_unique_within_an_event_only(event):
    SessionFactory(event=event, slug="opening")
    SessionFactory(slug="opening")  # another event: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(event=event, slug="opening")


def test_local_day_bounds_cover_whole_days_in_the_event_zone(event):
    first, last = event.local_day_bounds()
    assert first.isoformat() == "2016-11-01T00:00:00+09:00"
    assert last.isoformat().startswith("2016-11-02T23:59:59.999999+09:00")


def test_registration_window_follows_opening_and_closing_times(event):
    event.registration_opens_at = tokyo(date(2016, 9, 1), 10)
    event.registration_closes_at = tokyo(date(2016, 10, 25), 17)
    assert event.registration_window(tokyo(date(2016, 9, 1), 9, 59)) == "not_yet_open"
    assert event.registration_window(tokyo(date(2016, 9, 1), 10)) == "open"
    assert event.registration_window(tokyo(date(2016, 10, 25), 17)) == "closed"
    event.registration_opens_at = None
    assert event.registration_window(tokyo(date(2016, 9, 2), 10)) == "not_yet_open"


@pytest.mark.parametrize("closes", [None, "after the event"])
@pytest.mark.parametrize(
    ("zone", "last_moment_open", "first_moment_closed"),
    [
        # The event's last day is 2 November 2016, ended at midnight in its own zone.
        ("Asia/Tokyo", "2016-11-02T14:59:59+00:00", "2016-11-02T15:00:00+00:00"),
        ("Europe/London", "2016-11-02T23:59:59+00:00", "2016-11-03T00:00:00+00:00"),
        ("America/New_York", "2016-11-03T03:59:59+00:00", "2016-11-03T04:00:00+00:00"),
    ],
)
def test_registration_closes_when_the_last_day_ends_in_the_events_zone(
    event, zone, last_moment_open, first_moment_closed, closes
):
    from datetime import datetime

    event.time_zone = zone
    event.registration_opens_at = tokyo(date(2016, 9, 1), 10)
    event.registration_closes_at = tokyo(date(2017, 1, 1), 0) if closes else None

    assert event.registration_window(datetime.fromisoformat(last_moment_open)) == "open"
    assert event.registration_window(datetime.fromisoformat(first_moment_closed)) == "closed"
    assert event.registration_window(datetime.fromisoformat("2026-11-28T00:00:00+00:00")) == (
        "closed"
    )


def test_an_event_that_has_ended_is_closed_even_if_registration_never_opened(event):
    from datetime import datetime

    event.registration_opens_at = None
    assert event.registration_window(datetime.fromisoformat("2016-11-03T00:00:00+09:00")) == (
        "closed"
    )


def test_display_labels_follow_the_active_language():
    from django.utils import translation

    from conference.models import SessionRole

    session = Session(type="keynote", attribution="on_record")
    role = SessionRole(role="panellist")
    with translation.override("en"):
        english = (session.get_type_display(), role.get_role_display())
    with translation.override("ja"):
        japanese = session.get_type_display()
    assert english == ("Keynote", "Panellist")
    assert japanese == "基調講演"
    assert Session(type="no-such-type").get_type_display() == "no-such-type"
