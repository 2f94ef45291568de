"""Emails to delegates, queued with the change that causes them.

``queue()`` renders the message in the delegate's language and stores it in the
same transaction as the change; it is sent after the transaction commits. When
the mail server is down the message stays queued and ``manage.py send_queued_emails``
(the mail worker) retries it with a growing delay.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

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


def queue(registration, kind: str) -> OutgoingEmail:
    """Store the email now; send it once the surrounding transaction commits."""
    on_commit = settings.EMAIL_DELIVERY == "on_commit"
    grace = timedelta(seconds=settings.EMAIL_WORKER_GRACE_SECONDS if on_commit else 0)
    email = OutgoingEmail.objects.create(
        registration=registration,
        next_attempt_at=timezone.now() + grace,
        **render(registration, kind),
    )
    if on_commit:
        transaction.on_commit(lambda: deliver(email.pk))
    return email


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


def deliver(email_id: int) -> bool:
    """Send one queued email. Never raises: a failure is recorded for a retry."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("registration__event")
            .filter(pk=email_id, state=OutgoingEmail.State.QUEUED)
            .first()
        )
        if email is None:  # already sent, or another worker has it
            return False
        email.attempts += 1
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
            email.last_error = f"{type(error).__name__}: {error}"[:500]
            if email.attempts >= MAX_ATTEMPTS:
                email.state = OutgoingEmail.State.FAILED
            else:
                delay = min(60 * 2 ** (email.attempts - 1), 3600)
                email.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            email.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            return False
        email.state = OutgoingEmail.State.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "state", "sent_at"])
    return True


def send_due(*, limit: int = 100) -> tuple[int, int]:
    """Send queued emails whose time has come. Returns (sent, failed)."""
    due = OutgoingEmail.objects.filter(
        state=OutgoingEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    sent = failed = 0
    for email_id in list(due.values_list("pk", flat=True)[:limit]):
        if deliver(email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
