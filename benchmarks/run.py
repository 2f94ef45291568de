"""`make bench`: start what the benchmarks need, measure, rewrite benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks.run [--quick] [--skip-tests] [--output PATH]

Starts a private Redis (when redis-server is installed) and gunicorn on free loopback
ports, creates its own PostgreSQL database (``conference_bench``, dropped at the
end; SQLite under var/bench/ when PostgreSQL does not answer), seeds it with
``manage.py seed_bench``, and stops everything it started, also on failure.
``--quick`` uses small sizes and short runs, for trying the script out; its results
are written to var/bench/RESULTS-quick.md unless --output says otherwise.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import load

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "conference_bench")
CLIENTS = 50


@dataclass(frozen=True)
class Sizes:
    sessions: int = 200
    speakers: int = 400
    registrations: int = 5000
    surge: int = 2000
    seats: int = 300
    export_rows: int = 100_000
    cell_seconds: float = 5.0  # one target, one round
    rounds: int = 3


QUICK = Sizes(
    sessions=40,
    speakers=80,
    registrations=500,
    surge=200,
    seats=30,
    export_rows=5000,
    cell_seconds=1.5,
    rounds=2,
)


def log(message: str):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listened on port {port} within {seconds} s")


def loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(command: list[str], env: dict, *, capture=False, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        check=check,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
    )


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run([PYTHON, "manage.py", *args], env)


def seed(env: dict, slug: str, sessions: int, speakers: int, registrations: int, *extra: str):
    counts = {"--sessions": sessions, "--speakers": speakers, "--registrations": registrations}
    arguments = [item for pair in counts.items() for item in (pair[0], str(pair[1]))]
    manage(env, "seed_bench", "--slug", slug, *arguments, *extra)


def probe(env: dict, *args: str) -> dict:
    with open(WORK / "probes.log", "a") as errors:
        done = subprocess.run(
            [PYTHON, "-m", "benchmarks.probes", *args],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the machine -------------------------------------------------------------------------


def machine(pg_version: str, redis_version: str) -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError), open("/proc/meminfo") as file:
        for line in file:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    import django
    import gunicorn

    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "postgresql": pg_version,
        "redis": redis_version,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True
        ).stdout.strip()
        or "unknown",
    }


# --- services ----------------------------------------------------------------------------


class Services(contextlib.ExitStack):
    """Everything started here is stopped (and the database dropped) on the way out."""

    def postgres(self) -> tuple[str | None, str]:
        """A fresh database of our own, or None when PostgreSQL does not answer."""
        try:
            import psycopg

            with psycopg.connect(
                f"{PG_ADMIN_URL}/postgres", autocommit=True, connect_timeout=3
            ) as db:
                version = db.execute("SHOW server_version").fetchone()[0]
                db.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
                db.execute(f'CREATE DATABASE "{PG_DATABASE}"')
        except Exception as error:
            log(f"PostgreSQL unreachable ({type(error).__name__}: {error}); using SQLite")
            return None, f"unreachable ({type(error).__name__})"
        self.callback(self._drop_database)
        return f"{PG_ADMIN_URL}/{PG_DATABASE}", version

    def _drop_database(self):
        import psycopg

        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        log(f"dropped database {PG_DATABASE}")

    def redis(self) -> tuple[str, str]:
        """A private, memory-only Redis, so nobody else's keys are touched or timed."""
        server = shutil.which("redis-server")
        if server is None:
            return "", "not installed (local-memory cache per worker)"
        port = free_port()
        process = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--maxmemory", "1gb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.callback(self._stop, process, "redis-server")
        wait_for_port(port, process)
        version = subprocess.run([server, "--version"], text=True, capture_output=True).stdout
        match = re.search(r"v=(\S+)", version)
        return f"redis://127.0.0.1:{port}/0", match.group(1) if match else "unknown"

    def gunicorn(self, env: dict) -> tuple[int, dict]:
        port = free_port()
        command = [PYTHON, "-m", "gunicorn", "conference.wsgi:application",
                   "--bind", f"127.0.0.1:{port}"]  # fmt: skip
        config = ROOT / "gunicorn.conf.py"
        if config.exists():
            command += ["--config", str(config)]
        else:
            command += ["--workers", str(2 * (os.cpu_count() or 1) + 1)]
        if os.environ.get("BENCH_WORKERS"):
            command += ["--workers", os.environ["BENCH_WORKERS"]]
        settings = self._gunicorn_settings(command, env)
        settings["config"] = "gunicorn.conf.py" if config.exists() else "none (command line)"
        log_file = open(WORK / "gunicorn.log", "w")  # noqa: SIM115
        self.callback(log_file.close)
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        self.callback(self._stop, process, "gunicorn")
        wait_for_port(port, process)
        return port, settings

    @staticmethod
    def _gunicorn_settings(command: list[str], env: dict) -> dict:
        printed = subprocess.run(
            [*command, "--print-config"], cwd=ROOT, env=env, text=True, capture_output=True
        ).stdout
        settings = {}
        for name in ("workers", "worker_class", "threads", "timeout", "keepalive"):
            match = re.search(rf"^{name}\s*=\s*(.+)$", printed, re.MULTILINE)
            settings[name] = match.group(1).strip() if match else "?"
        return settings

    @staticmethod
    def _stop(process: subprocess.Popen, name: str):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log(f"stopped {name}")


