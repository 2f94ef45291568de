"""Measurements taken inside a Django process, run by ``benchmarks/run.py`` as subprocesses.

    python -m benchmarks.probes queries --slug bench [--half-slug bench-half]
    python -m benchmarks.probes export --slug bench-export --output FILE [--tracemalloc]
    python -m benchmarks.probes verify-surge --slug bench-surge --sent FILE
    python -m benchmarks.probes sign-up-cost --slug bench-surge

Each prints one line of JSON on standard output. The settings come from the
environment the orchestrator sets (production settings, the bench database).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    import django

    django.setup()


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _render_cpu(client, path: str, repeat: int = 5) -> dict:
    """Median CPU ms of a cold render (a new version: fragments kept) and of an
    empty-cache render (nothing kept), for one page."""
    from django.core.cache import cache

    from conference.cache import VERSION_KEY

    cold, empty = [], []
    for _attempt in range(repeat):
        cache.delete(VERSION_KEY)
        started = time.process_time()
        client.get(path)
        cold.append(time.process_time() - started)
    for _attempt in range(3):
        cache.clear()
        started = time.process_time()
        client.get(path)
        empty.append(time.process_time() - started)
    return {
        "cold_cpu_ms": round(statistics.median(cold) * 1000, 1),
        "empty_cpu_ms": round(statistics.median(empty) * 1000, 1),
    }


def scaling(half_slug: str) -> dict:
    """The agenda and speakers pages of an event half the size (English): beside the
    full event's figures, what one more session or speaker costs."""
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    return {
        "agenda": _render_cpu(client, f"/{half_slug}/agenda/"),
        "speakers": _render_cpu(client, f"/{half_slug}/speakers/"),
    }


def queries(slug: str, repeat: int = 5) -> dict:
    """SQL queries per public page with the page cache cleared (cold), then warm;
    and the median CPU time of a cold render in this one process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conference.cache import VERSION_KEY

    client = Client(SERVER_NAME="127.0.0.1")
    pages = {"event": f"/{slug}/", "agenda": f"/{slug}/agenda/", "speakers": f"/{slug}/speakers/"}
    found = {}
    for language, prefix in (("en", ""), ("ja", "/ja")):
        for name, path in pages.items():
            counts, cpu = [], []
            for attempt in range(repeat):
                # A new version key is what an organiser's edit does: every cached page is stale.
                cache.delete(VERSION_KEY)
                for _state in ("cold", "warm"):
                    started = time.process_time()
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(prefix + path)
                    if _state == "cold":
                        cpu.append(time.process_time() - started)
                    if response.status_code != 200:
                        raise SystemExit(f"{prefix + path} answered {response.status_code}")
                    if attempt == 0:
                        counts.append(
                            {
                                "queries": len(captured.captured_queries),
                                "cache": response.get("X-Page-Cache", ""),
                                "kb": round(len(response.content) / 1024, 1),
                            }
                        )
            # Nothing kept at all (after a deploy, or a flush): no page, no fragment.
            empty = []
            for _attempt in range(3):
                cache.clear()
                started = time.process_time()
                client.get(prefix + path)
                empty.append(time.process_time() - started)
            found[f"{language}:{name}"] = {
                "cold": counts[0],
                "warm": counts[1],
                "cold_cpu_ms": round(statistics.median(cpu) * 1000, 1),
                "empty_cpu_ms": round(statistics.median(empty) * 1000, 1),
            }
    return found


def sign_up_cost(slug: str, repeat: int = 10) -> dict:
    """Queries and CPU time of one form GET and one sign-up POST, in this one process."""
    import re

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = f"/{slug}/register/"
    get_cpu, post_cpu, get_queries, post_queries, statuses = [], [], [], [], []
    run = time.time_ns()
    client = Client(SERVER_NAME="127.0.0.1", enforce_csrf_checks=True)
    for number in range(repeat):
        client.cookies.clear()  # a new visitor each time, as in the surge (load.py)
        started = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            page = client.get(path).content.decode()
        get_cpu.append(time.process_time() - started)
        get_queries.append(len(captured.captured_queries))
        email = f"probe{run}-{number}@cost.example.org"
        data = {
            "csrfmiddlewaretoken": re.search(r'csrfmiddlewaretoken" value="([^"]+)"', page)[1],
            "submission_key": re.search(r'name="submission_key" value="([^"]*)"', page)[1],
            "given_name": "Probe",
            "family_name": f"Delegate {number}",
            "email": email,
            "email_confirm": email,
            "organisation": "Load Test Institute",
            "sector": "academia",
            "nationality": "GB",
            "dietary_requirement": "none",
            "interpretation": "none",
            "privacy_consent": "on",
            "attendance_options": re.findall(r'name="attendance_options" value="(\d+)"', page),
        }
        started = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(path, data)
        post_cpu.append(time.process_time() - started)
        post_queries.append(len(captured.captured_queries))
        statuses.append(response.status_code)
    return {
        "get_cpu_ms": round(statistics.median(get_cpu[1:] or get_cpu) * 1000, 1),
        "post_cpu_ms": round(statistics.median(post_cpu[1:] or post_cpu) * 1000, 1),
        "get_queries": max(get_queries),
        "post_queries": max(post_queries),
        "post_statuses": sorted(set(statuses)),
    }


def export(slug: str, output: str, use_tracemalloc: bool) -> dict:
    """Time, peak memory and queries of `manage.py export_attendees`, then PostgreSQL's COPY."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conference.models import Event
    from registrations.models import AttendanceOption, Registration

    event = Event.objects.get(slug=slug)
    rows = Registration.objects.filter(event=event).count()
    baseline = _maxrss_kib()
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        call_command("export_attendees", slug, output=output, stderr=open(os.devnull, "w"))  # noqa: SIM115
        seconds = time.perf_counter() - started
    found = {
        "rows": rows,
        "seconds": seconds,
        "queries": len(captured.captured_queries),
        "query_kinds": [query["sql"].split()[0] for query in captured.captured_queries],
        "bytes": os.path.getsize(output),
        "baseline_rss_kib": baseline,
        "peak_rss_kib": _maxrss_kib(),
    }
    if use_tracemalloc:
        found["tracemalloc_peak_kib"] = tracemalloc.get_traced_memory()[1] // 1024
        tracemalloc.stop()
    if connection.vendor == "postgresql" and not use_tracemalloc:
        found["copy"] = _copy(event, output + ".copy.csv", AttendanceOption, Registration)
    return found


