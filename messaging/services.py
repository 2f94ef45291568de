"""Writing, sending and resending messages; the mail worker's part; the purge's part.

Sending is in two halves, so that a message to 500 people never holds up a request:

- ``send_message`` (the organiser's click) stores one ``MessageRecipient`` per
  person, in bulk, in one short transaction; it renders nothing and queues no email.
- ``materialise_due`` (each round of the mail worker, ``registrations.hooks``) takes
  the pending recipients of each event, at most ``Event.messages_per_minute`` in any
  60 seconds, renders each one's email in their language and puts it in the
  outgoing queue (``registrations.models.OutgoingEmail``); the same round sends it,
  and a refusing mail server leaves it queued for the worker's retries.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Event
from messaging import rendering
from messaging.audience import Audience
from messaging.exceptions import AlreadySent, AudienceChanged, EmptyAudience
from messaging.models import Message, MessageRecipient
from registrations import emails
from registrations.models import OutgoingEmail

Recipient = MessageRecipient.State

#: The most recipients one round of the worker renders for one event, whatever the
#: rate: a round's transaction stays short.
MAX_PER_ROUND = 500
#: The window the rate is counted over.
RATE_WINDOW = timedelta(seconds=60)


@dataclass
class MessageData:
    """A message as the form validated it."""

    subject_en: str
    body_en: str
    audience: Audience
    subject_ja: str = ""
    body_ja: str = ""


def _who(user) -> tuple[object, str]:
    if user is None or not user.is_authenticated:
        return None, ""
    return user, user.get_username()


def save_draft(*, event: Event, data: MessageData, by, message: Message | None = None) -> Message:
    """Write a new draft, or change one (refused once it has been sent)."""
    with transaction.atomic():
        if message is None:
            author, author_name = _who(by)
            message = Message(event=event, created_by=author, created_by_name=author_name)
        else:
            message = Message.objects.select_for_update().get(pk=message.pk, event=event)
            if not message.is_draft:
                raise AlreadySent()
        message.subject_en = data.subject_en
        message.body_en = data.body_en
        message.subject_ja = data.subject_ja
        message.body_ja = data.body_ja
        message.audience = data.audience.as_json()
        message.full_clean()
        message.save()
    return message


def discard_draft(*, message: Message) -> None:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if not message.is_draft:
            raise AlreadySent(_("This message has been sent; it stays in the history."))
        message.delete()


def audience_key(registration_pks) -> str:
    """A short fingerprint of exactly who the confirm page showed."""
    joined = ",".join(str(pk) for pk in sorted(registration_pks))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def send_message(*, message: Message, by, audience_key_shown: str | None = None, now=None) -> int:
    """Fix the audience and hand the message to the mail worker; returns how many
    recipients. Renders nothing and queues no email: the worker does, at the event's rate.

    ``audience_key_shown`` is the fingerprint of the audience the organiser confirmed;
    if the audience has changed since (someone registered or cancelled), nothing is
    sent and AudienceChanged says so.
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if not message.is_draft:
            raise AlreadySent()
        event = Event.objects.get(pk=message.event_id)
        people = list(
            Audience.from_json(message.audience).queryset(event).values_list("pk", "language")
        )
        if not people:
            raise EmptyAudience()
        if audience_key_shown is not None and audience_key_shown != audience_key(
            pk for pk, _language in people
        ):
            raise AudienceChanged()
        MessageRecipient.objects.bulk_create(
            [
                MessageRecipient(
                    message=message, registration_id=pk, language=message.language_for(language)
                )
                for pk, language in people
            ],
            batch_size=500,
        )
        sender, sender_name = _who(by)
        message.state = Message.State.SENT
        message.sent_at = now
        message.sent_by = sender
        message.sent_by_name = sender_name
        message.save(update_fields=["state", "sent_at", "sent_by", "sent_by_name", "updated_at"])
    return len(people)


#: Recipients whose email failed for good (or, after the purge, did).
FAILED = Q(outgoing_email__state=OutgoingEmail.State.FAILED) | Q(
    outgoing_email__isnull=True, state=Recipient.FAILED
)


