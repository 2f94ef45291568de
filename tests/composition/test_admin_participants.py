"""Speakers become participants from the admin: saving a session's speakers, a speaker's
appearances, or the event action "Add confirmed speakers as participants"."""

import pytest
from django.urls import reverse

from registrations.models import Registration
from tests.factories import (
    EventFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(groups=["Organisers"])
    client.force_login(user)
    return user


def test_confirming_an_appearance_on_the_session_page_makes_a_participant(client, organiser, event):
    session = SessionFactory(event=event)
    speaker = SpeakerFactory(
        honorific_en="Mr", given_name="Itsunori", family_name="Onodera", country="JP"
    )
    SessionRoleFactory(session=session, speaker=speaker, is_confirmed=False)
    url = reverse("admin:conference_session_change", args=[session.pk])
    data = form_data(client.get(url).content.decode(), submit="_save")
    assert "roles-0-is_confirmed" not in data
    data["roles-0-is_confirmed"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    registration = Registration.objects.get(speaker=speaker)
    assert (registration.status, registration.display_name) == (
        "confirmed",
        "Mr ONODERA Itsunori",
    )
    assert registration.status_changes.get().changed_by == organiser

    # Unticked again: the participant made for the speaker is cancelled.
    data = form_data(client.get(url).content.decode(), submit="_save")
    del data["roles-0-is_confirmed"]
    client.post(url, data)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_removing_an_appearance_on_the_speaker_page_ends_the_participation(
    client, organiser, event
):
    session = SessionFactory(event=event)
    speaker = SpeakerFactory(slug="yoneda")
    SessionRoleFactory(session=session, speaker=speaker)
    client.post(
        reverse("admin:conference_event_changelist"),
        {"action": "add_speakers_as_participants", "_selected_action": [event.pk]},
    )
    assert Registration.objects.get(speaker=speaker).status == "confirmed"
    url = reverse("admin:speakers_speaker_change", args=[speaker.pk])
    data = form_data(client.get(url).content.decode(), submit="_save")
    data["roles-0-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    assert Registration.objects.get(speaker=speaker).status == "cancelled"


def test_the_event_action_reports_what_it_did(client, organiser, event):
    session = SessionFactory(event=event)
    for n in range(2):
        SessionRoleFactory(session=session, speaker=SpeakerFactory(email=f"s{n}@example.org"))
    SessionRoleFactory(session=session, is_confirmed=False)
    SessionRoleFactory(session=SessionFactory(event=EventFactory()))  # another event's

    response = client.post(
        reverse("admin:conference_event_changelist"),
        {"action": "add_speakers_as_participants", "_selected_action": [event.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"{event.name}: 2 speakers made participants, 0 linked to their own registration, "
        "0 already participants, 0 no longer speakers."
    ]
    assert Registration.objects.filter(event=event, speaker__isnull=False).count() == 2
    assert Registration.objects.count() == 2
