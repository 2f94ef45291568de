"""The back office leads organisers to the message pages; the event sets the rate."""

import pytest
from django.urls import reverse

from conference.roles import ensure_staff_groups
from messaging import services
from tests.factories import EventFactory, UserFactory
from tests.messaging.conftest import draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _groups():
    ensure_staff_groups()


def test_the_message_list_links_to_the_staff_pages(client, event, people, organiser):
    sent, unsent = draft(event, subject_en="Sent one"), draft(event, subject_en="Draft one")
    services.send_message(message=sent, by=organiser)
    client.force_login(organiser)
    page = client.get(reverse("admin:messaging_message_changelist")).content.decode()
    compose = reverse("messaging:compose", kwargs={"event_slug": event.slug})
    assert f'href="{compose}" class="addlink">Write to participants of {event.name}</a>' in page
    detail = reverse("messaging:detail", kwargs={"event_slug": event.slug, "pk": sent.pk})
    preview = reverse("messaging:preview", kwargs={"event_slug": event.slug, "pk": unsent.pk})
    assert f'<a href="{detail}">Open</a>' in page
    assert f'<a href="{preview}">Open</a>' in page
    # Read-only: messages are written and sent on the staff pages.
    assert client.get(reverse("admin:messaging_message_add")).status_code == 403


def test_event_staff_see_their_events_messages_and_no_compose_link(client, event, people):
    mine = draft(event, subject_en="Mine")
    services.send_message(message=mine, by=None)
    draft(EventFactory(), subject_en="Theirs")
    staff = UserFactory(groups=["Event staff"], staff_of=[event])
    client.force_login(staff)
    response = client.get(reverse("admin:messaging_message_changelist"))
    assert [message.subject_en for message in response.context["cl"].result_list] == ["Mine"]
    assert "addlink" not in response.content.decode()


def test_the_event_page_sets_the_rate_and_links_to_the_messages(client, event, organiser):
    client.force_login(organiser)
    page = client.get(reverse("admin:conference_event_change", args=[event.pk])).content.decode()
    assert 'name="messages_per_minute" value="60"' in page
    link = reverse("messaging:list", kwargs={"event_slug": event.slug})
    assert f'<a href="{link}">Write to participants, and the history</a>' in page
