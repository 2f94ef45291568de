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

# Measured on SQLite: event page 3, agenda 4, speakers 2, session 3.
BUDGETS = {"": 3, "agenda/": 4, "speakers/": 2}


def build_event(session_count):
    event = EventFactory()
    themes = [ThemeFactory(event=event) for _ in range(3)]
    speakers = [SpeakerFactory() for _ in range(max(2, session_count // 3))]
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


@pytest.mark.parametrize("session_count", [3, 150])
@pytest.mark.parametrize(("page", "budget"), BUDGETS.items())
def test_public_page_query_count_is_fixed(
    client, django_assert_max_num_queries, session_count, page, budget
):
    event = build_event(session_count)

    with django_assert_max_num_queries(budget):
        response = client.get(f"/{event.slug}/{page}")

    assert response.status_code == 200


@pytest.mark.parametrize("session_count", [3, 150])
def test_agenda_lists_every_session_within_budget(client, django_assert_num_queries, session_count):
    event = build_event(session_count)

    with django_assert_num_queries(BUDGETS["agenda/"]):
        response = client.get(f"/{event.slug}/agenda/")

    assert response.content.decode().count('class="agenda-item"') == session_count


def test_cached_page_runs_no_query(client, django_assert_num_queries):
    event = build_event(3)
    client.get(f"/{event.slug}/agenda/")

    with django_assert_num_queries(0):
        response = client.get(f"/{event.slug}/agenda/")

    assert response["X-Page-Cache"] == "hit"
