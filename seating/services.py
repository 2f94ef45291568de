"""Changes to seating plans: each in one transaction, the plan's row locked first.

Concurrency: an **optimistic version check**. Every form of the plan page carries
the plan's ``version`` as it was drawn; each service locks the plan's row
(``select_for_update``, bounded by the database's lock timeout), compares the
version, refuses a stale one (``PlanChanged``) and raises it with the change. Two
organisers editing the same plan therefore never overwrite each other unnoticed:
the second one is told, and sees the first one's change on reloading.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from conference.models import Event, Session
from registrations.models import AttendanceOption, Registration
from seating import layouts, rules, selectors
from seating.exceptions import PlanChanged, SeatConflict
from seating.models import Seat, SeatingPlan


def create_plan(
    *,
    event: Event,
    layout: str,
    options: dict,
    session: Session | None = None,
    occasion: AttendanceOption | None = None,
    name_en: str = "",
    name_ja: str = "",
) -> SeatingPlan:
    """A draft plan for ``session`` or ``occasion``, its seats made from the layout."""
    options = layouts.clean_options(layout, options)
    drawing = layouts.draw(layout, options)
    with transaction.atomic():
        plan = SeatingPlan(
            event=event,
            session=session,
            occasion=occasion,
            name_en=name_en,
            name_ja=name_ja,
            layout=layout,
            layout_options=options,
        )
        plan.full_clean()
        plan.save()
        Seat.objects.bulk_create(
            Seat(
                plan=plan,
                label=spec.label,
                table=spec.table,
                kind=spec.kind,
                side=spec.side,
                rank=spec.rank,
                order=order,
                x=spec.x,
                y=spec.y,
            )
            for order, spec in enumerate(drawing.seats, start=1)
        )
    return plan


def _locked_plan(plan: SeatingPlan, version: int | None) -> SeatingPlan:
    locked = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
    if version is not None and locked.version != version:
        raise PlanChanged(
            _(
                "Someone else changed this plan while you had it open; nothing was changed. "
                "Here it is as it stands now: check it, then try again."
            )
        )
    return locked


def _saved(plan: SeatingPlan, *fields: str) -> SeatingPlan:
    plan.version += 1
    plan.save(update_fields=["version", "updated_at", *fields])
    return plan


def _seat(plan: SeatingPlan, label: str) -> Seat:
    seat = Seat.objects.select_for_update().filter(plan=plan, label=label).first()
    if seat is None:
        raise SeatConflict(_("This plan has no seat %(seat)s.") % {"seat": label})
    return seat


@dataclass
class Assignment:
    placed: int
    left_out: list[tuple[Registration, str]]
    single_delegation_tables: list[str]


def assign_automatically(*, plan: SeatingPlan, version: int | None) -> Assignment:
    """Place everyone confirmed for the plan by the protocol rules (``seating.rules``).

    Pinned seats keep their occupants; every other participant's seat is decided
    afresh; seats of those no longer confirmed are emptied.
    """
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        seats = list(Seat.objects.select_for_update().filter(plan=plan).order_by("order"))
        people = list(selectors.confirmed_for(plan))
        host, guest = selectors.sides(plan.event)
        drawing = layouts.draw(plan.layout, plan.layout_options)
        confirmed = {person.pk for person in people}
        for seat in seats:
            if seat.pinned and seat.occupant_id not in confirmed:
                seat.pinned = False  # gone since it was pinned: the seat is free again
        result = rules.assign(
            seats=seats,
            people=people,
            host_delegation_id=host.pk if host else None,
            guest_delegation_id=guest.pk if guest else None,
            strict_sides=drawing.strict_sides,
            mixed_tables=plan.layout == SeatingPlan.Layout.ROUND,
        )
        for seat in seats:
            if seat.pinned:
                continue
            placement = result.placements.get(seat.label)
            seat.occupant = placement.person if placement else None
            seat.rule = placement.rule if placement else ""
        # Empty first, then fill: the one-seat-per-person constraint holds at each step.
        Seat.objects.filter(pk__in=[seat.pk for seat in seats if not seat.pinned]).update(
            occupant=None, rule="", pinned=False
        )
        Seat.objects.bulk_update(seats, ["occupant", "rule", "pinned"])
        _saved(plan)
    return Assignment(
        placed=sum(1 for seat in seats if seat.occupant_id),
        left_out=result.left_out,
        single_delegation_tables=result.single_delegation_tables,
    )


def place(
    *, plan: SeatingPlan, version: int | None, label: str, registration: Registration
) -> Seat:
    """Seat ``registration`` at ``label``, moving them from their seat in this plan if
    they have one (a pin moves with them). A taken seat is refused: empty it, or swap."""
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        seat = _seat(plan, label)
        if seat.occupant_id == registration.pk:
            raise SeatConflict(
                _("%(name)s already sits at %(seat)s.")
                % {"name": registration.display_name, "seat": label}
            )
        if seat.occupant_id is not None:
            raise SeatConflict(
                _(
                    "Seat %(seat)s is taken by %(name)s: a seat holds one person. Empty it "
                    "first, or swap the two seats."
                )
                % {"seat": label, "name": seat.occupant.display_name}
            )
        if registration.event_id != plan.event_id or not selectors.is_confirmed_for(
            plan, registration
        ):
            raise SeatConflict(
                _("%(name)s is not confirmed for %(plan)s, so cannot be seated there.")
                % {"name": registration.display_name, "plan": plan.title}
            )
        previous = Seat.objects.select_for_update().filter(plan=plan, occupant=registration).first()
        pinned = False
        if previous is not None:
            pinned = previous.pinned
            previous.occupant, previous.pinned, previous.rule = None, False, ""
            previous.save(update_fields=["occupant", "pinned", "rule"])
        seat.occupant, seat.pinned, seat.rule = registration, pinned, Seat.Rule.HAND
        seat.full_clean()
        seat.save(update_fields=["occupant", "pinned", "rule"])
        _saved(plan)
    return seat


def swap(*, plan: SeatingPlan, version: int | None, label: str, other_label: str) -> None:
    """Exchange the occupants of two seats (either may be empty); pins go with the people."""
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        if label == other_label:
            raise SeatConflict(_("Choose another seat to swap with."))
        first, second = sorted(
            (_seat(plan, label), _seat(plan, other_label)), key=lambda seat: seat.order
        )
        moving = [
            (first, second.occupant_id, second.pinned),
            (second, first.occupant_id, first.pinned),
        ]
        Seat.objects.filter(pk__in=[first.pk, second.pk]).update(
            occupant=None, pinned=False, rule=""
        )
        for seat, occupant_id, pinned in moving:
            seat.occupant_id, seat.pinned = occupant_id, pinned
            seat.rule = Seat.Rule.HAND if occupant_id else ""
            seat.save(update_fields=["occupant", "pinned", "rule"])
        _saved(plan)


def set_pinned(*, plan: SeatingPlan, version: int | None, label: str, pinned: bool) -> Seat:
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        seat = _seat(plan, label)
        if pinned and seat.occupant_id is None:
            raise SeatConflict(
                _("Seat %(seat)s is empty: there is nobody to pin.") % {"seat": label}
            )
        seat.pinned = pinned
        seat.save(update_fields=["pinned"])
        _saved(plan)
    return seat


def empty_seat(*, plan: SeatingPlan, version: int | None, label: str) -> Seat:
    """Leave the seat empty; assigning again may fill it (pin someone else to keep it so)."""
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        seat = _seat(plan, label)
        if seat.occupant_id is None:
            raise SeatConflict(_("Seat %(seat)s is already empty.") % {"seat": label})
        seat.occupant, seat.pinned, seat.rule = None, False, ""
        seat.save(update_fields=["occupant", "pinned", "rule"])
        _saved(plan)
    return seat


def set_published(*, plan: SeatingPlan, version: int | None, published: bool) -> SeatingPlan:
    """Publishing shows each participant's table and seat on the door card and their
    manage page; a draft is for staff only."""
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        plan.status = SeatingPlan.Status.PUBLISHED if published else SeatingPlan.Status.DRAFT
        return _saved(plan, "status")


def mark_reviewed(*, plan: SeatingPlan, version: int | None) -> SeatingPlan:
    with transaction.atomic():
        plan = _locked_plan(plan, version)
        plan.needs_review, plan.review_note = False, ""
        return _saved(plan, "needs_review", "review_note")


def release_seats(registration: Registration) -> None:
    """``registrations.hooks.on_participation_change``: free the seats of a participant
    who is no longer confirmed for a plan (cancelled, declined, waiting list,
    anonymised, an attendance option given up) and flag each plan for review.

    Runs inside the registration's transaction; nobody else is moved, pinned or not.
    """
    held = list(
        Seat.objects.filter(occupant=registration).values_list("plan_id", flat=True).distinct()
    )
    if not held:
        return
    for plan in SeatingPlan.objects.select_for_update().filter(pk__in=held).order_by("pk"):
        if selectors.is_confirmed_for(plan, registration):
            continue
        seat = Seat.objects.select_for_update().get(plan=plan, occupant=registration)
        # Language-neutral (whoever cancels, in whatever language): the page says what it is.
        note = f"{seat.label} · {seat.table} · {registration.reference}"
        seat.occupant, seat.pinned, seat.rule = None, False, ""
        seat.save(update_fields=["occupant", "pinned", "rule"])
        plan.needs_review = True
        plan.review_note = f"{plan.review_note}\n{note}".strip()
        _saved(plan, "needs_review", "review_note")
