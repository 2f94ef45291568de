from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from icalendar import Calendar

from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def events_of(response):
    calendar = Calendar.from_ical(response.content)
    return {str(item["summary"]): item for item in calendar.walk("VEVENT")}, calendar


def test_agenda_feed_carries_tokyo_times(client, demo):
    response = client.get("/tokyo-2016/agenda.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="tokyo-2016.ics"' in response["Content-Disposition"]
    items, calendar = events_of(response)
    assert len(calendar.walk("VEVENT")) == 16
    keynote = items["Opening keynote: a strategic partnership for a new era"]
    assert keynote["dtstart"].dt == datetime(2016, 11, 1, 9, 15, tzinfo=TOKYO)
    assert keynote["dtend"].dt == datetime(2016, 11, 1, 10, 0, tzinfo=TOKYO)
    assert keynote["dtstart"].dt.tzinfo.key == "Asia/Tokyo"
    assert b"DTSTART;TZID=Asia/Tokyo:20161101T091500" in response.content
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert "Keynote speaker: Mr ONODERA Itsunori MP" in str(keynote["description"])
    assert str(keynote["url"]) == "http://testserver/tokyo-2016/sessions/opening-keynote/"


def test_feed_in_japanese_has_japanese_titles(client, demo):
    items, _ = events_of(client.get("/ja/tokyo-2016/agenda.ics"))

    assert "基調講演：新しい時代の戦略的パートナーシップ" in items


def test_session_feed_has_the_same_stable_uid_as_the_agenda_feed(client, demo):
    single, _ = events_of(client.get("/tokyo-2016/sessions/opening-keynote.ics"))
    whole, _ = events_of(client.get("/tokyo-2016/agenda.ics"))
    cache.clear()
    again, _ = events_of(client.get("/tokyo-2016/agenda.ics"))

    title = "Opening keynote: a strategic partnership for a new era"
    assert list(single) == [title]
    assert single[title]["uid"] == whole[title]["uid"] == again[title]["uid"]
    assert whole[title]["dtstamp"] == again[title]["dtstamp"]


def test_feed_uses_the_event_zone(client):
    event = EventFactory(time_zone="Europe/London")
    london = ZoneInfo("Europe/London")
    SessionFactory(
        event=event,
        title="Opening",
        starts_at=datetime(2016, 11, 1, 9, 30, tzinfo=london),
        ends_at=datetime(2016, 11, 1, 10, 30, tzinfo=london),
    )

    items, _ = events_of(client.get(f"/{event.slug}/agenda.ics"))

    assert items["Opening"]["dtstart"].dt == datetime(2016, 11, 1, 9, 30, tzinfo=london)
    assert items["Opening"]["dtstart"].params["TZID"] == "Europe/London"


def test_feed_leaves_out_private_sessions(client):
    event = EventFactory()
    SessionFactory(event=event, title="Public panel")
    private = SessionFactory(event=event, title="Private dinner", is_public=False)

    items, _ = events_of(client.get(f"/{event.slug}/agenda.ics"))

    assert list(items) == ["Public panel"]
    url = f"/{event.slug}/sessions/{private.slug}.ics"
    assert client.get(url).status_code == 404


def test_agenda_and_session_pages_link_to_feeds(client, demo):
    agenda = client.get("/tokyo-2016/agenda/").content.decode()
    session = client.get("/tokyo-2016/sessions/opening-keynote/").content.decode()

    assert 'href="/tokyo-2016/agenda.ics"' in agenda
    assert 'href="/tokyo-2016/sessions/opening-keynote.ics"' in session
