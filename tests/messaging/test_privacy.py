"""The privacy purge: messages stay (who wrote what, to which audience, how many got
it), but the recipients' addresses and the emails rendered for them go."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from messaging import services
from messaging.models import Message, MessageRecipient
from messaging.selectors import message_with_counts
from registrations.models import OutgoingEmail
from registrations.services import delete_personal_data, purge_personal_data
from tests.messaging.conftest import draft

pytestmark = pytest.mark.django_db

AFTER_THE_RETENTION = datetime(2017, 6, 1, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture
def sent(event, people):
    message = draft(event, body_en="Dear {name}, see you at {event}.")
    services.send_message(message=message, by=None)
    services.materialise_due()
    # Hillier's email has gone, Sato's failed for good; the other two wait in the queue.
    OutgoingEmail.objects.filter(message_recipient__registration=people["hillier"]).update(
        state="sent"
    )
    OutgoingEmail.objects.filter(message_recipient__registration=people["sato"]).update(
        state="failed"
    )
    return message


def counts(message):
    counted = message_with_counts(message.event, message.pk)
    return {
        name: getattr(counted, name)
        for name in ("recipient_total", "delivered", "pending", "failed", "skipped")
    }


def test_purge_removes_addresses_and_rendered_bodies_and_keeps_the_counts(event, people, sent):
    assert counts(sent) == {
        "recipient_total": 4,
        "delivered": 1,
        "pending": 2,
        "failed": 1,
        "skipped": 0,
    }
    assert set(MessageRecipient.objects.values_list("email", flat=True)) == {
        "ashworth@example.org",
        "hillier@example.org",
        "otsuka@example.org",
        "sato@example.org",
    }
    purge_personal_data(older_than_days=180, now=AFTER_THE_RETENTION)

    assert list(MessageRecipient.objects.values_list("email", flat=True)) == ["", "", "", ""]
    assert not OutgoingEmail.objects.filter(kind="message").exists()  # bodies held names
    # Delivered and failed stay what they were; what had not gone never will.
    assert counts(sent) == {
        "recipient_total": 4,
        "delivered": 1,
        "pending": 0,
        "failed": 1,
        "skipped": 2,
    }
    message = Message.objects.get()
    assert message.body_en == "Dear {name}, see you at {event}."
    # Nothing is left to send, nor to send again.
    assert services.materialise_due() == 0
    assert services.resend_failed(message=message) == 0
    assert mail.outbox == []


def test_a_delegate_deleting_their_data_leaves_the_message_without_their_address(
    event, people, sent
):
    delete_personal_data(registration=people["bellingham"])  # no message: nothing changes
    delete_personal_data(
        registration=people["hillier"], now=AFTER_THE_RETENTION - timedelta(days=150)
    )
    recipient = MessageRecipient.objects.get(registration=people["hillier"])
    assert (recipient.email, recipient.state, recipient.outgoing_email) == ("", "sent", None)
    assert MessageRecipient.objects.exclude(email="").count() == 3


def test_the_purge_leaves_messages_of_events_still_within_retention(event, people, sent):
    purge_personal_data(older_than_days=180, now=AFTER_THE_RETENTION - timedelta(days=60))
    assert MessageRecipient.objects.exclude(email="").count() == 4
