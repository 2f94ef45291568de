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


# --- Sign-up rules and the waiting list (register_delegate and friends) ------

from datetime import timedelta  # noqa: E402

from django.core import mail  # noqa: E402
from django.utils import timezone  # noqa: E402

from conference.models import Event  # noqa: E402
from registrations.exceptions import OptionFull, RegistrationClosed  # noqa: E402
from registrations.models import Registration  # noqa: E402
from tests.helpers import delegate  # noqa: E402


def test_register_refuses_outside_the_window(open_event):
    open_event.registration_closes_at = timezone.now() - timedelta(seconds=1)
    open_event.save()
    with pytest.raises(RegistrationClosed) as excinfo:
        services.register_delegate(event=open_event, data=delegate())
    assert "Registration for Test Dialogue closed on" in str(excinfo.value)
    assert not Registration.objects.exists()


def test_register_fills_seats_then_the_waiting_list(open_event):
    statuses = [
        services.register_delegate(event=open_event, data=delegate(f"d{n}@example.org"))[0].status
        for n in range(5)
    ]
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 2


def test_option_capacity_is_checked_with_the_event_capacity(open_event):
    dinner = open_event.attendance_options.get(name="Reception dinner")
    first, _ = services.register_delegate(
        event=open_event, data=delegate("a@example.org", attendance_options=[dinner])
    )
    assert first.status == "confirmed"
    with pytest.raises(OptionFull):
        services.register_delegate(
            event=open_event, data=delegate("b@example.org", attendance_options=[dinner])
        )
    assert Registration.objects.count() == 1


def test_cancelling_a_confirmed_place_promotes_the_first_waitlisted(
    open_event, django_capture_on_commit_callbacks
):
    confirmed = [
        services.register_delegate(event=open_event, data=delegate(f"c{n}@example.org"))[0]
        for n in range(3)
    ]
    first_waiting, _ = services.register_delegate(event=open_event, data=delegate("w1@example.org"))
    second_waiting, _ = services.register_delegate(
        event=open_event, data=delegate("w2@example.org")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=confirmed[1])
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (first_waiting.status, second_waiting.status) == ("confirmed", "waitlisted")
    assert sorted(message.subject for message in mail.outbox) == [
        "A place has freed up for you: Test Dialogue",
        "Registration cancelled: Test Dialogue",
    ]
    promoted_mail = next(m for m in mail.outbox if m.subject.startswith("A place"))
    assert promoted_mail.to == ["w1@example.org"]
    history = list(first_waiting.status_changes.values_list("from_status", "to_status", "note"))
    assert history[-1] == ("waitlisted", "confirmed", "Promoted from the waiting list")


def test_promotion_passes_over_a_delegate_whose_option_is_full(open_event):
    dinner = open_event.attendance_options.get(name="Reception dinner")
    day1 = open_event.attendance_options.get(name="Day 1")
    holders = [
        services.register_delegate(
            event=open_event,
            data=delegate(f"c{n}@example.org", attendance_options=[dinner] if n == 0 else [day1]),
        )[0]
        for n in range(3)
    ]
    wants_dinner = RegistrationFactory(event=open_event, status="waitlisted")
    wants_dinner.attendance_options.set([dinner])
    day_only = RegistrationFactory(event=open_event, status="waitlisted")
    day_only.attendance_options.set([day1])
    services.cancel_registration(registration=holders[1])
    wants_dinner.refresh_from_db()
    day_only.refresh_from_db()
    assert (wants_dinner.status, day_only.status) == ("waitlisted", "confirmed")


def test_raising_capacity_promotes_from_the_waiting_list(open_event):
    for n in range(5):
        services.register_delegate(event=open_event, data=delegate(f"d{n}@example.org"))
    open_event.capacity = 4
    open_event.save()
    promoted = services.promote_from_waiting_list(event=open_event)
    assert [r.email for r in promoted] == ["d3@example.org"]
    assert Registration.objects.filter(status="confirmed").count() == 4


def test_moving_a_confirmed_delegate_to_the_waiting_list_gives_the_seat_to_the_next(open_event):
    for n in range(4):
        services.register_delegate(event=open_event, data=delegate(f"d{n}@example.org"))
    first = Registration.objects.get(email="d0@example.org")
    services.change_status(registration=first, to_status="waitlisted")
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "d0@example.org": "waitlisted",
        "d1@example.org": "confirmed",
        "d2@example.org": "confirmed",
        "d3@example.org": "confirmed",
    }


def test_approval_mode_confirms_only_on_approval_and_never_beyond_capacity(open_event):
    open_event.registration_mode = Event.RegistrationMode.APPROVAL
    open_event.capacity = 1
    open_event.save()
    first, _ = services.register_delegate(event=open_event, data=delegate("a@example.org"))
    second, _ = services.register_delegate(event=open_event, data=delegate("b@example.org"))
    assert (first.status, second.status) == ("pending", "pending")
    services.change_status(registration=first, to_status="confirmed")
    with pytest.raises(EventFull):
        services.change_status(registration=second, to_status="confirmed")
    second.refresh_from_db()
    assert second.status == "pending"


def test_update_details_refuses_a_full_option_but_keeps_the_rest(open_event):
    dinner = open_event.attendance_options.get(name="Reception dinner")
    day1 = open_event.attendance_options.get(name="Day 1")
    services.register_delegate(
        event=open_event, data=delegate("a@example.org", attendance_options=[dinner])
    )
    other, _ = services.register_delegate(
        event=open_event, data=delegate("b@example.org", attendance_options=[day1])
    )
    with pytest.raises(OptionFull):
        services.update_registration_details(
            registration=other, details={"phone": "+81 3 0000"}, attendance_options=[day1, dinner]
        )
    other.refresh_from_db()
    assert other.phone == ""
    assert list(other.attendance_options.all()) == [day1]


def test_keeping_a_full_option_one_already_holds_is_allowed(open_event):
    dinner = open_event.attendance_options.get(name="Reception dinner")
    holder, _ = services.register_delegate(
        event=open_event, data=delegate("a@example.org", attendance_options=[dinner])
    )
    services.update_registration_details(
        registration=holder, details={"phone": "+44 20 0000"}, attendance_options=[dinner]
    )
    holder.refresh_from_db()
    assert holder.phone == "+44 20 0000"


def test_dropping_a_full_option_lets_a_passed_over_delegate_in(open_event):
    open_event.capacity = 5
    open_event.save()
    dinner = open_event.attendance_options.get(name="Reception dinner")
    day1 = open_event.attendance_options.get(name="Day 1")
    holder = RegistrationFactory(event=open_event, status="confirmed")
    holder.attendance_options.set([dinner])
    wants_dinner = RegistrationFactory(event=open_event, status="waitlisted")
    wants_dinner.attendance_options.set([dinner])
    services.update_registration_details(registration=holder, details={}, attendance_options=[day1])
    wants_dinner.refresh_from_db()
    assert wants_dinner.status == "confirmed"
