import pytest

from registrations import services
from registrations.exceptions import EventFull, InvalidTransition
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_change_status_confirms_while_seats_remain_and_records_it(event):
    organiser = UserFactory()
    registration = RegistrationFactory(event=event, status="pending")
    services.change_status(registration=registration, to_status="confirmed", by=organiser)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    change = registration.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "pending",
        "confirmed",
        organiser,
    )


def test_change_status_refuses_to_confirm_beyond_capacity(event):
    event.capacity = 2
    event.save()
    RegistrationFactory.create_batch(2, event=event, status="confirmed")
    waiting = RegistrationFactory(event=event, status="waitlisted")
    with pytest.raises(EventFull) as excinfo:
        services.change_status(registration=waiting, to_status="confirmed")
    assert "is full (2 seats)" in str(excinfo.value)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    assert not waiting.status_changes.exists()


def test_cancelled_registrations_cannot_be_reopened(event):
    registration = RegistrationFactory(event=event, status="cancelled")
    with pytest.raises(InvalidTransition) as excinfo:
        services.change_status(registration=registration, to_status="confirmed")
    assert "cannot go from Cancelled to Confirmed" in str(excinfo.value)
