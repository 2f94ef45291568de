"""Two organisers changing one plan at the same moment, on PostgreSQL's real row locks:
one change goes through, the other is refused as stale; no seat ever holds two people,
nobody sits twice. SQLite serialises every write, so it skips there."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from seating import services
from seating.exceptions import SeatingError
from seating.models import Seat, SeatingPlan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks: set DATABASE_URL=postgres://… (.ci/run does)",
    ),
]

THREADS = 8


def test_organisers_seating_different_people_at_one_seat_from_one_version(
    event, plenary, person, japan
):
    people = [person(f"J{n}", japan, head=n == 0) for n in range(THREADS)]
    plan = services.create_plan(
        event=event, session=plenary, layout="bilateral", options={"seats_per_side": 2}
    )
    version = SeatingPlan.objects.get(pk=plan.pk).version
    barrier = threading.Barrier(THREADS)

    def seat(registration):
        try:
            barrier.wait()  # every organiser presses "Seat here" at once
            services.place(plan=plan, version=version, label="H1", registration=registration)
            return "seated"
        except SeatingError as error:
            return type(error).__name__
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(seat, people))

    assert sorted(outcomes) == ["PlanChanged"] * (THREADS - 1) + ["seated"]
    assert Seat.objects.filter(plan=plan).exclude(occupant=None).count() == 1
    assert SeatingPlan.objects.get(pk=plan.pk).version == version + 1
