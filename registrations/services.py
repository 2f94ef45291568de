"""Operations that change registrations. Each runs in one transaction and
locks the rows whose counts it checks, right before it checks them."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.models import Event
from registrations.exceptions import EventFull, InvalidTransition
from registrations.models import Registration, RegistrationStatusChange

Status = Registration.Status

ALLOWED_TRANSITIONS = {
    Status.PENDING: {Status.CONFIRMED, Status.WAITLISTED, Status.DECLINED, Status.CANCELLED},
    Status.WAITLISTED: {Status.CONFIRMED, Status.PENDING, Status.DECLINED, Status.CANCELLED},
    Status.CONFIRMED: {Status.WAITLISTED, Status.DECLINED, Status.CANCELLED},
    # Declined and cancelled are final: a delegate who comes back registers anew.
    Status.DECLINED: set(),
    Status.CANCELLED: set(),
}


def confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def record_status_change(*, registration, from_status, by=None, note=""):
    return RegistrationStatusChange.objects.create(
        registration=registration,
        from_status=from_status or "",
        to_status=registration.status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )


def change_status(
    *, registration: Registration, to_status: str, by=None, note: str = ""
) -> Registration:
    """Move a registration to another status, refusing what would overbook the event."""
    with transaction.atomic():
        # Lock the event first: every path that takes a seat locks it in this order.
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        from_status = registration.status
        if to_status == from_status:
            raise InvalidTransition(
                _("%(reference)s is already %(status)s.")
                % {"reference": registration.reference, "status": registration.get_status_display()}
            )
        if to_status not in ALLOWED_TRANSITIONS[from_status]:
            raise InvalidTransition(
                _("%(reference)s cannot go from %(from)s to %(to)s.")
                % {
                    "reference": registration.reference,
                    "from": registration.get_status_display(),
                    "to": Status(to_status).label,
                }
            )
        if registration.checked_in_at is not None:
            raise InvalidTransition(
                _("%(reference)s has already been checked in; undo the check-in first.")
                % {"reference": registration.reference}
            )
        if to_status == Status.CONFIRMED and confirmed_count(event) >= event.capacity:
            raise EventFull(
                _("%(event)s is full (%(capacity)s seats); %(reference)s was not confirmed.")
                % {
                    "event": event.name,
                    "capacity": event.capacity,
                    "reference": registration.reference,
                }
            )
        registration.status = to_status
        registration.full_clean()
        registration.save(update_fields=["status", "updated_at"])
        record_status_change(registration=registration, from_status=from_status, by=by, note=note)
    return registration
