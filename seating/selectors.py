"""Reads the plan page, the printouts, the CSV and registrations' pages share."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from conference.models import Event
from protocol.selectors import delegations
from registrations.hooks import Notice
from registrations.models import Registration
from registrations.selectors import in_protocol_order
from seating.models import Seat, SeatingPlan

Status = Registration.Status


def confirmed_for(plan: SeatingPlan) -> QuerySet:
    """Who may sit at ``plan``: confirmed participants (speakers included) holding an
    attendance option that covers its session, or its occasion; in protocol order."""
    confirmed = Registration.objects.for_event(plan.event_id).filter(
        status=Status.CONFIRMED, anonymised_at=None
    )
    through = Registration.attendance_options.through
    if plan.session_id:
        holds = through.objects.filter(
            registration=OuterRef("pk"), attendanceoption__sessions=plan.session_id
        )
    else:
        holds = through.objects.filter(
            registration=OuterRef("pk"), attendanceoption=plan.occasion_id
        )
    return in_protocol_order(confirmed.filter(Exists(holds)))


def is_confirmed_for(plan: SeatingPlan, registration: Registration) -> bool:
    return confirmed_for(plan).filter(pk=registration.pk).exists()


def sides(event: Event):
    """The host and guest delegations: the first two country delegations in display order."""
    countries = [delegation for delegation in delegations(event) if delegation.is_country]
    host = countries[0] if countries else None
    guest = countries[1] if len(countries) > 1 else None
    return host, guest


def plans(event: Event) -> QuerySet:
    return (
        SeatingPlan.objects.for_event(event)
        .select_related("session", "occasion")
        .order_by("session__starts_at", "occasion__order", "pk")
    )


def seats(plan: SeatingPlan) -> QuerySet:
    """The plan's seats in their order, each with its occupant, delegation, category."""
    return (
        Seat.objects.filter(plan=plan)
        .select_related("occupant__delegation", "occupant__precedence")
        .order_by("order")
    )


def plan_with_seats(event: Event, pk: int) -> SeatingPlan:
    return (
        SeatingPlan.objects.for_event(event)
        .select_related("session", "occasion")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related(
                    "occupant__delegation", "occupant__precedence"
                ).order_by("order"),
            )
        )
        .get(pk=pk)
    )


def published_seats_of(registration: Registration) -> list[Seat]:
    """Where the participant sits in the event's published plans (door card, manage page)."""
    return list(
        Seat.objects.filter(occupant=registration, plan__status=SeatingPlan.Status.PUBLISHED)
        .select_related("plan__session", "plan__occasion")
        .order_by("plan__session__starts_at", "plan__pk")
    )


def plans_needing_review(event: Event) -> list[SeatingPlan]:
    return list(plans(event).filter(needs_review=True))


def seat_notices(registration: Registration) -> list:
    """``registrations.hooks.participant_notices``: 'Opening keynote: Plenary table,
    seat H3' for each published plan the participant sits in."""
    return [
        Notice(
            _("%(plan)s: %(table)s, seat %(seat)s")
            % {"plan": seat.plan.title, "table": seat.table_name, "seat": seat.label}
        )
        for seat in published_seats_of(registration)
    ]


def dashboard_notices(event: Event, user) -> list:
    """``registrations.hooks.dashboard_notices``: plans a participant's leaving freed a seat in."""
    if not user.has_perm("seating.view_seatingplan"):
        return []
    return [
        Notice(
            _("Seating plan “%(plan)s” needs review: a participant left and their seat is free.")
            % {"plan": plan.title},
            reverse("seating:plan", kwargs={"event_slug": event.slug, "pk": plan.pk}),
        )
        for plan in plans_needing_review(event)
    ]