def resend_failed(*, message: Message) -> int:
    """Send the message again to every recipient whose email failed for good; returns
    how many. They go back to pending, and the worker renders them afresh at the
    event's rate; the failed emails stay in the queue's records."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.is_draft:
            return 0
        return (
            MessageRecipient.objects.filter(message=message, registration__anonymised_at=None)
            .filter(FAILED)
            .update(
                state=Recipient.PENDING,
                outgoing_email=None,
                queued_at=None,
                email="",
                resent_count=F("resent_count") + 1,
            )
        )


# ---------------------------------------------------------------------------
# The mail worker's part (registrations.hooks.worker_tasks)


def materialise_due(*, now=None) -> int:
    """Render and queue the emails of pending recipients, each event at its own rate;
    returns how many emails were queued."""
    now = now or timezone.now()
    event_ids = list(
        MessageRecipient.objects.filter(state=Recipient.PENDING, message__state=Message.State.SENT)
        .order_by()
        .values_list("message__event_id", flat=True)
        .distinct()
    )
    return sum(_materialise_for_event(event_id, now=now) for event_id in sorted(event_ids))


def _materialise_for_event(event_id: int, *, now) -> int:
    with transaction.atomic():
        # Two workers take turns per event (they would both count the same last minute
        # and together pass the rate): the event's sent messages are locked, rows only
        # messaging writes, never the event row that sign-ups lock.
        list(
            Message.objects.select_for_update()
            .filter(event_id=event_id, state=Message.State.SENT)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rate = Event.objects.filter(pk=event_id).values_list("messages_per_minute", flat=True)[0]
        recent = MessageRecipient.objects.filter(
            message__event_id=event_id, queued_at__gt=now - RATE_WINDOW
        ).count()
        budget = min(rate - recent, MAX_PER_ROUND)
        if budget <= 0:
            return 0
        batch = list(
            MessageRecipient.objects.filter(
                message__event_id=event_id,
                message__state=Message.State.SENT,
                state=Recipient.PENDING,
            )
            .select_related("message", "registration__event__venue")
            .order_by("message__sent_at", "message_id", "pk")[:budget]
        )
        outgoing = []
        for recipient in batch:
            registration = recipient.registration
            if registration.anonymised_at is not None:
                recipient.state = Recipient.SKIPPED
                continue
            rendered = rendering.render(
                recipient.message, registration, language=recipient.language
            )
            email = emails.compose(
                registration,
                kind=rendering.KIND,
                subject=rendered["subject"],
                body_text=rendered["body_text"],
                body_html=rendered["body_html"],
                now=now,
            )
            outgoing.append(email)
            recipient.outgoing_email = email
            recipient.email = registration.email
            recipient.state = Recipient.QUEUED
            recipient.queued_at = now
        # bulk_create gives the emails their keys; bulk_update reads them from there.
        OutgoingEmail.objects.bulk_create(outgoing)
        MessageRecipient.objects.bulk_update(
            batch, ["outgoing_email", "email", "state", "queued_at"], batch_size=500
        )
    return len(outgoing)


# ---------------------------------------------------------------------------
# The purge's part (registrations.hooks.on_anonymise)

_OUTCOME = {
    OutgoingEmail.State.SENT: Recipient.SENT,
    OutgoingEmail.State.FAILED: Recipient.FAILED,
}


def forget_recipient(registration) -> None:
    """Take an anonymised person's address out of the messages they were sent.

    Called before the registration's emails (which hold the rendered bodies, names
    included) are deleted: each recipient row keeps the outcome (delivered, failed),
    so the history's counts stay right; one not yet sent is never sent.
    """
    recipients = list(
        MessageRecipient.objects.filter(registration=registration).select_related("outgoing_email")
    )
    for recipient in recipients:
        if recipient.outgoing_email is not None:
            recipient.state = _OUTCOME.get(recipient.outgoing_email.state, Recipient.SKIPPED)
        elif recipient.state == Recipient.PENDING:
            recipient.state = Recipient.SKIPPED
        recipient.outgoing_email = None
        recipient.email = ""
    MessageRecipient.objects.bulk_update(recipients, ["state", "outgoing_email", "email"])
