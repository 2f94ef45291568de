"""Many delegates at once for the last seats: never one more than capacity.

Runs against PostgreSQL, where row locks are real (`.ci/run` runs the suite with
DATABASE_URL pointing at the PostgreSQL server on loopback). SQLite serialises
every write anyway, so the test says so and skips there. So are lock waits: one that
runs past DB_LOCK_TIMEOUT_MS says "busy, try again" instead of hanging the page.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from conference.models import Event
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory
from tests.helpers import delegate, form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks: set DATABASE_URL=postgres://… (.ci/run does)",
    ),
]

THREADS = 24


def register_many(event, emails, options=()):
    barrier = threading.Barrier(len(emails))

    def sign_up(email):
        try:
            barrier.wait()  # everyone presses "Register" at the same moment
            return services.register_delegate(
                event=event, data=delegate(email, attendance_options=list(options))
            )[0].status
        except RegistrationError as error:
            return type(error).__name__
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        return list(pool.map(sign_up, emails))


def test_parallel_sign_ups_for_the_last_seats_never_overbook(open_event):
    open_event.capacity = 10
    open_event.save()
    RegistrationFactory.create_batch(7, event=open_event, status="confirmed")  # 3 seats left
    outcomes = register_many(open_event, [f"rush{n}@example.org" for n in range(THREADS)])
    assert outcomes.count("confirmed") == 3
    assert outcomes.count("waitlisted") == THREADS - 3
    assert Registration.objects.filter(event=open_event, status="confirmed").count() == 10
    assert Registration.objects.filter(event=open_event).count() == 7 + THREADS


def test_parallel_sign_ups_respect_an_option_capacity(open_event):
    open_event.capacity = 100
    open_event.save()
    dinner = open_event.attendance_options.get(name="Reception dinner")  # 1 place
    outcomes = register_many(
        open_event, [f"dinner{n}@example.org" for n in range(THREADS)], options=[dinner]
    )
    assert outcomes.count("confirmed") == 1
    assert outcomes.count("OptionFull") == THREADS - 1
    assert dinner.registrations.filter(status="confirmed").count() == 1


def test_the_same_email_twice_at_once_makes_one_registration(open_event):
    outcomes = register_many(open_event, ["twice@example.org"] * 8)
    assert sorted(set(outcomes)) == ["DuplicateRegistration", "confirmed"]
    assert Registration.objects.filter(email="twice@example.org").count() == 1


# --- Lock waits are bounded --------------------------------------------------------------


@contextmanager
def row_locked_elsewhere(model, pk):
    """Another connection holds ``select_for_update`` on the row until the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                model.objects.select_for_update().get(pk=pk)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join()