# --- the four sections -------------------------------------------------------------------


def public_pages(port: int, sizes: Sizes, slug: str) -> dict:
    """Warm (page cache hit) and cold (every request a miss) against the ceiling view.

    Targets take turns, round after round, so that noise from other work on the
    machine falls on all of them alike; each ratio compares figures from the same run.
    """
    target = load.Target(port)
    warm = {
        "ceiling": ["/bench/ceiling"],
        "healthz": ["/healthz"],
        "event": [f"/{slug}/"],
        "agenda": [f"/{slug}/agenda/"],
        "speakers": [f"/{slug}/speakers/"],
    }
    cold = ["event", "agenda", "speakers"]
    for paths in warm.values():  # fill the page cache, load every worker's code
        load.hammer(target, paths, clients=10, max_requests=50, duration=5)
    results: dict[str, load.Result] = {}
    client_cpu = time.process_time()
    began = time.perf_counter()
    for round_number in range(sizes.rounds):
        log(f"public pages, round {round_number + 1} of {sizes.rounds} (load {loadavg()})")
        cells = [(name, paths, False) for name, paths in warm.items()]
        cells += [(f"{name} cold", warm[name], True) for name in cold]
        for name, paths, bust in cells:
            result = load.hammer(
                target,
                paths,
                clients=CLIENTS,
                max_requests=50_000,
                duration=sizes.cell_seconds,
                # Long enough that no request is abandoned: an abandoned one would
                # still be served after its row ended, slowing the next row down.
                timeout=180,
                bust_cache=bust,
            )
            results[name] = results[name].merge(result) if name in results else result
    summary = {name: result.summary() for name, result in results.items()}
    summary["_client_cpu"] = {
        "seconds": time.process_time() - client_cpu,
        "wall": time.perf_counter() - began,
    }
    return summary


def surge(port: int, sizes: Sizes, env: dict, slug: str, *, cost: bool = True) -> dict:
    target = load.Target(port)
    log(f"registration surge: {sizes.surge} sign-ups, {CLIENTS} clients (load {loadavg()})")
    client_cpu = time.process_time()
    started = time.perf_counter()
    outcome = load.sign_up(target, slug, total=sizes.surge, clients=CLIENTS)
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    sent = WORK / "surge-sent.txt"
    sent.write_text("\n".join(outcome.emails_sent) + "\n")
    database = probe(env, "verify-surge", "--slug", slug, "--sent", str(sent))
    # After the check: it adds sign-ups.
    cost = probe(env, "sign-up-cost", "--slug", slug) if cost else None
    statuses = {}
    for status in outcome.outcomes.values():
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "wall_seconds": wall,
        "signups_per_minute": len(outcome.outcomes) / wall * 60 if wall else 0,
        "post": outcome.post.summary(),
        "form": outcome.form.summary(),
        "whole": outcome.whole.summary(),
        "post_statuses": dict(sorted(statuses.items())),
        "client_errors": outcome.post.errors,
        "database": database,
        "cost": cost,
        "client_cpu_seconds": client_cpu,
    }


