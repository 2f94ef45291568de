"""Reads the message pages share: the history with its counts, a message's recipients.

A recipient's state is its email's while the email exists (queued, sent, failed),
and the state stored on the recipient otherwise (pending; not sent; or the outcome
kept when the privacy purge deleted the email): ``recipient_state``.
"""

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from conference.models import Event
from messaging.models import Message, MessageRecipient
from registrations.models import OutgoingEmail

Recipient = MessageRecipient.State
Email = OutgoingEmail.State


def recipient_state(prefix: str = ""):
    """The recipient's state as an expression (``prefix`` reaches it from another model)."""
    email_state = f"{prefix}outgoing_email__state"
    return Case(
        When(**{f"{prefix}outgoing_email__isnull": True}, then=F(f"{prefix}state")),
        When(**{email_state: Email.SENT}, then=Value(Recipient.SENT)),
        When(**{email_state: Email.FAILED}, then=Value(Recipient.FAILED)),
        default=Value(Recipient.QUEUED),
        output_field=CharField(),
    )


def _in_state(state: str, prefix: str = "recipients__") -> Q:
    stored = Q(**{f"{prefix}outgoing_email__isnull": True, f"{prefix}state": state})
    if state in (Recipient.SENT, Recipient.FAILED):
        return stored | Q(**{f"{prefix}outgoing_email__state": state})
    return stored


def with_counts(queryset: QuerySet[Message]) -> QuerySet[Message]:
    """Each message with ``recipient_total``, ``delivered``, ``failed``, ``skipped``,
    ``retrying`` (queued after a refused attempt) and, by difference, ``pending``."""
    retrying = Q(
        recipients__outgoing_email__state__in=[Email.QUEUED, Email.SENDING],
        recipients__outgoing_email__attempts__gt=0,
    )
    return queryset.annotate(
        recipient_total=Count("recipients"),
        delivered=Count("recipients", filter=_in_state(Recipient.SENT)),
        failed=Count("recipients", filter=_in_state(Recipient.FAILED)),
        skipped=Count("recipients", filter=_in_state(Recipient.SKIPPED)),
        retrying=Count("recipients", filter=retrying),
    ).annotate(pending=F("recipient_total") - F("delivered") - F("failed") - F("skipped"))


def sent_messages(event: Event) -> QuerySet[Message]:
    """The event's history, newest first, with the counts of ``with_counts``."""
    return with_counts(
        Message.objects.filter(event=event, state=Message.State.SENT).order_by("-sent_at", "-pk")
    )


def drafts(event: Event) -> QuerySet[Message]:
    return Message.objects.filter(event=event, state=Message.State.DRAFT).order_by(
        "-updated_at", "-pk"
    )


def message_with_counts(event: Event, pk) -> Message:
    return with_counts(Message.objects.filter(event=event)).get(pk=pk)


def recipients(message: Message) -> QuerySet[MessageRecipient]:
    """A sent message's recipients in list order, each with ``current_state`` and the
    email's attempts and last error."""
    return (
        MessageRecipient.objects.filter(message=message)
        .select_related("registration", "outgoing_email")
        .annotate(current_state=recipient_state())
        .order_by("registration__family_name", "registration__given_name", "pk")
    )


def language_counts(people) -> dict[str, int]:
    """{"en": n, "ja": m} from (pk, language) pairs."""
    counts = {"en": 0, "ja": 0}
    for _pk, language in people:
        counts[language if language in counts else "en"] += 1
    return counts
