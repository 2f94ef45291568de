"""The public pages the browser, accessibility and validity checks walk through."""

from django.urls import reverse
from django.utils import translation

from conference.models import Session
from speakers.models import Speaker

LANGUAGES = ["en", "ja"]


def public_pages(event, language, *, every_session_and_speaker=False):
    """{name: path} of the public pages of ``event`` in ``language``.

    One session (with speakers) and one speaker stand for their kind, unless
    ``every_session_and_speaker``: the HTML checker is cheap enough to read them all.
    """
    sessions = Session.objects.filter(event=event, is_public=True).order_by("starts_at", "pk")
    speakers = (
        Speaker.objects.filter(is_published=True, roles__session__event=event)
        .distinct()
        .order_by("slug")
    )
    if not every_session_and_speaker:
        sessions = sessions.filter(roles__is_confirmed=True).distinct()[:1]
        speakers = speakers[:1]
    slug = {"event_slug": event.slug}
    with translation.override(language):
        pages = {
            "event": reverse("conference:event", kwargs=slug),
            "agenda": reverse("conference:agenda", kwargs=slug),
            "speakers": reverse("conference:speakers", kwargs=slug),
            "speakers-by-precedence": reverse("conference:speakers", kwargs=slug)
            + "?order=precedence",
            "venue": reverse("conference:venue", kwargs=slug),
            "events": reverse("conference:event_list"),
            "privacy": reverse("registrations:privacy"),
            "register": reverse("registrations:register", kwargs=slug),
        }
        for session in sessions:
            pages[f"session-{session.slug}"] = reverse(
                "conference:session", kwargs={**slug, "session_slug": session.slug}
            )
        for speaker in speakers:
            pages[f"speaker-{speaker.slug}"] = reverse(
                "conference:speaker", kwargs={"speaker_slug": speaker.slug}
            )
    return pages


def staff_pages(event, language):
    """{name: path} of the staff pages of ``event`` in ``language`` (an organiser sees
    them all): the dashboard and lists, the door, badges, protocol, interpretation,
    the VIP arrivals and the messages to participants, with a sent message's page."""
    from messaging.models import Message
    from registrations.models import Registration
    from seating.models import SeatingPlan

    slug = {"event_slug": event.slug}
    delegate = Registration.objects.filter(event=event, status="confirmed").order_by("pk").first()
    message = Message.objects.filter(event=event).order_by("pk").first()
    with translation.override(language):
        pages = {
            "staff-index": reverse("staff:index"),
            "staff-dashboard": reverse("staff:dashboard", kwargs=slug),
            "staff-attendees": reverse("staff:attendees", kwargs=slug),
            "staff-check-in": reverse("staff:check_in", kwargs=slug) + "?q=Otsuka",
            "staff-check-in-card": reverse(
                "staff:check_in_card", kwargs={**slug, "reference": delegate.reference}
            ),
            "staff-catering": reverse("staff:catering", kwargs=slug),
            "staff-badges": reverse("staff:badges", kwargs=slug),
            "staff-protocol": reverse("staff:protocol", kwargs=slug),
            "staff-balance": reverse("staff:balance", kwargs=slug),
            "staff-participants": reverse("staff:participants", kwargs=slug),
            "staff-interpretation": reverse("staff:interpretation", kwargs=slug),
            "staff-arrivals": reverse("vip:arrivals", kwargs=slug),
            "staff-messages": reverse("messaging:list", kwargs=slug),
            "staff-compose": reverse("messaging:compose", kwargs=slug),
        }
        if message is not None:
            pages["staff-message"] = reverse("messaging:detail", kwargs={**slug, "pk": message.pk})
        pages["staff-seating"] = reverse("seating:plans", kwargs=slug)
        for plan in SeatingPlan.objects.filter(event=event).order_by("pk"):
            seat = plan.seats.filter(occupant__isnull=False).order_by("pk").first()
            path = reverse("seating:plan", kwargs={**slug, "pk": plan.pk})
            # With a seat chosen: its actions open under the drawing.
            pages[f"staff-seating-{plan.layout}"] = f"{path}?seat={seat.label}" if seat else path
    return pages


def delegate_pages(event, language):
    """{name: path} of a confirmed delegate's own pages (their link's token in it)."""
    from registrations.models import Registration
    from registrations.tokens import make_manage_token

    registration = (
        Registration.objects.filter(event=event, status="confirmed").order_by("pk").first()
    )
    token = {"event_slug": event.slug, "token": make_manage_token(registration)}
    with translation.override(language):
        return {
            "manage": reverse("registrations:manage", kwargs=token),
            "participant-list": reverse("registrations:participants", kwargs=token),
            "cancel": reverse("registrations:cancel", kwargs=token),
            "resend-link": reverse("registrations:resend_link", kwargs={"event_slug": event.slug}),
        }
