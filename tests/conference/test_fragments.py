"""Agenda entries and speaker cards kept apart from the page: an edit renders what it
changed again, and nothing else (conference.cache.fragments)."""

import pytest
from django.test import Client

from conference.cache import VERSION_KEY
from tests.factories import (
    EventFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    ThemeFactory,
    UserFactory,
    tokyo,
)

pytestmark = pytest.mark.django_db

ITEM = "conference/_agenda_item.html"
CARD = "conference/_speaker_card.html"


@pytest.fixture
def event():
    event = EventFactory()
    theme = ThemeFactory(event=event, title_en="Maritime security")
    for hour in (9, 11, 14):
        session = SessionFactory(
            event=event,
            title_en=f"Session at {hour}",
            theme=theme if hour == 9 else None,
            starts_at=tokyo(event.start_date, hour),
            ends_at=tokyo(event.start_date, hour + 1),
        )
        SessionRoleFactory(session=session, speaker=SpeakerFactory(family_name=f"Speaker{hour}"))
    return event


def rendered(response, name):
    return [template.name for template in response.templates].count(name)


def agenda(client, event):
    return client.get(f"/{event.slug}/agenda/")


def test_an_edit_renders_that_session_again_and_no_other(client, event):
    assert rendered(agenda(client, event), ITEM) == 3
    session = event.sessions.get(title_en="Session at 11")
    session.title_en = "Session at eleven"
    session.save()
    after = agenda(client, event)
    assert after["X-Page-Cache"] == "miss"
    assert rendered(after, ITEM) == 1
    page = after.content.decode()
    assert "Session at eleven" in page
    assert page.count('class="agenda-item') == 3


def test_each_language_keeps_its_own_entries(client, event):
    agenda(client, event)
    japanese = client.get(f"/ja/{event.slug}/agenda/")
    assert rendered(japanese, ITEM) == 3


def test_a_speakers_new_name_renders_their_sessions_again(client, event):
    agenda(client, event)
    speaker = event.sessions.get(title_en="Session at 14").speakers.get()
    speaker.family_name = "Renamed"
    speaker.save()
    after = agenda(client, event)
    assert rendered(after, ITEM) == 1
    assert "Renamed" in after.content.decode()


def test_a_confirmed_appearance_renders_its_session_again(client, event):
    session = event.sessions.get(title_en="Session at 9")
    role = SessionRoleFactory(
        session=session, speaker=SpeakerFactory(family_name="Latecomer"), is_confirmed=False
    )
    assert "Latecomer" not in agenda(client, event).content.decode()
    role.is_confirmed = True
    role.save()
    after = agenda(client, event)
    assert rendered(after, ITEM) == 1
    assert "Latecomer" in after.content.decode()


def test_a_renamed_or_deleted_theme_renders_its_sessions_again(client, event):
    agenda(client, event)
    theme = event.themes.get()
    theme.title_en = "Seas and straits"
    theme.save()
    renamed = agenda(client, event)
    assert rendered(renamed, ITEM) == 1
    assert "Seas and straits" in renamed.content.decode()
    theme.delete()
    deleted = agenda(client, event)
    assert rendered(deleted, ITEM) == 1
    assert "Seas and straits" not in deleted.content.decode()


def test_staff_previews_are_rendered_afresh_and_never_kept(client, event):
    session = event.sessions.get(title_en="Session at 9")
    SessionRoleFactory(
        session=session, speaker=SpeakerFactory(family_name="Unannounced"), is_confirmed=False
    )
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    preview = agenda(staff, event)
    assert "Unannounced" in preview.content.decode()
    public = agenda(client, event)
    assert rendered(public, ITEM) == 3
    assert "Unannounced" not in public.content.decode()


@pytest.mark.parametrize("sessions", [1, 3])
def test_with_every_entry_kept_the_agenda_reads_no_roles(
    client, django_assert_num_queries, sessions
):
    event = EventFactory()
    for hour in range(sessions):
        session = SessionFactory(
            event=event,
            starts_at=tokyo(event.start_date, 9 + hour),
            ends_at=tokyo(event.start_date, 10 + hour),
        )
        SessionRoleFactory(session=session)
    agenda(client, event)
    from django.core.cache import cache

    cache.delete(VERSION_KEY)  # every page stale, every entry still kept
    # The event, its themes, its sessions; no roles.
    with django_assert_num_queries(3):
        response = agenda(client, event)
    assert response.content.decode().count('class="agenda-item') == sessions


def test_a_speakers_edit_renders_their_card_again_and_no_other(client, event):
    assert rendered(client.get(f"/{event.slug}/speakers/"), CARD) == 3
    speaker = event.sessions.get(title_en="Session at 9").speakers.get()
    speaker.position_en = "Director General"
    speaker.save()
    after = client.get(f"/{event.slug}/speakers/")
    assert rendered(after, CARD) == 1
    assert "Director General" in after.content.decode()
