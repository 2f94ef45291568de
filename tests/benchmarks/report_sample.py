"""A made-up benchmark report with every section, in the shape benchmarks/run.py saves."""

SIZES = {
    "sessions": 200,
    "speakers": 400,
    "registrations": 5000,
    "rounds": 3,
    "cell_seconds": 5.0,
    "surge": 2000,
}


def row(rps, p50, p99, kb=12.5, requests=1000, statuses=None, errors=None):
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "kb_per_response": kb,
        "requests": requests,
        "statuses": statuses or {"200": requests},
        "errors": errors or {},
    }


def queries(cold, warm):
    return {"cold": {"queries": cold, "kb": 40.5}, "warm": {"queries": warm, "kb": 40.5}}


REPORT = {
    "machine": {
        "date": "2026-11-28",
        "commit": "abc1234",
        "cpu": "Test CPU",
        "cores": 2,
        "memory": "24 GiB",
        "os": "Debian 12",
        "python": "3.11.7",
        "django": "5.2.19",
        "gunicorn": "27.0.1",
        "postgresql": "15.19",
        "redis": "7.0.15",
    },
    "sizes": SIZES,
    "notes": ["A note."],
    "load_start": "3.50 1.00 0.50",
    "load_end": "1.00 1.00 1.00",
    "total_seconds": 480,
    "database": "PostgreSQL 15.19",
    "gunicorn": {
        "workers": 5,
        "worker_class": "sync",
        "threads": 1,
        "config": "gunicorn.conf.py",
        "recycled": 3,
    },
    "pages": {
        "_client_cpu": {"seconds": 30.0, "wall": 60.0},
        "ceiling": row(2000, 5, 20),
        "event (warm)": row(1500, 6, 25),
        "agenda (cold)": row(100, 50, 200, statuses={"200": 990, "502": 10}, errors={"timeout": 1}),
    },
    "queries": {
        f"{language}:{page}": {**queries(3, 0), "cold_cpu_ms": 12.5}
        for language in ("en", "ja")
        for page in ("event", "agenda", "speakers")
    },
    "surge": {
        "database": {
            "statuses": {"confirmed": 300, "waitlisted": 1700},
            "capacity": 300,
            "rows": 2000,
            "lost": 0,
            "duplicate_emails": 0,
            "unexpected": 0,
            "distinct_emails": 2000,
            "status_changes": 2000,
            "emails_queued": 2000,
        },
        "post_statuses": {"302": 2000},
        "form": {"statuses": {"200": 2000}, "p50_ms": 20, "p99_ms": 80},
        "client_errors": {},
        "signups_per_minute": 3000.0,
        "wall_seconds": 40.0,
        "post": {"p50_ms": 30, "p99_ms": 120},
        "whole": {"p99_ms": 190},
        "client_cpu_seconds": 20.0,
        "cost": {"get_cpu_ms": 5.5, "get_queries": 4, "post_cpu_ms": 20.5, "post_queries": 14},
    },
    "export": {
        "rows": 100000,
        "seconds": 10.0,
        "bytes": 20 * 1024 * 1024,
        "peak_rss_kib": 90 * 1024,
        "baseline_rss_kib": 85 * 1024,
        "tracemalloc_seconds": 12.0,
        "tracemalloc_peak_kib": 5 * 1024,
        "queries": 2,
        "query_kinds": ["options", "registrations"],
        "copy": {"seconds": 2.0, "bytes": 18 * 1024 * 1024},
    },
    "tests": {"wall_seconds": 40.0, "cpu_seconds": 70.0, "summary": "400 passed"},
}