def export(env: dict, slug: str) -> dict:
    log(f"CSV export (load {loadavg()})")
    output = WORK / "export.csv"
    plain = probe(env, "export", "--slug", slug, "--output", str(output))
    log("CSV export again under tracemalloc")
    traced = probe(env, "export", "--slug", slug, "--output", str(output), "--tracemalloc")
    plain["tracemalloc_peak_kib"] = traced["tracemalloc_peak_kib"]
    plain["tracemalloc_seconds"] = traced["seconds"]
    return plain


def test_suite() -> dict:
    """The suite as `make test` runs it: SQLite, test settings, no bench variables."""
    env = {key: value for key, value in os.environ.items() if key not in BENCH_VARIABLES}
    env.pop("DATABASE_URL", None)
    log(f"test suite (load {loadavg()})")
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "pytest", "-n", "auto", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = os.times()
    (WORK / "pytest.log").write_text(done.stdout + done.stderr)
    tail = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return {
        "wall_seconds": wall,
        "cpu_seconds": (after.children_user - before.children_user)
        + (after.children_system - before.children_system),
        "summary": tail[-1].strip("= ") if tail else f"exit status {done.returncode}",
        "returncode": done.returncode,
    }


BENCH_VARIABLES = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "REDIS_URL", "CACHE_KEY_PREFIX", "REGISTRATION_RATE_LIMIT",
    "STATIC_ROOT", "EMAIL_BACKEND", "BENCH_CEILING_VIEW", "DJANGO_SETTINGS_MODULE",
}  # fmt: skip


# --- RESULTS.md --------------------------------------------------------------------------


def _ratio(value: float, ceiling: float) -> str:
    return f"{value / ceiling:.2f}" if ceiling else "n/a"


def _machine(report: dict) -> list[str]:
    m, notes = report["machine"], report["notes"]
    lines = [
        "# Benchmark results",
        "",
        "Generated by `make bench` (`benchmarks/run.py`); do not edit by hand. How the figures",
        "are taken, and what they leave out: [README.md](README.md).",
        "",
        "## Machine",
        "",
        f"- Date: {m['date']}; commit `{m['commit']}`",
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['memory']}; {m['os']}",
        f"- Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}, "
        f"PostgreSQL {m['postgresql']}, Redis {m['redis']}",
        f"- Load average (1, 5, 15 min) at start: {report['load_start']}; at end: "
        f"{report['load_end']}. The load generator runs on the same cores as the server."
        + (
            " A load above the core count means other work (other processes, such as test "
            "suites) shared the machine: absolute figures are depressed, ratios less so."
            if float(report["load_start"].split()[0]) > (m["cores"] or 1)
            else ""
        ),
        f"- `make bench` took {report['total_seconds'] / 60:.1f} min.",
    ]
    lines += [f"- {note}" for note in notes]
    return lines


