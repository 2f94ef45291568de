"""Emails to delegates, queued with the change that causes them.

``queue()`` renders the message in the delegate's language and stores it in the
same transaction as the change; it is sent after the transaction commits. When
the mail server is down the message stays queued and ``manage.py send_queued_emails``
(the mail worker) retries it with a growing delay.

Sending follows pretix's outgoing-mail task: claim the message in a short
transaction (queued → sending), talk to the mail server with no transaction open,
record the result in another. A sender that dies mid-send leaves the message in
"sending"; the worker puts it back in the queue after EMAIL_SENDING_TIMEOUT_SECONDS.
"""

import logging
import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from conference.after_response import later
from conference.formats import date_range
from registrations.calendar import event_ics
from registrations.models import OutgoingEmail
from registrations.qr import qr_png_bytes
from registrations.tokens import make_manage_token

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


class Kind:
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    MANAGE_LINK = "manage_link"

    WITH_CALENDAR = frozenset({CONFIRMED, PROMOTED})


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def manage_path(registration) -> str:
    """The signed manage link's path, in the delegate's language."""
    with translation.override(registration.language):
        return reverse(
            "registrations:manage",
            kwargs={
                "event_slug": registration.event.slug,
                "token": make_manage_token(registration),
            },
        )


def manage_url(registration) -> str:
    return absolute_url(manage_path(registration))


def render(registration, kind: str) -> dict:
    event = registration.event
    with translation.override(registration.language), timezone.override(event.tzinfo):
        context = {
            "registration": registration,
            "event": event,
            "venue": event.venue,
            "dates": date_range(event.start_date, event.end_date),
            "manage_url": manage_url(registration),
            "event_url": absolute_url(
                reverse("conference:event", kwargs={"event_slug": event.slug})
            ),
        }
        subject = render_to_string(f"registrations/email/{kind}_subject.txt", context)
        message = {
            "kind": kind,
            "to": registration.email,
            "subject": " ".join(subject.split()),
            "body_text": render_to_string(f"registrations/email/{kind}.txt", context),
            "body_html": render_to_string(f"registrations/email/{kind}.html", context),
        }
        if kind in Kind.WITH_CALENDAR:
            message.update(
                attachment_name=f"{event.slug}.ics",
                attachment_content=event_ics(event, url=context["event_url"]).decode(),
                attachment_mimetype="text/calendar",
            )
    return message


def queue(registration, kind: str) -> OutgoingEmail | None:
    """Store the email now; send it once the surrounding transaction commits.

    Returns ``None``, storing nothing, for a participant there is nobody to write to:
    a speaker with no address on file, or a participant registration the organisers
    made for a speaker, who gets no delegate emails (no "thank you for registering"
    to a minister) except the manage link they ask for themselves.
    """
    if registration.anonymised_at is not None:
        # The services keep anonymised registrations out of every workflow; this is
        # the last guard: nothing is ever written to an anonymised address.
        raise ValueError(f"registration {registration.pk} is anonymised: no email")
    if not registration.email:
        return None
    if registration.created_for_speaker and kind != Kind.MANAGE_LINK:
        return None
    return queue_message(registration=registration, **render(registration, kind))


def rewrite(email: OutgoingEmail, registration, kind: str) -> None:
    """Render a queued email again as ``kind``, in place (not yet committed, so not yet
    sent): a sign-up's status is settled only under the event's lock, after its email
    was written (``services.register_delegate``)."""
    # A kind without a calendar entry leaves no attachment behind; one with it (a
    # waiting-list place that the lock finds a seat for) brings its own.
    fields = {"attachment_name": "", "attachment_content": "", "attachment_mimetype": ""}
    fields.update(render(registration, kind))
    OutgoingEmail.objects.filter(pk=email.pk).update(**fields)


def queue_message(
    *,
    kind: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    registration=None,
    attachment_name: str = "",
    attachment_content: str = "",
    attachment_mimetype: str = "",
) -> OutgoingEmail:
    """Queue an email already rendered, with or without a registration (apps above this
    one send speakers and organisers their own emails through the same queue, and link
    them from their side). Call it inside the transaction of the change that causes it:
    it is sent after that commits (or by the mail worker), never inside it."""
    on_commit = settings.EMAIL_DELIVERY == "on_commit"
    grace = timedelta(seconds=settings.EMAIL_WORKER_GRACE_SECONDS if on_commit else 0)
    email = OutgoingEmail.objects.create(
        registration=registration,
        kind=kind,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachment_name=attachment_name,
        attachment_content=attachment_content,
        attachment_mimetype=attachment_mimetype,
        next_attempt_at=timezone.now() + grace,
    )
    if on_commit:
        # After the answer has been sent, when a request made the change: building the
        # check-in QR code and talking to the mail server never delay it.
        transaction.on_commit(lambda: later(deliver, email_id=email.pk))
    return email


