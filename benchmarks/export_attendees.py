"""How the attendee export scales: queries, time and peak Python memory by row count.

Run against a throwaway database, never a real one (it adds registrations):

    export DEBUG=1 DATABASE_URL=sqlite:////tmp/bench.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python benchmarks/export_attendees.py

Results of the last run are in benchmarks/export_attendees.txt.
"""

import os
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from conference.models import Event  # noqa: E402
from registrations import exporters, selectors  # noqa: E402
from registrations.models import AttendanceOption, Registration  # noqa: E402

SIZES = (1_000, 10_000, 100_000)


def make_event(size):
    event = Event.objects.create(
        series_name="Benchmark",
        name=f"Benchmark {size}",
        slug=f"bench-{size}-{int(time.time())}",
        start_date=date(2016, 11, 1),
        end_date=date(2016, 11, 2),
        capacity=size,
    )
    options = [
        AttendanceOption.objects.create(event=event, name=f"Day {n}", order=n) for n in (1, 2, 3)
    ]
    through = Registration.attendance_options.through
    batch = 5_000
    for start in range(0, size, batch):
        registrations = Registration.objects.bulk_create(
            Registration(
                event=event,
                status="confirmed",
                given_name=f"Given{n}",
                family_name=f"Family{n:06d}",
                japanese_name="大塚 海夫",
                email=f"delegate{n}@example.org",
                organisation='Institute, "Tokyo"',
                sector="academia",
                nationality="JP",
            )
            for n in range(start, min(start + batch, size))
        )
        through.objects.bulk_create(
            through(registration_id=registration.pk, attendanceoption_id=option.pk)
            for registration in registrations
            for option in options[:2]
        )
    return event


def export(event):
    return sum(
        len(chunk) for chunk in exporters.csv_chunks(selectors.attendees(event=event), event=event)
    )


def measure(event):
    """Time a plain run; count queries and peak memory in a second, traced one."""
    started = time.perf_counter()
    written = export(event)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        export(event)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(queries), elapsed, peak, written


def main():
    print(f"database: {connection.vendor}")
    print(f"{'rows':>8} {'queries':>8} {'seconds':>8} {'peak MiB':>9} {'file MiB':>9}")
    for size in SIZES:
        event = make_event(size)
        queries, elapsed, peak, written = measure(event)
        print(
            f"{size:>8} {queries:>8} {elapsed:>8.2f} {peak / 2**20:>9.1f} {written / 2**20:>9.1f}"
        )


if __name__ == "__main__":
    main()