def _pages(report: dict) -> list[str]:
    """Section 1: public pages under load, and SQL queries per page."""
    pages = report.get("pages")
    if not pages:
        return []
    m, sizes = report["machine"], report["sizes"]
    lines = []
    client = pages["_client_cpu"]
    pages = {name: row for name, row in pages.items() if not name.startswith("_")}
    g = report["gunicorn"]
    q = report["queries"]
    ceiling = pages["ceiling"]["rps"]
    lines += [
        "",
        "## 1. Public pages at scale",
        "",
        f"Event of {sizes['sessions']} sessions, {sizes['speakers']} speakers and "
        f"{sizes['registrations']:,} registrations (`manage.py seed_bench`), served by "
        f"gunicorn ({g['workers']} × {g['worker_class']} workers, threads {g['threads']}, "
        f"config: {g['config']}) with DEBUG off, Redis cache, {report['database']}. "
        f"{CLIENTS} concurrent clients; {sizes['rounds']} rounds of "
        f"{sizes['cell_seconds']:g} s per row, rows taking turns."
        + (
            f" gunicorn recycled a worker {g['recycled']} times during sections 1 and 2 "
            "(`max_requests` in gunicorn.conf.py); a request queued behind a restarting "
            "worker shows in the p99 of the fastest rows."
            if g.get("recycled")
            else ""
        ),
        "",
        "*Warm* is the page cache hit every visitor after the first gets (same URL); "
        "*cold* puts a never-seen `?theme=N` (no such theme: the whole page) on every "
        "request, so each one misses the per-language page cache, renders from the "
        "database (an unknown theme is never stored), as after an organiser's edit. "
        "Load runs use the English pages. The *ceiling* is a view that returns `ok` through "
        "the full middleware stack without database or cache "
        "(`BENCH_CEILING_VIEW=1`, `benchmarks/ceiling.py`); `/healthz` is not minimal "
        "(one query and three cache round trips) and is shown for reference.",
        "",
        "| page | req/s | ratio to ceiling | p50 ms | p99 ms | KiB | requests | non-200 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, row in pages.items():
        bad = {s: n for s, n in row["statuses"].items() if int(s) != 200}
        bad.update(row["errors"])
        lines.append(
            f"| {name} | {row['rps']:.0f} | {_ratio(row['rps'], ceiling)} | "
            f"{row['p50_ms']:.0f} | {row['p99_ms']:.0f} | {row['kb_per_response']:g} | "
            f"{row['requests']:,} | {bad or 'none'} |"
        )
    lines += [
        "",
        f"The load generator itself used {client['seconds']:.0f} s of CPU over these "
        f"{client['wall']:.0f} s ({client['seconds'] / client['wall'] / (m['cores'] or 1):.0%} "
        "of the machine).",
        "",
        "SQL queries per page, counted in-process with `CaptureQueriesContext` "
        "(Django test client, same settings and database; budgets from "
        "tests/conference/test_views_queries.py: event 3, agenda 4, speakers 2):",
        "",
        "| page | en cold | en warm | ja cold | ja warm | KiB (en) | cold CPU ms (en) "
        "| empty-cache CPU ms (en) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("event", "agenda", "speakers"):
        en, ja = q[f"en:{name}"], q[f"ja:{name}"]
        lines.append(
            f"| {name} | {en['cold']['queries']} | {en['warm']['queries']} | "
            f"{ja['cold']['queries']} | {ja['warm']['queries']} | {en['cold']['kb']:g} | "
            f"{en['cold_cpu_ms']:g} | {en.get('empty_cpu_ms', 'n/a')} |"
        )
    lines += [
        "",
        "The cold CPU column is the median of five cold renders in one quiet process (no "
        "concurrency): what a page-cache miss after an organiser's edit costs the server "
        "(the page's version has moved on; the agenda's session entries and the speakers' "
        "cards are kept, each under its own update time, so only what changed is "
        "rendered again: the first of the five renders them all, as the query counts "
        "show). The empty-cache column is the median of three renders with nothing kept at "
        "all (the first request after a cache flush).",
    ]
    half = q.get("half")
    if half:
        lines += ["", *_per_row(q, half, sizes)]
    return lines


def _per_row(q: dict, half: dict, sizes: dict) -> list[str]:
    """What one more session (agenda) or speaker (speakers page) costs a render: the
    same pages of an event half the size, the difference divided by the rows between."""
    rows = []
    for page, size, noun in (
        ("agenda", sizes["sessions"], "session"),
        ("speakers", sizes["speakers"], "speaker"),
    ):
        full, small, extra = q[f"en:{page}"], half[page], size - size // 2
        if extra <= 0:
            continue
        cold = (full["cold_cpu_ms"] - small["cold_cpu_ms"]) / extra
        empty = (full["empty_cpu_ms"] - small["empty_cpu_ms"]) / extra
        rows.append(
            f"| {page} | {size // 2} → {size} {noun}s | {small['cold_cpu_ms']:g} → "
            f"{full['cold_cpu_ms']:g} | **{cold:.3f}** | {small['empty_cpu_ms']:g} → "
            f"{full['empty_cpu_ms']:g} | {empty:.3f} |"
        )
    if not rows:
        return []
    return [
        "Per extra row: the same pages (English) of an event with half the sessions and "
        "speakers (`bench-half`), measured the same way; the difference in CPU divided "
        "by the rows between them.",
        "",
        "| page | rows | cold CPU ms | cold ms per extra row | empty-cache CPU ms "
        "| empty-cache ms per extra row |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
        *rows,
    ]


def _surge_ok(s: dict, sizes: dict) -> bool:
    d = s["database"]
    seats = d.get("seats_left_before", d["capacity"])
    confirmed = d["statuses"].get("confirmed", 0)
    waitlisted = d["statuses"].get("waitlisted", 0)
    made = sum(s["post_statuses"].values())
    return (
        made == sizes["surge"]
        and confirmed == seats
        and d.get("confirmed_in_all", confirmed) == d["capacity"]
        and waitlisted == made - seats
        and d["rows"] == made
        and d["lost"] == 0
        and d["duplicate_emails"] == 0
        and d["unexpected"] == 0
        and not any(int(status) >= 500 for status in s["post_statuses"])
        and not any(int(status) >= 500 for status in s["form"]["statuses"])
        and not s["client_errors"]
    )


def _surge(report: dict) -> list[str]:
    """Section 2: the registration surge and its outcome in the database."""
    s = report.get("surge")
    if not s:
        return []
    sizes = report["sizes"]
    lines = []
    d = s["database"]
    made = sum(s["post_statuses"].values())
    ok = _surge_ok(s, sizes)
    lines += [
        "",
        "## 2. Registration surge",
        "",
        f"{sizes['surge']:,} sign-ups from {CLIENTS} concurrent clients for an event with "
        f"{d['capacity']} seats (open mode, waiting list on), {report['database']}. Each "
        "client acts like a browser: GET the form (CSRF cookie, token, submission key), "
        "POST it back with cookie, Origin and Referer, expect the 302 to the manage "
        "page (not followed). All clients share 127.0.0.1, so the per-address limit "
        "was raised for this run (`REGISTRATION_RATE_LIMIT=1000000`; by default 30 per "
        "address per 10 minutes). Each sign-up is a new visitor (no cookies kept from "
        "the one before). Each sign-up's email is rendered and stored in the outbox "
        "inside its transaction, as in production, before the event's row lock is "
        "taken (sign-ups queue on that lock for the count that decides the seat and "
        "the commit only); sending it is the mail worker's (`EMAIL_DELIVERY=worker`, "
        "the production default), which the bench does not run: no SMTP round trip "
        "and no QR-code PNG is in these figures.",
        "",
        f"- **{s['signups_per_minute']:,.0f} sign-ups per minute** "
        f"({made:,} of {sizes['surge']:,} in {s['wall_seconds']:.1f} s"
        + ("" if made == sizes["surge"] else "; stopped at the time bound")
        + ")",
        f"- POST latency p50 {s['post']['p50_ms']:.0f} ms, **p99 {s['post']['p99_ms']:.0f} "
        f"ms**; form GET p50 {s['form']['p50_ms']:.0f} ms, p99 {s['form']['p99_ms']:.0f} "
        f"ms; GET + POST p99 {s['whole']['p99_ms']:.0f} ms",
        f"- Load generator CPU: {s['client_cpu_seconds']:.0f} s over the {s['wall_seconds']:.0f} s",
        f"- POST answers: {s['post_statuses']}; GET answers: {s['form']['statuses']}; "
        f"client-side errors: {s['client_errors'] or 'none'}",
        f"- In the database: {d['statuses']}; {d['rows']:,} rows, "
        f"{d['distinct_emails']:,} distinct emails, {d['duplicate_emails']} duplicated, "
        f"{d['lost']} lost (sent but not stored), {d['unexpected']} unexpected; "
        f"{d['status_changes']:,} history rows, {d['emails_queued']:,} emails queued",
        f"- One sign-up in-process (median of 10, no concurrency): form GET "
        f"{s['cost']['get_cpu_ms']:g} ms CPU and {s['cost']['get_queries']} queries; "
        f"POST {s['cost']['post_cpu_ms']:g} ms CPU and {s['cost']['post_queries']} "
        "queries (the email rendered and stored in the outbox; not sent: that is the "
        "worker's)",
        f"- **Outcome: {'as expected' if ok else 'NOT as expected'}** "
        f"(exactly {d['capacity']} confirmed, the rest waitlisted, no 5xx, "
        "no lost or duplicate record)",
    ]
    busy = report.get("surge_busy")
    if busy:
        b = busy["database"]
        lines += [
            "",
            f"The same surge against an event that already holds {b['seeded']:,} "
            f"registrations ({b['capacity'] - b['seats_left_before']:,} of them confirmed, "
            f"{b['seats_left_before']} seats left): does a sign-up cost more as the event fills?",
            "",
            f"- **{busy['signups_per_minute']:,.0f} sign-ups per minute**; POST p50 "
            f"{busy['post']['p50_ms']:.0f} ms, **p99 {busy['post']['p99_ms']:.0f} ms**; "
            f"form GET p99 {busy['form']['p99_ms']:.0f} ms",
            f"- New rows: {b['statuses']}; {b['duplicate_emails']} duplicated, {b['lost']} lost, "
            f"{b['unexpected']} unexpected; confirmed in all: {b['confirmed_in_all']:,} of "
            f"{b['capacity']:,} seats",
            f"- **Outcome: {'as expected' if _surge_ok(busy, sizes) else 'NOT as expected'}**",
        ]
    return lines


def _export(report: dict) -> list[str]:
    """Section 3: the CSV export's time, memory and queries, against COPY."""
    e = report.get("export")
    if not e:
        return []
    lines = []
    copy = e.get("copy")
    lines += [
        "",
        "## 3. CSV export",
        "",
        f"`manage.py export_attendees` of {e['rows']:,} registrations (the event has three "
        f"attendance options), {report['database']}, timed in-process (Django start-up "
        "excluded) in a fresh subprocess.",
        "",
        f"- Time: **{e['seconds']:.1f} s** ({e['rows'] / e['seconds']:,.0f} rows/s), "
        f"{e['bytes'] / 1024 / 1024:.1f} MiB written",
        f"- Peak memory: max RSS {e['peak_rss_kib'] / 1024:.0f} MiB, of which "
        f"{(e['peak_rss_kib'] - e['baseline_rss_kib']) / 1024:.0f} MiB above the process "
        f"after Django set-up; Python allocations peak (tracemalloc, separate run, "
        f"{e['tracemalloc_seconds']:.1f} s) **{e['tracemalloc_peak_kib'] / 1024:.1f} MiB**",
        f"- Queries: **{e['queries']}** ({', '.join(e['query_kinds'])}; the registrations "
        "are read through one server-side cursor)",
    ]
    if copy:
        lines += [
            f"- PostgreSQL `COPY (SELECT …) TO STDOUT WITH CSV` of the same rows, columns "
            f"and order (raw values: no labels, no formula neutralising) through psycopg: "
            f"{copy['seconds']:.2f} s, {copy['bytes'] / 1024 / 1024:.1f} MiB; "
            f"**export / COPY = {e['seconds'] / copy['seconds']:.1f}×**",
        ]
    else:
        lines.append("- COPY comparison: not run (needs PostgreSQL).")
    return lines


def _tests(report: dict) -> list[str]:
    """Section 4: the test suite's wall and CPU time."""
    t = report.get("tests")
    if not t:
        return []
    lines = []
    lines += [
        "",
        "## 4. Test suite",
        "",
        f"`pytest` with the venv, as `make test` runs it (SQLite, test settings): "
        f"**{t['wall_seconds']:.0f} s wall**, {t['cpu_seconds']:.0f} s CPU; {t['summary']}.",
        "Wall time depends on what else the machine runs; CPU time much less so.",
    ]
    return lines


SECTIONS = (_machine, _pages, _surge, _export, _tests)


def render(report: dict) -> str:
    """RESULTS.md from a report: the machine, then each section the run measured."""
    return "\n".join(line for section in SECTIONS for line in section(report)) + "\n"


# --- main --------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the benchmarks, rewrite RESULTS.md.")
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs")
    parser.add_argument("--skip-tests", action="store_true", help="leave out section 4")
    parser.add_argument("--output", help="where to write (default benchmarks/RESULTS.md)")
    parser.add_argument(
        "--from-report", metavar="JSON", help="only rewrite the file from a saved report.json"
    )
    args = parser.parse_args(argv)
    if args.from_report:
        report = json.loads(Path(args.from_report).read_text())
        output = Path(args.output or ROOT / "benchmarks/RESULTS.md")
        output.write_text(render(report))
        log(f"wrote {output} from {args.from_report}")
        return
    sizes = QUICK if args.quick else Sizes()
    output = Path(
        args.output or (WORK / "RESULTS-quick.md" if args.quick else ROOT / "benchmarks/RESULTS.md")
    )
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "probes.log").write_text("")
    began = time.perf_counter()
    report = {"sizes": vars(sizes), "notes": [], "load_start": loadavg()}
    if args.quick:
        report["notes"].append("**Quick run** (`--quick`): small sizes, not the published figures.")

    with Services() as services:
        database_url, pg_version = services.postgres()
        redis_url, redis_version = services.redis()
        report["machine"] = machine(pg_version, redis_version)
        if database_url is None:
            sqlite = WORK / "bench.sqlite3"
            for leftover in WORK.glob("bench.sqlite3*"):
                leftover.unlink()
            database_url = f"sqlite:///{sqlite}"
            report["database"] = "SQLite (PostgreSQL was unreachable)"
            report["notes"].append(
                "PostgreSQL was unreachable: every figure is on SQLite, and the COPY ratio is "
                "missing. SQLite serialises writes, so the surge figures say little about "
                "production."
            )
        else:
            report["database"] = f"PostgreSQL {pg_version} (database {PG_DATABASE})"
        env = {
            **{k: v for k, v in os.environ.items() if k not in BENCH_VARIABLES},
            "DJANGO_SETTINGS_MODULE": "conference.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.urandom(32).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            # Plain HTTP on loopback: no HTTPS redirect, cookies a client may send back.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "REGISTRATION_RATE_LIMIT": "1000000",
            "STATIC_ROOT": str(WORK / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "BENCH_CEILING_VIEW": "1",
        }
        if redis_url:
            env["REDIS_URL"] = redis_url
            env["CACHE_KEY_PREFIX"] = "bench"
        else:
            report["notes"].append(
                "redis-server not installed: each gunicorn worker had its own local-memory cache."
            )

        log(f"migrate, collectstatic ({report['database']})")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        log("seed the events")
        seed_started = time.perf_counter()
        seed(env, "bench", sizes.sessions, sizes.speakers, sizes.registrations)
        # Half the programme: what one more session or speaker costs a render.
        seed(env, "bench-half", sizes.sessions // 2, sizes.speakers // 2, 0)
        seed(env, "bench-surge", 0, 0, 0, "--capacity", str(sizes.seats), "--mode", "open")
        # The same surge against an event that already holds `registrations` sign-ups
        # (seed_bench cancels one in 20 and confirms the rest): `seats` seats left.
        busy_confirmed = sizes.registrations - sizes.registrations // 20
        seed(env, "bench-surge-busy", 0, 0, sizes.registrations, "--capacity",
             str(busy_confirmed + sizes.seats), "--mode", "open")  # fmt: skip
        seed(env, "bench-export", 0, 0, sizes.export_rows)
        report["notes"].append(
            f"Seeding all four events took {time.perf_counter() - seed_started:.0f} s."
        )

        # Counted in-process with a local-memory cache, before the server fills Redis.
        probe_env = {k: v for k, v in env.items() if k not in ("REDIS_URL", "CACHE_KEY_PREFIX")}
        report["queries"] = probe(
            probe_env, "queries", "--slug", "bench", "--half-slug", "bench-half"
        )

        with Services() as servers:
            port, report["gunicorn"] = servers.gunicorn(env)
            report["pages"] = public_pages(port, sizes, "bench")
            report["surge"] = surge(port, sizes, env, "bench-surge")
            report["surge_busy"] = surge(port, sizes, env, "bench-surge-busy", cost=False)
        server_log = (WORK / "gunicorn.log").read_text(errors="replace")
        report["gunicorn"]["recycled"] = server_log.count("Autorestarting worker")
        # gunicorn is stopped: the export is timed with the machine to itself.
        report["export"] = export(env, "bench-export")

    if not args.skip_tests:
        report["tests"] = test_suite()
    report["load_end"] = loadavg()
    report["total_seconds"] = time.perf_counter() - began
    (WORK / "report.json").write_text(json.dumps(report, indent=2, default=str))
    output.write_text(render(report))
    log(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
