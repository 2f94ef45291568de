"""Sending: the organiser's click stores the recipients and nothing else; the mail
worker renders and sends them at the event's rate, retries what the mail server
refuses, and an organiser sends again to whoever failed in one action."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from messaging import services
from messaging.audience import Audience
from messaging.exceptions import AlreadySent, AudienceChanged, EmptyAudience
from messaging.models import Message, MessageRecipient
from registrations import emails
from registrations.management.commands.send_queued_emails import run_worker_tasks
from registrations.models import OutgoingEmail
from tests.factories import RegistrationFactory
from tests.messaging.conftest import draft

pytestmark = pytest.mark.django_db

BILINGUAL = {
    "subject_en": "Day 1: {name}",
    "body_en": "Dear {name}, your reference is {reference}.",
    "subject_ja": "1日目：{name} 様",
    "body_ja": "{name} 様、登録番号は {reference} です。",
}


class RefusingBackend:
    """A mail server that refuses every message: what leaves the process, faked."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPException("451 try again later")


def worker_round():
    """One round of `manage.py send_queued_emails`, as the worker runs it."""
    call_command("send_queued_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_sending_stores_the_recipients_and_nothing_else(event, people, organiser):
    message = draft(event, by=organiser, **BILINGUAL)
    assert services.send_message(message=message, by=organiser) == 4
    message.refresh_from_db()
    assert (message.state, message.sent_by_name) == ("sent", "organiser")
    assert message.sent_at is not None
    recipients = MessageRecipient.objects.filter(message=message).order_by(
        "registration__family_name"
    )
    assert [(r.registration.family_name, r.language, r.state, r.email) for r in recipients] == [
        ("Ashworth", "en", "pending", ""),
        ("Hillier", "en", "pending", ""),
        ("Otsuka", "ja", "pending", ""),
        ("Sato", "ja", "pending", ""),
    ]
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_japanese_speakers_are_down_for_english_without_a_japanese_version(event, people):
    message = draft(event)
    services.send_message(message=message, by=None)
    languages = MessageRecipient.objects.order_by().values_list("language", flat=True).distinct()
    assert list(languages) == ["en"]


def test_a_message_is_sent_once(event, people, organiser):
    message = draft(event)
    services.send_message(message=message, by=organiser)
    with pytest.raises(AlreadySent):
        services.send_message(message=message, by=organiser)
    assert MessageRecipient.objects.count() == 4


def test_an_empty_audience_is_refused(event, people):
    message = draft(event, audience=Audience(statuses=("declined",)))
    with pytest.raises(EmptyAudience):
        services.send_message(message=message, by=None)
    message.refresh_from_db()
    assert message.state == "draft"


def test_an_audience_changed_since_the_confirm_page_is_refused(event, people):
    message = draft(event)
    shown = services.audience_key(Audience().queryset(event).values_list("pk", flat=True))
    RegistrationFactory(event=event, family_name="Latecomer")
    with pytest.raises(AudienceChanged):
        services.send_message(message=message, by=None, audience_key_shown=shown)
    assert MessageRecipient.objects.count() == 0
    assert Message.objects.get().state == "draft"


def test_the_worker_renders_and_sends_at_the_events_rate(event, people, settings):
    event.messages_per_minute = 3
    event.save()
    message = draft(event, **BILINGUAL)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        services.send_message(message=message, by=None)
        worker_round()
        assert len(mail.outbox) == 3  # Ashworth, Hillier, Otsuka: in list order
        worker_round()
        assert len(mail.outbox) == 3  # the minute is not over
        clock.shift(timedelta(seconds=59))
        worker_round()
        assert len(mail.outbox) == 3
        clock.shift(timedelta(seconds=2))
        worker_round()
    sent = {tuple(m.to): (m.subject, m.body) for m in mail.outbox}
    assert sent == {
        ("ashworth@example.org",): (
            "Day 1: Ms Charlotte Ashworth",
            f"Dear Ms Charlotte Ashworth, your reference is {people['ashworth'].reference}.",
        ),
        ("hillier@example.org",): (
            "Day 1: Air Chief Marshal Sir Stephen Hillier",
            "Dear Air Chief Marshal Sir Stephen Hillier, your reference is "
            f"{people['hillier'].reference}.",
        ),
        ("otsuka@example.org",): (
            "1日目：大塚 海夫 様",
            f"大塚 海夫 様、登録番号は {people['otsuka'].reference} です。",
        ),
        ("sato@example.org",): (
            "1日目：佐藤 由紀 様",
            f"佐藤 由紀 様、登録番号は {people['sato'].reference} です。",
        ),
    }
    html, mimetype = mail.outbox[2].alternatives[0]
    assert (mimetype, html.count('<html lang="ja">')) == ("text/html", 1)
    states = MessageRecipient.objects.values_list("state", "outgoing_email__state")
    assert sorted(states) == [("queued", "sent")] * 4
    assert OutgoingEmail.objects.filter(kind="message").count() == 4


def test_the_rate_is_shared_by_every_message_of_the_event(event, people):
    event.messages_per_minute = 5
    event.save()
    first, second = draft(event), draft(event, subject_en="Second")
    services.send_message(message=first, by=None)
    services.send_message(message=second, by=None)
    assert services.materialise_due() == 5
    # The first message's four, then the second's first.
    assert list(
        MessageRecipient.objects.exclude(state="pending")
        .order_by("pk")
        .values_list("message_id", flat=True)
    ) == [first.pk] * 4 + [second.pk]
    assert services.materialise_due() == 0


def test_each_event_has_its_own_rate(event, people):
    from tests.factories import EventFactory

    other = EventFactory(messages_per_minute=1)
    for family_name in ("One", "Two"):
        RegistrationFactory(event=other, family_name=family_name)
    services.send_message(message=draft(event), by=None)
    services.send_message(message=draft(other), by=None)
    assert services.materialise_due() == 5  # all four here, one of the other's two


def test_a_refusing_mail_server_leaves_the_messages_pending_and_retried(event, people, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    message = draft(event, audience=Audience(registrations=(people["ashworth"].pk,)))
    services.send_message(message=message, by=None)
    worker_round()
    recipient = MessageRecipient.objects.select_related("outgoing_email").get()
    email = recipient.outgoing_email
    assert (email.state, email.attempts, email.last_error) == (
        "queued",
        1,
        "SMTPException: 451 try again later",
    )
    counted = message_counts(message)
    assert counted == {"delivered": 0, "pending": 1, "failed": 0, "retrying": 1}

    # The server comes back; once the retry is due the worker sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    worker_round()
    assert [m.to for m in mail.outbox] == [["ashworth@example.org"]]
    assert message_counts(message) == {"delivered": 1, "pending": 0, "failed": 0, "retrying": 0}
    worker_round()
    assert len(mail.outbox) == 1


def message_counts(message):
    from messaging.selectors import message_with_counts

    counted = message_with_counts(message.event, message.pk)
    return {name: getattr(counted, name) for name in ("delivered", "pending", "failed", "retrying")}


def fail_for_good(recipients):
    OutgoingEmail.objects.filter(message_recipient__in=recipients).update(
        state="failed", attempts=emails.MAX_ATTEMPTS, last_error="SMTPException: 550"
    )


def test_resending_to_the_failed_is_one_action(event, people, settings):
    message = draft(event)
    services.send_message(message=message, by=None)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    worker_round()
    failing = MessageRecipient.objects.filter(registration__in=[people["hillier"], people["sato"]])
    fail_for_good(failing)
    OutgoingEmail.objects.filter(state="queued").update(state="sent")
    assert message_counts(message) == {"delivered": 2, "pending": 0, "failed": 2, "retrying": 0}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.resend_failed(message=message) == 2
    assert message_counts(message)["failed"] == 0
    assert services.resend_failed(message=message) == 0  # nothing failed any more
    worker_round()
    assert sorted(m.to[0] for m in mail.outbox) == ["hillier@example.org", "sato@example.org"]
    assert message_counts(message) == {"delivered": 4, "pending": 0, "failed": 0, "retrying": 0}
    assert sorted(MessageRecipient.objects.values_list("resent_count", flat=True)) == [0, 0, 1, 1]
    # The failed attempts stay on record in the queue.
    assert OutgoingEmail.objects.filter(state="failed").count() == 2


def test_someone_anonymised_before_their_turn_is_not_sent_it(event, people):
    from registrations.services import anonymise

    message = draft(event)
    services.send_message(message=message, by=None)
    anonymise(people["otsuka"])
    worker_round()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ashworth@example.org",
        "hillier@example.org",
        "sato@example.org",
    ]
    skipped = MessageRecipient.objects.get(registration=people["otsuka"])
    assert (skipped.state, skipped.email, skipped.outgoing_email) == ("skipped", "", None)


def test_a_failing_worker_task_does_not_stop_the_delegates_emails(event, people, monkeypatch):
    from registrations import hooks

    def broken():
        raise RuntimeError("bug in a higher app")

    monkeypatch.setattr(hooks, "worker_tasks", [broken, *hooks.worker_tasks])
    services.send_message(message=draft(event), by=None)
    assert run_worker_tasks() == 4