def _copy(event, output, AttendanceOption, Registration) -> dict:
    """The same rows and columns, in the same order, straight out of PostgreSQL.

    Raw values (no English labels, no formula neutralising, times converted in SQL):
    the floor for getting these rows out of the database as CSV.
    """
    from django.db import connection
    from psycopg import sql

    through = Registration.attendance_options.through._meta.db_table
    statement = sql.SQL(
        """COPY (
        SELECT r.reference, r.status, r.honorific, r.family_name, r.given_name,
               r.japanese_name, r.organisation, r.position, r.sector, r.nationality,
               r.nationality, r.email, r.phone,
               (SELECT string_agg(o.name_en, '; ' ORDER BY o."order", o.id)
                  FROM {through} t JOIN {option} o ON o.id = t.attendanceoption_id
                 WHERE t.registration_id = r.id),
               r.dietary_requirement, r.dietary_details, r.accessibility_needs,
               r.interpretation,
               to_char(r.created_at AT TIME ZONE {zone}, 'YYYY-MM-DD"T"HH24:MI:SS'),
               to_char(r.checked_in_at AT TIME ZONE {zone}, 'YYYY-MM-DD"T"HH24:MI:SS')
          FROM {registration} r
         WHERE r.event_id = {event}
         ORDER BY r.family_name, r.given_name, r.id
    ) TO STDOUT WITH (FORMAT csv, HEADER)"""
    ).format(
        through=sql.Identifier(through),
        option=sql.Identifier(AttendanceOption._meta.db_table),
        registration=sql.Identifier(Registration._meta.db_table),
        zone=sql.Literal(event.time_zone),
        event=sql.Literal(event.pk),
    )
    lines = 0
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        open(output, "wb") as file,
        cursor.cursor.copy(statement) as copy,
    ):
        for data in copy:
            file.write(data)
            lines += bytes(data).count(b"\n")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": os.path.getsize(output), "lines": lines}


def verify_surge(slug: str, sent_file: str) -> dict:
    """What the database holds after the surge: statuses, duplicates, lost sign-ups."""
    from django.db.models import Count
    from django.db.models.functions import Lower

    from conference.models import Event
    from registrations.models import OutgoingEmail, Registration, RegistrationStatusChange

    with open(sent_file) as file:
        sent = {line.strip().lower() for line in file if line.strip()}
    event = Event.objects.get(slug=slug)
    everyone = Registration.objects.filter(event=event)
    # Registrations seeded before the surge (seed_bench marks them) are counted apart.
    seeded = everyone.filter(privacy_notice_version="bench")
    seeded_confirmed = seeded.filter(status="confirmed", speaker__isnull=True).count()
    registrations = everyone.exclude(privacy_notice_version="bench")
    emails = list(registrations.annotate(lower=Lower("email")).values_list("lower", flat=True))
    duplicates = (
        registrations.annotate(lower=Lower("email"))
        .values("lower")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "capacity": event.capacity,
        "seeded": seeded.count(),
        "seats_left_before": event.capacity - seeded_confirmed,
        "confirmed_in_all": everyone.filter(status="confirmed", speaker__isnull=True).count(),
        "statuses": dict(
            registrations.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        ),
        "rows": len(emails),
        "distinct_emails": len(set(emails)),
        "duplicate_emails": duplicates,
        "sent": len(sent),
        "lost": len(sent - set(emails)),
        "unexpected": len(set(emails) - sent),
        "status_changes": RegistrationStatusChange.objects.filter(
            registration__event=event
        ).count(),
        "emails_queued": OutgoingEmail.objects.filter(registration__event=event).count(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    parser_queries = commands.add_parser("queries")
    parser_queries.add_argument("--slug", required=True)
    parser_queries.add_argument("--half-slug", help="the same event at half the size")
    parser_export = commands.add_parser("export")
    parser_export.add_argument("--slug", required=True)
    parser_export.add_argument("--output", required=True)
    parser_export.add_argument("--tracemalloc", action="store_true")
    parser_verify = commands.add_parser("verify-surge")
    parser_verify.add_argument("--slug", required=True)
    parser_verify.add_argument("--sent", required=True)
    parser_cost = commands.add_parser("sign-up-cost")
    parser_cost.add_argument("--slug", required=True)
    args = parser.parse_args(argv)
    _setup()
    if args.command == "queries":
        found = queries(args.slug)
        if args.half_slug:
            found["half"] = scaling(args.half_slug)
    elif args.command == "export":
        found = export(args.slug, args.output, args.tracemalloc)
    elif args.command == "sign-up-cost":
        found = sign_up_cost(args.slug)
    else:
        found = verify_surge(args.slug, args.sent)
    sys.stdout.write(json.dumps(found) + "\n")


if __name__ == "__main__":
    main()
