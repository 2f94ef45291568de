"""An iCalendar file of the whole event, attached to confirmation emails."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent


def event_ics(event, *, url="") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Conference//Registrations//EN")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{event.slug}")
    entry.add("dtstamp", timezone.now())
    entry.add("summary", event.name)
    # All-day dates: the event spans whole days in its own zone; DTEND is exclusive.
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + timedelta(days=1))
    if event.venue:
        entry.add("location", str(event.venue))
    if event.summary:
        entry.add("description", event.summary)
    if url:
        entry.add("url", url)
    calendar.add_component(entry)
    return calendar.to_ical()
