"""The organiser's pages: write, preview with a real recipient, confirm, and the
history. Nothing is rendered or queued inside a request; who may do what."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from conference.roles import ensure_staff_groups
from messaging import services
from messaging.audience import Audience
from messaging.models import Message, MessageRecipient
from registrations.models import OutgoingEmail
from tests.factories import DelegationFactory, EventFactory, RegistrationFactory, UserFactory
from tests.messaging.conftest import draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _groups():
    ensure_staff_groups()


@pytest.fixture
def door_staff(event):
    return UserFactory(username="door", groups=["Event staff"], staff_of=[event])


def url(name, event, message=None):
    kwargs = {"event_slug": event.slug}
    if message is not None:
        kwargs["pk"] = message.pk
    return reverse(f"messaging:{name}", kwargs=kwargs)


def compose_data(options, **overrides):
    data = {
        "subject_en": "Day 1 joining instructions",
        "body_en": "Dear {name},\n\nYour reference: {reference}.\n{manage_link}",
        "subject_ja": "1日目のご案内",
        "body_ja": "{name} 様\n\n登録番号：{reference}\n{manage_link}",
        "statuses": ["confirmed"],
        "options": [options["day_1"].pk],
        "interpretation": [],
        "checked_in": "",
        "references": "",
    }
    data.update(overrides)
    return data


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


def test_an_organiser_writes_previews_confirms_and_sends(client, event, people, options, organiser):
    client.force_login(organiser)
    response = client.get(url("compose", event))
    assert response.status_code == 200

    response = client.post(url("compose", event), compose_data(options))
    message = Message.objects.get()
    assert response.status_code == 302
    assert response.url == url("preview", event, message)
    assert (message.state, message.created_by_name) == ("draft", "organiser")
    assert message.audience == Audience(options=(options["day_1"].pk,)).as_json()

    # The preview: the audience in words, the counts, the first recipient's email.
    page = text(client.get(url("preview", event, message)))
    assert "Status: Confirmed Attending any of: Day 1" in page
    assert "Recipients 3 English version 2 Japanese version 1" in page
    assert "To Ms Charlotte Ashworth (" in page
    assert "Day 1 joining instructions Dear Ms Charlotte Ashworth," in page
    # Another recipient, in their language; then the same one in English.
    otsuka = people["otsuka"]
    page = text(client.get(url("preview", event, message) + f"?recipient={otsuka.reference}"))
    assert f"1日目のご案内 大塚 海夫 様 登録番号：{otsuka.reference}" in page
    page = text(
        client.get(url("preview", event, message) + f"?recipient={otsuka.reference}&language=en")
    )
    assert "Day 1 joining instructions Dear Admiral OTSUKA Umio," in page
    # The manage link's secret part stays out of the preview.
    assert f"/{event.slug}/registration/•••/" in page

    page = client.get(url("confirm", event, message))
    assert "3 recipients at 60 per minute: about 1 minute." in text(page)
    key = page.context["confirm_form"]["audience_key"].value()

    response = client.post(url("confirm", event, message), {"audience_key": key})
    assert response.status_code == 302
    assert response.url == url("detail", event, message)
    message.refresh_from_db()
    assert message.state == "sent"
    assert MessageRecipient.objects.filter(message=message).count() == 3
    page = text(client.get(response.url))
    assert "Sent to the mail queue: 3 recipients, at 60 per minute." in page
    assert "Recipients 3 Delivered 0 Pending 3 Failed 0" in page


@pytest.mark.parametrize("size", [3, 100])
def test_the_request_renders_and_queues_nothing(
    client, event, organiser, django_assert_num_queries, size
):
    """3 people or 100: the click stores the recipients in bulk, renders no email,
    queues none, and costs the same queries."""
    RegistrationFactory.create_batch(size, event=event)
    client.force_login(organiser)
    message = draft(event)
    key = services.audience_key(Audience().queryset(event).values_list("pk", flat=True))
    client.get(url("list", event))  # the session and permissions, loaded once
    # One INSERT for all the recipients (SQLite takes 124 rows a statement, PostgreSQL 500).
    with django_assert_num_queries(12):
        response = client.post(url("confirm", event, message), {"audience_key": key})
    assert response.status_code == 302
    assert MessageRecipient.objects.count() == size
    assert MessageRecipient.objects.filter(state="pending", outgoing_email=None).count() == size
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_the_confirm_page_shows_the_time_at_the_events_rate(client, event, organiser):
    event.messages_per_minute = 60
    event.save()
    RegistrationFactory.create_batch(500, event=event)
    client.force_login(organiser)
    message = draft(event)
    page = text(client.get(url("confirm", event, message)))
    assert "500 recipients at 60 per minute: about 9 minutes." in page
    assert "Send to 500 recipients" in page


def test_a_changed_audience_sends_the_organiser_back_to_the_confirm_page(
    client, event, people, organiser
):
    client.force_login(organiser)
    message = draft(event)
    key = client.get(url("confirm", event, message)).context["confirm_form"]["audience_key"].value()
    RegistrationFactory(event=event, family_name="Latecomer")
    response = client.post(url("confirm", event, message), {"audience_key": key}, follow=True)
    assert response.redirect_chain == [(url("confirm", event, message), 302)]
    assert "The audience has changed since this page was shown" in text(response)
    assert "5 recipients at 60 per minute" in text(response)
    assert MessageRecipient.objects.count() == 0


def test_a_forged_confirmation_without_the_audience_key_sends_nothing(
    client, event, people, organiser
):
    client.force_login(organiser)
    message = draft(event)
    response = client.post(url("confirm", event, message), {})
    assert response.status_code == 302
    assert MessageRecipient.objects.count() == 0


def test_an_invalid_message_is_shown_again_with_its_errors(client, event, options, organiser):
    client.force_login(organiser)
    response = client.post(
        url("compose", event), compose_data(options, body_en="Dear {nmae}", statuses=[])
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "body_en": [
            "Unknown placeholder {nmae}. The placeholders are: "
            "{name}, {reference}, {manage_link}, {event}, {event_dates}."
        ],
        "statuses": ["Choose at least one status."],
    }
    assert not Message.objects.exists()


def test_an_organiser_writes_to_one_delegation_without_its_speakers(
    client, event, options, organiser
):
    uk = DelegationFactory(event=event, name_en="United Kingdom delegation")
    japan = DelegationFactory(event=event, name_en="Japan delegation", country="JP")
    client.force_login(organiser)
    page = client.get(url("compose", event)).content.decode()
    assert "United Kingdom delegation" in page and "Japan delegation" in page

    response = client.post(
        url("compose", event),
        compose_data(options, delegations=[japan.pk], speakers="none"),
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.audience == (
        Audience(options=(options["day_1"].pk,), delegations=(japan.pk,), speakers=False).as_json()
    )
    # The draft's form shows the filters again, as saved.
    form = client.get(url("edit", event, message)).context["form"]
    assert [form[name].value() for name in ("delegations", "speakers")] == [[japan.pk], "none"]
    assert uk.pk not in form["delegations"].value()


def test_another_events_delegation_is_refused(client, event, options, organiser):
    DelegationFactory(event=event)
    stranger = DelegationFactory()  # of another event
    client.force_login(organiser)
    response = client.post(
        url("compose", event), compose_data(options, delegations=[stranger.pk], speakers="x")
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "delegations": [
            f"Select a valid choice. {stranger.pk} is not one of the available choices."
        ],
        "speakers": ["Select a valid choice. x is not one of the available choices."],
    }
    assert not Message.objects.exists()


def test_an_event_without_delegations_is_not_asked_about_them(client, event, organiser):
    client.force_login(organiser)
    form = client.get(url("compose", event)).context["form"]
    assert "delegations" not in form.fields
    assert "speakers" in form.fields


def test_a_draft_is_changed_and_a_sent_message_is_not(client, event, people, options, organiser):
    client.force_login(organiser)
    message = draft(event, audience=Audience(registrations=(people["sato"].pk,)))
    form = client.get(url("edit", event, message)).context["form"]
    assert form.initial["references"] == people["sato"].reference
    client.post(url("edit", event, message), compose_data(options, subject_en="Changed"))
    message.refresh_from_db()
    assert message.subject_en == "Changed"
    services.send_message(message=message, by=organiser)
    assert client.get(url("edit", event, message)).status_code == 404
    response = client.post(url("edit", event, message), compose_data(options))
    assert response.status_code == 404
    response = client.get(url("preview", event, message))
    assert response.url == url("detail", event, message)


def test_a_draft_is_discarded_and_a_sent_message_stays(client, event, people, organiser):
    client.force_login(organiser)
    kept, discarded = draft(event), draft(event)
    services.send_message(message=kept, by=organiser)
    client.post(url("discard", event, discarded))
    client.post(url("discard", event, kept))
    assert list(Message.objects.all()) == [kept]


def test_resend_is_one_post(client, event, people, organiser):
    client.force_login(organiser)
    message = draft(event)
    services.send_message(message=message, by=organiser)
    services.materialise_due()
    OutgoingEmail.objects.filter(message_recipient__registration=people["sato"]).update(
        state="failed"
    )
    response = client.post(url("resend", event, message), follow=True)
    assert "1 failed recipient will be sent the message again." in text(response)
    assert MessageRecipient.objects.get(registration=people["sato"]).state == "pending"


# --- permissions ------------------------------------------------------------------------

SEND_PAGES = ["compose", "edit", "preview", "confirm"]


def test_event_staff_read_the_history_but_write_nothing(client, event, people, door_staff):
    sent = draft(event, subject_en="Joining instructions")
    services.send_message(message=sent, by=None)
    unsent = draft(event, subject_en="Secret draft")
    client.force_login(door_staff)
    page = client.get(url("list", event))
    assert page.status_code == 200
    assert "Joining instructions" in text(page)
    assert "Secret draft" not in text(page)
    assert "Write a message" not in text(page)
    assert client.get(url("detail", event, sent)).status_code == 200
    assert client.get(url("detail", event, unsent)).status_code == 404
    for name in SEND_PAGES:
        target = url(name, event) if name == "compose" else url(name, event, unsent)
        assert client.get(target).status_code == 403, name
    assert client.post(url("confirm", event, unsent), {}).status_code == 403
    assert client.post(url("resend", event, sent)).status_code == 403
    assert client.post(url("discard", event, unsent)).status_code == 403
    assert Message.objects.get(pk=unsent.pk).state == "draft"


def test_staff_of_another_event_get_403(client, event, people):
    message = draft(event)
    services.send_message(message=message, by=None)
    other = UserFactory(groups=["Event staff"], staff_of=[EventFactory()])
    client.force_login(other)
    assert client.get(url("list", event)).status_code == 403
    assert client.get(url("detail", event, message)).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, event):
    response = client.get(url("list", event))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_message_of_another_event_is_not_found(client, event, people, organiser):
    other = EventFactory()
    message = draft(other)
    client.force_login(organiser)
    assert client.get(url("preview", event, message)).status_code == 404
    assert client.get(url("detail", event, message)).status_code == 404


def test_the_staff_navigation_links_to_the_messages(client, event, door_staff):
    client.force_login(door_staff)
    page = client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug}))
    assert f'href="{url("list", event)}"' in page.content.decode()
    index = client.get(reverse("staff:index"))
    assert f'href="{url("list", event)}"' in index.content.decode()


def test_the_navigation_hides_the_link_from_those_who_may_not_read_messages(client, event):
    from django.contrib.auth.models import Permission

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    page = client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug}))
    assert url("list", event) not in page.content.decode()


# --- the history costs the same however long it is ------------------------------------------


def sent_messages(event, count, people):
    for index in range(count):
        message = draft(event, subject_en=f"Message {index}")
        services.send_message(message=message, by=None)
    services.materialise_due()


@pytest.mark.parametrize("count", [1, 3])
def test_history_page_queries(client, event, people, organiser, django_assert_num_queries, count):
    sent_messages(event, count, people)
    draft(
        event,
        subject_en="A draft",
        audience=Audience(options=(people["ashworth"].attendance_options.first().pk,)),
    )
    client.force_login(organiser)
    client.get(url("list", event))  # the session and permissions, loaded once
    with django_assert_num_queries(8):
        response = client.get(url("list", event))
    assert len(response.context["sent"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_message_page_queries(client, event, organiser, django_assert_num_queries, count):
    RegistrationFactory.create_batch(count, event=event)
    message = draft(event)
    services.send_message(message=message, by=None)
    services.materialise_due()
    client.force_login(organiser)
    client.get(url("detail", event, message))
    with django_assert_num_queries(8):
        response = client.get(url("detail", event, message))
    assert len(response.context["recipients"]) == count


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("page", ["preview", "confirm"])
def test_preview_and_confirm_page_queries(
    client, event, organiser, django_assert_num_queries, count, page
):
    RegistrationFactory.create_batch(count, event=event, japanese_name="佐藤 由紀", language="ja")
    message = draft(event, subject_ja="件名", body_ja="{name} 様")
    client.force_login(organiser)
    client.get(url("list", event))
    with django_assert_num_queries(6):
        response = client.get(url(page, event, message))
    assert response.context["recipient_count"] == count