@pytest.fixture
def short_lock_timeout():
    """The setting is in force on every connection; cut it short for this test's requests."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("5s",)  # DB_LOCK_TIMEOUT_MS, 5000 by default
        cursor.execute("SET lock_timeout = '300ms'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


def test_a_sign_up_that_waits_too_long_for_the_event_says_busy(
    client, open_event, short_lock_timeout
):
    url = reverse("registrations:register", kwargs={"event_slug": open_event.slug})
    with row_locked_elsewhere(Event, open_event.pk):
        response = client.post(url, form_data(open_event))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "The system is busy, please try again in a moment." in page
    assert 'value="yuki.sato@example.jp"' in page  # what they typed is still there
    assert not Registration.objects.exists()
    # The lock gone, the same form goes through.
    assert client.post(url, form_data(open_event)).status_code == 302
    assert Registration.objects.get().email == "yuki.sato@example.jp"


def test_a_staff_action_that_waits_too_long_gets_the_busy_page(
    client, open_event, short_lock_timeout
):
    registration = RegistrationFactory(event=open_event, status="confirmed")
    client.force_login(UserFactory(groups=["Organisers"]))
    url = reverse(
        "staff:check_in_action",
        kwargs={"event_slug": open_event.slug, "reference": registration.reference},
    )
    with row_locked_elsewhere(Registration, registration.pk):
        response = client.post(url, {"action": "check_in"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The system is busy, please try again in a moment." in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert client.post(url, {"action": "check_in"}).status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


# --- The seat is decided under the lock, whatever the rows were written as -----------------


def test_the_last_seat_taken_meanwhile_puts_a_sign_up_on_the_waiting_list(open_event):
    """A sign-up writes its rows and email for the status the seats suggest, then waits
    for the event's lock; if the last seat went meanwhile, the lock's count decides."""
    from registrations.models import OutgoingEmail, RegistrationStatusChange

    open_event.capacity = 1
    open_event.save()

    def take_the_last_seat():
        RegistrationFactory(event=open_event, status="confirmed")

    statuses = _sign_up_while_the_event_is_locked(
        open_event, "late@example.org", take_the_last_seat
    )

    assert statuses == ["waitlisted"]
    late = Registration.objects.get(email="late@example.org")
    assert late.status == "waitlisted"
    history = RegistrationStatusChange.objects.get(registration=late)
    assert (history.from_status, history.to_status) == ("", "waitlisted")
    email = OutgoingEmail.objects.get(registration=late)
    assert email.kind == "waitlisted"
    assert email.subject == "You are on the waiting list: Test Dialogue"
    assert email.attachment_name == ""  # no calendar entry for a seat not held
    assert Registration.objects.filter(event=open_event, status="confirmed").count() == 1


def test_a_seat_freed_meanwhile_confirms_a_sign_up_written_for_the_waiting_list(open_event):
    """The other way round: the sign-up is written as waitlisted (the event looked full),
    a confirmed delegate cancels while it waits for the lock, and the lock's count gives
    it the seat: its status, history and email (with the calendar entry) say confirmed."""
    from registrations.models import OutgoingEmail, RegistrationStatusChange

    open_event.capacity = 1
    open_event.save()
    seated = RegistrationFactory(event=open_event, status="confirmed")

    def free_the_seat():
        Registration.objects.filter(pk=seated.pk).update(status="cancelled")

    statuses = _sign_up_while_the_event_is_locked(open_event, "lucky@example.org", free_the_seat)

    assert statuses == ["confirmed"]
    lucky = Registration.objects.get(email="lucky@example.org")
    history = RegistrationStatusChange.objects.get(registration=lucky)
    assert (history.from_status, history.to_status) == ("", "confirmed")
    email = OutgoingEmail.objects.get(registration=lucky)
    assert (email.kind, email.subject) == ("confirmed", "Your place is confirmed: Test Dialogue")
    assert (email.attachment_name, email.attachment_mimetype) == ("tokyo-test.ics", "text/calendar")
    assert Registration.objects.filter(event=open_event, status="confirmed").count() == 1


def _sign_up_while_the_event_is_locked(event, email, meanwhile):
    """Another transaction holds the event's lock; a sign-up for ``email`` comes to wait
    for it; the other does ``meanwhile`` and commits. Returns the sign-up's statuses."""
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                Event.objects.select_for_update(no_key=True).get(pk=event.pk)
                locked.set()
                release.wait(30)
                meanwhile()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert locked.wait(10)
    with ThreadPoolExecutor(max_workers=1) as pool:
        signing_up = pool.submit(register_many, event, [email])
        _wait_for_a_lock_wait()
        release.set()
        holder.join()
        return signing_up.result()


def _wait_for_a_lock_wait(seconds=10):
    """Until another connection waits for a row lock (the sign-up, at the event's)."""
    import time

    deadline = time.monotonic() + seconds
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the sign-up never waited for the event's lock")


def test_the_same_form_sent_twice_at_once_makes_one_registration(open_event):
    barrier = threading.Barrier(6)

    def submit(_number):
        try:
            barrier.wait()
            registration, created = services.register_delegate(
                event=open_event, data=delegate("twice@example.org"), submission_key="same-form"
            )
            return registration.pk, created
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(submit, range(6)))
    registration = Registration.objects.get(email="twice@example.org")
    assert sorted(outcomes, key=lambda outcome: not outcome[1]) == [
        (registration.pk, True),
        *[(registration.pk, False)] * 5,
    ]