def compose(
    registration, *, kind: str, subject: str, body_text: str, body_html: str = "", now=None
) -> OutgoingEmail:
    """An unsaved email to ``registration`` written by an app above (a message to
    participants), due at once: the caller saves it (in bulk) inside its transaction
    and the mail worker sends it. Refuses an anonymised registration, as ``queue`` does.
    """
    if registration.anonymised_at is not None:
        raise ValueError(f"registration {registration.pk} is anonymised: no email")
    return OutgoingEmail(
        registration=registration,
        kind=kind,
        to=registration.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        next_attempt_at=now or timezone.now(),
    )


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.attachment_name:
        message.attach(email.attachment_name, email.attachment_content, email.attachment_mimetype)
    registration = email.registration
    if email.kind in Kind.WITH_CALENDAR and registration and not registration.anonymised_at:
        # Made at send time from the reference, so nothing more is stored per email.
        message.attach(
            f"check-in-{registration.reference}.png",
            qr_png_bytes(registration, base_url=settings.SITE_URL),
            "image/png",
        )
    return message


def _sender() -> str:
    """Names one claim: which host and process, and which attempt of theirs."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claim(email_id: int) -> tuple[OutgoingEmail, str] | None:
    """Take a queued email for this sender, or None if it is not queued (any more).

    One conditional UPDATE, committed at once: of two senders racing for the same
    email, the second finds it no longer queued. The attempt is counted here, so an
    attempt that never reports back (the process killed mid-send) still counts.
    """
    claim = _sender()
    claimed = OutgoingEmail.objects.filter(pk=email_id, state=OutgoingEmail.State.QUEUED).update(
        state=OutgoingEmail.State.SENDING,
        claimed_at=timezone.now(),
        claimed_by=claim,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    email = OutgoingEmail.objects.select_related("registration__event").get(pk=email_id)
    return email, claim


def deliver(email_id: int) -> bool | None:
    """Send one queued email: True if sent, False if it failed (and will be retried or
    has failed for good), None if it was not queued (sent already, or another sender
    has it). Never raises.

    Claim it (a short transaction), talk to the mail server with no transaction open
    (so no lock is held for the SMTP timeout), then record the result (another).
    """
    claimed = _claim(email_id)
    if claimed is None:
        return None
    email, claim = claimed
    mine = OutgoingEmail.objects.filter(
        pk=email.pk, state=OutgoingEmail.State.SENDING, claimed_by=claim
    )
    try:
        _message(email).send()
    except Exception as error:
        # No address or name in the log: the id is enough to find it.
        logger.warning(
            "email %s (%s) failed, attempt %s: %s",
            email.pk,
            email.kind,
            email.attempts,
            type(error).__name__,
        )
        outcome = {
            "state": OutgoingEmail.State.QUEUED,
            "last_error": f"{type(error).__name__}: {error}"[:500],
            "claimed_at": None,
            "claimed_by": "",
        }
        if email.attempts >= MAX_ATTEMPTS:
            outcome["state"] = OutgoingEmail.State.FAILED
        else:
            delay = min(60 * 2 ** (email.attempts - 1), 3600)
            outcome["next_attempt_at"] = timezone.now() + timedelta(seconds=delay)
        mine.update(**outcome)
        return False
    recorded = mine.update(state=OutgoingEmail.State.SENT, sent_at=timezone.now(), last_error="")
    if not recorded:
        # Sending took so long that recover_stuck() put it back in the queue. It has
        # gone out: keep it from going out again, unless another sender already has it.
        logger.warning("email %s was sent after its claim had been taken back", email.pk)
        OutgoingEmail.objects.filter(pk=email.pk, state=OutgoingEmail.State.QUEUED).update(
            state=OutgoingEmail.State.SENT, sent_at=timezone.now(), last_error=""
        )
    return True


def recover_stuck(*, now=None) -> int:
    """Put back in the queue emails whose sender died mid-send; returns how many.

    A claim older than EMAIL_SENDING_TIMEOUT_SECONDS (far longer than any SMTP
    conversation) belongs to a process that was killed or lost its database
    connection. Its attempt was counted when it was claimed; one that has used up
    its attempts fails for good. The email may have left before the sender died,
    so the delegate may receive it twice: better than never.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.EMAIL_SENDING_TIMEOUT_SECONDS)
    stuck = OutgoingEmail.objects.filter(state=OutgoingEmail.State.SENDING, claimed_at__lt=cutoff)
    released = {"claimed_at": None, "claimed_by": "", "last_error": "Sending did not finish."}
    failed = stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=OutgoingEmail.State.FAILED, **released
    )
    requeued = stuck.update(state=OutgoingEmail.State.QUEUED, next_attempt_at=now, **released)
    if failed or requeued:
        logger.warning(
            "%d email(s) stuck in sending put back in the queue, %d failed for good",
            requeued,
            failed,
        )
    return requeued + failed


def send_due(*, limit: int = 100) -> tuple[int, int]:
    """The mail worker's round: recover stuck emails, then send those whose time has
    come. Returns (sent, failed); an email another sender took first counts as neither.
    """
    recover_stuck()
    due = OutgoingEmail.objects.filter(
        state=OutgoingEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    sent = failed = 0
    for email_id in list(due.values_list("pk", flat=True)[:limit]):
        outcome = deliver(email_id)
        if outcome is True:
            sent += 1
        elif outcome is False:
            failed += 1
    return sent, failed
