"""Reads that the speaker's page, the admin, the arrivals sheet and the reminders share.

Each returns its rows with the joins already decided, so a page costs the same few
queries however many speakers an event has.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Event, SessionRole
from vip.models import InvitedAppearance, SpeakerInvitation, SpeakerLogistics

Answer = InvitedAppearance.Answer


def invitation_for_link(invitation_id: int) -> SpeakerInvitation | None:
    return (
        SpeakerInvitation.objects.select_related("event", "event__venue", "speaker")
        .filter(pk=invitation_id)
        .first()
    )


def with_answer_counts(queryset: QuerySet) -> QuerySet:
    """Invitations with ``pending_total``, ``accepted_total`` and ``declined_total``."""
    return queryset.annotate(
        pending_total=Count("appearances", filter=Q(appearances__answer=Answer.PENDING)),
        accepted_total=Count("appearances", filter=Q(appearances__answer=Answer.ACCEPTED)),
        declined_total=Count("appearances", filter=Q(appearances__answer=Answer.DECLINED)),
    )


def invitation_state(invitation: SpeakerInvitation, *, now=None) -> str:
    """The invitation's state; reads the annotated counts when present."""
    if hasattr(invitation, "pending_total"):
        counts = (invitation.pending_total, invitation.accepted_total, invitation.declined_total)
    else:
        answers = list(invitation.appearances.values_list("answer", flat=True))
        counts = tuple(answers.count(answer) for answer in Answer.values)
    pending, accepted, declined = counts
    return invitation.state(pending=pending, accepted=accepted, declined=declined, now=now)


def invited_appearances(invitation: SpeakerInvitation) -> list[InvitedAppearance]:
    """The speaker's invited appearances in the event, in agenda order, with their sessions.

    An appearance later given to someone else in the admin is not theirs to answer.
    """
    return list(
        InvitedAppearance.objects.filter(
            invitation=invitation,
            role__speaker_id=invitation.speaker_id,
            role__session__event_id=invitation.event_id,
        )
        .select_related("role", "role__session", "role__session__theme")
        .order_by("role__session__starts_at", "role__session__order", "pk")
    )


@dataclass
class LinkProblem:
    message: str
    status: int


def link_problem(
    invitation: SpeakerInvitation, version: int, *, appearances, now=None
) -> LinkProblem | None:
    """Why the speaker's link no longer opens their page, or None when it does.

    Once at least one appearance is accepted, the page stays open (for travel
    details) until the event ends, even after the date to answer has passed.
    """
    now = now or timezone.now()
    contact = invitation.event.contact_email
    ask = (
        _("Please write to the organisers at %(email)s.") % {"email": contact}
        if contact
        else _("Please write to the organisers.")
    )
    if version != invitation.token_version or invitation.revoked_at is not None:
        if invitation.revoked_at is not None:
            return LinkProblem(_("The organisers have withdrawn this invitation.") + " " + ask, 410)
        return LinkProblem(
            _(
                "A newer link has been sent for this invitation, and this one no longer "
                "works. Please use the link in our most recent email."
            ),
            410,
        )
    if now >= invitation.event.ends_at:
        return LinkProblem(_("This event is over, and this link no longer works."), 410)
    accepted = any(appearance.answer == Answer.ACCEPTED for appearance in appearances)
    if now >= invitation.expires_at and not accepted:
        return LinkProblem(
            _("The time to answer this invitation online has passed.") + " " + ask, 410
        )
    return None


# --- the arrivals sheet ------------------------------------------------------------------


def confirmed_in_event(event: Event):
    """True where the row's speaker has a confirmed appearance in ``event``."""
    return Exists(
        SessionRole.objects.filter(
            speaker=OuterRef("speaker_id"), session__event=event, is_confirmed=True
        )
    )


def event_logistics(event: Event) -> QuerySet[SpeakerLogistics]:
    """Every speaker's travel details for the event, with the speaker, in one query."""
    return (
        SpeakerLogistics.objects.filter(event=event)
        .select_related("speaker")
        .annotate(is_confirmed=confirmed_in_event(event))
        .order_by("arrival_date", "arrival_time", "speaker__family_name", "pk")
    )


@dataclass
class Day:
    day: date
    rows: list = field(default_factory=list)


@dataclass
class ArrivalsSheet:
    arrivals: list[Day]
    departures: list[Day]
    undated: list[SpeakerLogistics]
    count: int


def _by_day(rows, date_field: str, time_field: str) -> list[Day]:
    def key(row):
        moment = getattr(row, time_field)
        # Times not known yet come last in their day.
        return (getattr(row, date_field), moment is None, moment, row.speaker.family_name, row.pk)

    days: dict[date, Day] = {}
    for row in sorted(rows, key=key):
        days.setdefault(getattr(row, date_field), Day(getattr(row, date_field))).rows.append(row)
    return list(days.values())


def arrivals_sheet(event: Event) -> ArrivalsSheet:
    """Arrivals and departures per day, in time order: one query, whatever the size."""
    rows = list(event_logistics(event))
    return ArrivalsSheet(
        arrivals=_by_day([r for r in rows if r.arrival_date], "arrival_date", "arrival_time"),
        departures=_by_day(
            [r for r in rows if r.departure_date], "departure_date", "departure_time"
        ),
        undated=[r for r in rows if not r.arrival_date],
        count=len(rows),
    )


# --- reminders ---------------------------------------------------------------------------


def due_for_reminder(*, every_days: int, now: datetime) -> QuerySet[SpeakerInvitation]:
    """Invitations still open with an unanswered appearance, last written to (sent or
    reminded) at least ``every_days`` days ago."""
    last_contact_before = now - timedelta(days=every_days)
    pending = InvitedAppearance.objects.filter(invitation=OuterRef("pk"), answer=Answer.PENDING)
    return (
        SpeakerInvitation.objects.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            sent_at__lte=last_contact_before,
        )
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=last_contact_before))
        .filter(Exists(pending))
        .exclude(speaker__email="")
    )
