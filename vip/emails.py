"""Emails to speakers (invitation, reminder) and to the organisers (answers, changes).

Rendered here, in the speaker's chosen language (the organisers' in the site's
default language), and queued in the delegates' outgoing-email queue
(``registrations.emails.queue_message``) inside the transaction of the change that
causes them: sent after it commits, or by the mail worker, never inside it. Each is
linked to its invitation by an ``InvitationEmail`` row, on this side.

Emails to the organisers never carry travel details or the restricted note: they
say what happened and link to the admin, where the permissions apply.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from conference.formats import date_range, person_name
from registrations.emails import absolute_url, queue_message
from registrations.models import OutgoingEmail
from vip import selectors
from vip.models import InvitationEmail, SpeakerInvitation, SpeakerLogistics
from vip.tokens import make_token

Kind = InvitationEmail.Kind


def speaker_path(invitation: SpeakerInvitation, language: str | None = None) -> str:
    """The signed link's path, in the invitation's language (or ``language``)."""
    with translation.override(language or invitation.language):
        return reverse(
            "vip:speaker",
            kwargs={"event_slug": invitation.event.slug, "token": make_token(invitation)},
        )


def speaker_url(invitation: SpeakerInvitation) -> str:
    return absolute_url(speaker_path(invitation))


def field_labels(names) -> list[str]:
    """The travel fields' labels, in the active language."""
    return [str(SpeakerLogistics._meta.get_field(name).verbose_name) for name in names]


def _render(template: str, context: dict) -> dict:
    subject = render_to_string(f"vip/email/{template}_subject.txt", context)
    return {
        "subject": " ".join(subject.split()),
        "body_text": render_to_string(f"vip/email/{template}.txt", context),
        "body_html": render_to_string(f"vip/email/{template}.html", context),
    }


def _queue(invitation: SpeakerInvitation, kind: str, to: str, message: dict) -> OutgoingEmail:
    email = queue_message(kind=kind, to=to, **message)
    InvitationEmail.objects.create(invitation=invitation, email=email)
    return email


def queue_to_speaker(invitation: SpeakerInvitation, kind: str) -> OutgoingEmail:
    """The invitation or a reminder, with the signed link, in the speaker's language."""
    event, speaker = invitation.event, invitation.speaker
    language = invitation.language
    with translation.override(language), timezone.override(event.tzinfo):
        context = {
            "invitation": invitation,
            "event": event,
            "venue": event.venue,
            "speaker": speaker,
            "name": person_name(speaker, language),
            "dates": date_range(event.start_date, event.end_date, language),
            "appearances": [
                appearance
                for appearance in selectors.invited_appearances(invitation)
                if kind == Kind.INVITATION or appearance.answer == appearance.Answer.PENDING
            ],
            "link": speaker_url(invitation),
            "answer_by": timezone.localtime(invitation.expires_at, event.tzinfo),
            "language": language,
        }
        message = _render(kind, context)
    return _queue(invitation, kind, speaker.email, message)


def queue_to_organisers(
    invitation: SpeakerInvitation, kind: str, **context
) -> OutgoingEmail | None:
    """A note to the event's contact address; none when the event has no contact."""
    event = invitation.event
    if not event.contact_email:
        return None
    language = settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(event.tzinfo):
        if "fields" in context:
            context["fields"] = field_labels(context["fields"])
        context.update(
            language=language,
            invitation=invitation,
            event=event,
            speaker=invitation.speaker,
            name=person_name(invitation.speaker, language),
            admin_url=absolute_url(
                reverse("admin:vip_speakerinvitation_change", args=[invitation.pk])
            ),
        )
        message = _render(kind, context)
    return _queue(invitation, kind, event.contact_email, message)
