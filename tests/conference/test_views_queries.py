"""Every public list page runs a fixed number of queries, whatever the event's size."""

import pytest

from tests.factories import (
    EventFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    ThemeFactory,
    tokyo,
)

pytestmark = pytest.mark.django_db

# Exact counts, the same on SQLite and PostgreSQL, at two sizes: a page that starts
# running a query per session or speaker fails at one of them.
QUERIES = {"": 3, "agenda/": 4, "speakers/": 2, "agenda.ics": 3}
# What each page lists, and how many of them build_event(1) and build_event(3) make: the
# sizes differ, so the counts above are flat rather than unmeasured.
LISTED = {
    "": ('class="speaker-card"', {1: 1, 3: 4}),
    "agenda/": ('class="agenda-item"', {1: 1, 3: 3}),
    "speakers/": ('class="speaker-card"', {1: 1, 3: 4}),
    "agenda.ics": ("BEGIN:VEVENT", {1: 1, 3: 3}),
}


def build_event(session_count):
    """An event with ``session_count`` sessions, each with two speakers in a chain (the
    second role of every fourth session unconfirmed): 1 session names 1 confirmed
    speaker, 3 sessions name 4."""
    event = EventFactory()
    themes = [ThemeFactory(event=event) for _ in range(3)]
    speakers = [SpeakerFactory() for _ in range(session_count + 1)]
    for index in range(session_count):
        day = event.start_date if index % 2 else event.end_date
        session = SessionFactory(
            event=event,
            theme=themes[index % 3],
            starts_at=tokyo(day, 9 + index % 8),
            ends_at=tokyo(day, 10 + index % 8),
        )
        SessionRoleFactory(session=session, speaker=speakers[index % len(speakers)])
        SessionRoleFactory(
            session=session,
            speaker=speakers[(index + 1) % len(speakers)],
            is_confirmed=index % 4 != 0,
        )
    return event


@pytest.mark.parametrize("session_count", [1, 3])
@pytest.mark.parametrize(("page", "queries"), QUERIES.items())
def test_public_page_query_count_is_fixed(
    client, django_assert_num_queries, session_count, page, queries
):
    event = build_event(session_count)

    with django_assert_num_queries(queries):
        response = client.get(f"/{event.slug}/{page}")

    assert response.status_code == 200
    marker, listed = LISTED[page]
    assert response.content.decode().count(marker) == listed[session_count]


@pytest.mark.parametrize("size", [1, 3])
def test_events_archive_query_count_is_fixed(client, django_assert_num_queries, size):
    EventFactory.create_batch(size)

    with django_assert_num_queries(1):
        response = client.get("/events/")

    assert response.content.decode().count('class="event-list-item"') == size


@pytest.mark.parametrize("size", [1, 3])
def test_speaker_page_query_count_is_fixed(client, django_assert_num_queries, size):
    """A speaker's page lists their sessions, grouped by edition: one edition each here."""
    speaker = SpeakerFactory(slug="umio-otsuka")
    SessionRoleFactory.create_batch(size, speaker=speaker)

    with django_assert_num_queries(2):
        response = client.get("/speakers/umio-otsuka/")

    assert response.content.decode().count("<h3>") == size


@pytest.mark.parametrize("session_count", [1, 3])
def test_sitemap_query_count_is_fixed(client, django_assert_num_queries, session_count):
    build_event(session_count)

    with django_assert_num_queries(3):
        response = client.get("/sitemap.xml")

    # The event's page, its agenda, speakers and venue, each session and each published
    # speaker, in English and Japanese.
    assert response.content.decode().count("<url>") == 2 * (4 + session_count + session_count + 1)


@pytest.mark.parametrize("session_count", [3, 150])
def test_agenda_lists_every_session_within_budget(client, django_assert_num_queries, session_count):
    event = build_event(session_count)

    with django_assert_num_queries(QUERIES["agenda/"]):
        response = client.get(f"/{event.slug}/agenda/")

    assert response.content.decode().count('class="agenda-item"') == session_count


def test_cached_page_runs_no_query(client, django_assert_num_queries):
    event = build_event(3)
    client.get(f"/{event.slug}/agenda/")

    with django_assert_num_queries(0):
        response = client.get(f"/{event.slug}/agenda/")

    assert response["X-Page-Cache"] == "hit"
