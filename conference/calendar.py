"""iCalendar feeds of the public agenda (RFC 5545, built with the icalendar library).

Times are written in the event's own zone (``DTSTART;TZID=Asia/Tokyo:...``)
with its VTIMEZONE, so a calendar shows 09:15 in Tokyo whatever the reader's
zone. A session's UID never changes once published (it is built from its
primary key, not its title or slug), so re-importing a feed updates entries
instead of duplicating them.
"""

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from conference.formats import person_name

PRODUCT_ID = "-//Conference//Public agenda//EN"


def session_uid(session, domain: str) -> str:
    return f"session-{session.pk}@{domain}"


def _location(session, event) -> str:
    venue = event.venue
    parts = [session.room]
    if venue is not None:
        parts += [venue.building or venue.name, venue.address, venue.city]
    return ", ".join(part for part in parts if part)


def _description(session, url: str) -> str:
    lines = []
    names = [
        f"{role.get_role_display()}: {person_name(role.speaker)}"
        for role in getattr(session, "public_roles", [])
    ]
    lines += names
    if session.description:
        lines += ["", session.description]
    lines += ["", str(session.get_attribution_display()), url]
    return "\n".join(lines).strip()


def build_calendar(event, sessions, *, domain: str, absolute_url) -> bytes:
    """``absolute_url(session)`` gives the public page of a session."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.name)
    calendar.add("x-wr-timezone", event.time_zone)
    zone = event.tzinfo
    for session in sessions:
        url = absolute_url(session)
        item = CalendarEvent()
        item.add("uid", session_uid(session, domain))
        # DTSTAMP is when this version of the entry was written; the event's
        # last edit keeps it the same from one download to the next.
        item.add("dtstamp", event.updated_at)
        item.add("dtstart", session.starts_at.astimezone(zone))
        item.add("dtend", session.ends_at.astimezone(zone))
        item.add("summary", session.title)
        item.add("description", _description(session, url))
        item.add("location", _location(session, event))
        item.add("url", url)
        if session.theme is not None:
            item.add("categories", [session.theme.title])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
