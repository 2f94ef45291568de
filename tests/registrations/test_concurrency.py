"""Many delegates at once for the last seats: never one more than capacity.

Runs against PostgreSQL, where row locks are real (`.ci/run` runs the suite with
DATABASE_URL pointing at the PostgreSQL server on loopback). SQLite serialises
every write anyway, so the test says so and skips there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import Registration
from tests.factories import RegistrationFactory
from tests.registrations.test_services import delegate

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
