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
