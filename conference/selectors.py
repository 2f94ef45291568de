"""Reads that the public pages, feeds and sitemap share.

Every function returns its rows with the joins and prefetches already applied,
so a page runs the same few queries however large the event is.
"""

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404

from conference.models import Event, EventStaffMembership, Session, SessionRole, Theme
from speakers.models import Speaker


def can_preview(user) -> bool:
    """Organisers and event staff may see unpublished events, sessions and speakers —
    each event's only where they work on it (``event_for_visitor``)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("conference.view_event")
    )


def published_events() -> QuerySet[Event]:
    return Event.objects.published().select_related("venue").order_by("-start_date", "-pk")


def current_event() -> Event | None:
    """The latest published edition by start date: the one `/` leads to."""
    return published_events().first()


def get_public_event(slug: str, *, preview: bool = False) -> Event:
    events = Event.objects.select_related("venue")
    if not preview:
        events = events.published()
    try:
        return events.get(slug=slug)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def event_for_visitor(slug: str, user) -> tuple[Event, bool]:
    """The event a public page shows, and whether the page shows its unpublished parts.

    Staff preview the events they work on (Organisers: all); to anyone else, staff of
    other events included, an unpublished event does not exist and a published one
    shows only what is public.
    """
    may_preview = can_preview(user)
    event = get_public_event(slug, preview=may_preview)
    preview = may_preview and can_work_on(user, event)
    if not (event.is_published or preview):
        raise Http404("No such event.")
    return event, preview


def event_themes(event: Event) -> QuerySet[Theme]:
    return Theme.objects.filter(event=event).order_by("order", "pk")


def public_roles(*, preview: bool = False) -> QuerySet[SessionRole]:
    """Appearances that may be shown by name, with their speakers.

    An unconfirmed appearance, or one by an unpublished speaker, is left out
    and the session shows "to be confirmed" instead (see ``has_unnamed``).
    """
    roles = SessionRole.objects.select_related("speaker").order_by("order", "pk")
    if not preview:
        roles = roles.filter(is_confirmed=True, speaker__is_published=True)
    return roles


def _hidden_roles_exist(preview: bool):
    hidden = SessionRole.objects.filter(session=OuterRef("pk"))
    if preview:
        return Exists(hidden.none())
    return Exists(hidden.exclude(is_confirmed=True, speaker__is_published=True))


def session_roles(*, preview: bool = False) -> Prefetch:
    """A session's appearances shown by name, as ``session.public_roles``."""
    return Prefetch("roles", queryset=public_roles(preview=preview), to_attr="public_roles")


def agenda_sessions(
    event: Event, *, theme: Theme | None = None, preview: bool = False, with_roles: bool = True
) -> QuerySet[Session]:
    """The event's sessions in agenda order, each with ``public_roles`` prefetched
    (unless ``with_roles`` is False: the agenda prefetches them only for the sessions
    it renders again, ``prefetch_related_objects(sessions, session_roles())``) and
    ``has_unnamed`` set when some appearance is not shown by name."""
    sessions = (
        Session.objects.for_event(event)
        .select_related("theme")
        .annotate(has_unnamed=_hidden_roles_exist(preview))
        .order_by("starts_at", "order", "pk")
    )
    if with_roles:
        sessions = sessions.prefetch_related(session_roles(preview=preview))
    if not preview:
        sessions = sessions.public()
    if theme is not None:
        sessions = sessions.filter(theme=theme)
    return sessions


def main_room(sessions) -> str:
    """The room most of ``sessions`` are in (the earliest on a tie), or "": the agenda
    says it once and names a session's room only where it is another."""
    counts: dict[str, int] = {}
    for session in sessions:
        if session.room:
            counts[session.room] = counts.get(session.room, 0) + 1
    return max(counts, key=counts.__getitem__, default="")


def get_public_session(event: Event, slug: str, *, preview: bool = False) -> Session:
    try:
        return agenda_sessions(event, preview=preview).get(slug=slug)
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


def _appearing_in(event: Event, preview: bool):
    roles = SessionRole.objects.filter(speaker=OuterRef("pk"), session__event=event)
    if not preview:
        roles = roles.filter(is_confirmed=True, session__is_public=True)
    return Exists(roles)


def event_speakers(event: Event, *, preview: bool = False) -> QuerySet[Speaker]:
    """Speakers confirmed in at least one public session of the event, A to Z."""
    speakers = Speaker.objects.filter(_appearing_in(event, preview))
    if not preview:
        speakers = speakers.published()
    return speakers.order_by("family_name", "given_name", "pk")


def featured_speakers(event: Event, *, limit: int = 6) -> QuerySet[Speaker]:
    """Speakers for the event's home page: those with a photo first, then A to Z."""
    no_photo = ExpressionWrapper(Q(photo=""), output_field=BooleanField())
    return (
        event_speakers(event)
        .annotate(no_photo=no_photo)
        .order_by("no_photo", "family_name", "given_name", "pk")[:limit]
    )


def get_public_speaker(slug: str, *, preview: bool = False) -> Speaker:
    speakers = Speaker.objects.all() if preview else Speaker.objects.published()
    try:
        return speakers.get(slug=slug)
    except Speaker.DoesNotExist:
        raise Http404("No such speaker.") from None


def can_preview_speaker(user, speaker: Speaker) -> bool:
    """Staff preview an unpublished speaker who appears in an event they work on;
    Organisers any speaker."""
    if not can_preview(user):
        return False
    return works_on_every_event(user) or (
        SessionRole.objects.filter(speaker=speaker, session__event__in=staff_events(user)).exists()
    )


def speaker_appearances(speaker: Speaker, *, preview_for=None) -> QuerySet[SessionRole]:
    """Every appearance of a speaker across editions, newest edition first.

    With ``preview_for`` (a staff account), the unconfirmed and unpublished appearances
    of the events that account works on are shown too; of other events only the public.
    """
    roles = SessionRole.objects.filter(speaker=speaker).select_related(
        "session", "session__event", "session__theme"
    )
    public = Q(is_confirmed=True, session__is_public=True, session__event__is_published=True)
    if preview_for is None or not can_preview(preview_for):
        roles = roles.filter(public)
    elif not works_on_every_event(preview_for):
        roles = roles.filter(public | Q(session__event__in=staff_events(preview_for)))
    return roles.order_by("-session__event__start_date", "session__starts_at", "order")


# --- who works on which event -----------------------------------------------------------


def works_on_every_event(user) -> bool:
    """Organisers (and superusers) work on every event; other staff only where assigned."""
    return bool(user.is_authenticated and user.has_perm("conference.work_on_all_events"))


def staff_events(user) -> QuerySet[Event]:
    """The events a signed-in account may work on (staff pages, door, lists, admin)."""
    if not (user.is_authenticated and user.is_active):
        return Event.objects.none()
    if works_on_every_event(user):
        return Event.objects.all()
    return Event.objects.filter(staff_memberships__user=user)


def can_work_on(user, event: Event) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return works_on_every_event(user) or (
        EventStaffMembership.objects.filter(user=user, event=event).exists()
    )
