"""A small load generator: threads and ``http.client``, loopback only, bounded.

Every run stops by itself: after ``max_requests`` requests or ``duration``
seconds, whichever comes first, and every request has a socket timeout. It only
ever connects to 127.0.0.1 (``Target`` refuses anything else).

Two workloads:
- ``hammer``: N clients GET the same paths (or a fresh cache key each time, to miss
  the page cache) as fast as the server answers.
- ``sign_up``: N clients each behave like a browser on the registration form:
  GET the form (CSRF cookie, token and submission key from the page), POST it
  back with the cookie, Origin and Referer, and expect the redirect.
"""

import http.client
import itertools
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
# Cache-busting theme ids: unique across every run in this process, above any real id.
_UNSEEN_THEMES = itertools.count(1_000_000_000)


@dataclass(frozen=True)
class Target:
    port: int
    host: str = HOST

    def __post_init__(self):
        if self.host != HOST:
            raise ValueError("The load generator only talks to 127.0.0.1.")

    def connect(self, timeout: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Result:
    """Latencies (seconds) and status codes of one run."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    bytes_read: int = 0
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def p(self, fraction: float) -> float:
        return percentile(self.latencies, fraction)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def merge(self, other: "Result") -> "Result":
        merged = Result(
            latencies=self.latencies + other.latencies,
            bytes_read=self.bytes_read + other.bytes_read,
            elapsed=self.elapsed + other.elapsed,
        )
        for source in (self.statuses, other.statuses):
            for status, n in source.items():
                merged.statuses[status] = merged.statuses.get(status, 0) + n
        for source in (self.errors, other.errors):
            for error, n in source.items():
                merged.errors[error] = merged.errors.get(error, 0) + n
        return merged

    def summary(self) -> dict:
        return {
            "requests": self.count,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p(0.50) * 1000, 1),
            "p99_ms": round(self.p(0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1) if self.latencies else 0,
            "statuses": dict(sorted(self.statuses.items())),
            "errors": self.errors,
            "kb_per_response": round(self.bytes_read / self.count / 1024, 1) if self.count else 0,
        }


class _Collector:
    def __init__(self):
        self.lock = threading.Lock()
        self.result = Result()

    def add(self, latency: float, status: int, size: int):
        with self.lock:
            self.result.latencies.append(latency)
            self.result.statuses[status] = self.result.statuses.get(status, 0) + 1
            self.result.bytes_read += size

    def error(self, error: Exception):
        name = type(error).__name__
        with self.lock:
            self.result.errors[name] = self.result.errors.get(name, 0) + 1


# What every browser says: cached public pages then come gzip-compressed, and the
# KiB column counts the bytes sent.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}


def _get(connection, path, headers=None):
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    return response, body


def hammer(
    target: Target,
    paths: list[str],
    *,
    clients: int = 50,
    max_requests: int = 5000,
    duration: float = 10.0,
    timeout: float = 30.0,
    bust_cache: bool = False,
) -> Result:
    """GET ``paths`` round-robin from ``clients`` threads until the budget runs out.

    With ``bust_cache`` each request carries a query string never seen before,
    ``?theme=N`` with N above any real theme's id: the page cache only keys pages on
    numeric ``theme`` values (conference/cache.py), so this is a miss that renders the
    whole page (no theme matches), every time; an unknown theme is never stored.
    """
    collector = _Collector()
    tickets = itertools.count()
    deadline = time.monotonic() + duration
    start_gate = threading.Barrier(clients + 1)

    def client():
        connection = target.connect(timeout)
        start_gate.wait()
        try:
            while time.monotonic() < deadline:
                ticket = next(tickets)
                if ticket >= max_requests:
                    return
                path = paths[ticket % len(paths)]
                if bust_cache:
                    path = f"{path}{'&' if '?' in path else '?'}theme={next(_UNSEEN_THEMES)}"
                started = time.perf_counter()
                try:
                    response, body = _get(connection, path, BROWSER_HEADERS)
                except (OSError, http.client.HTTPException) as error:
                    collector.error(error)
                    connection.close()
                    connection = target.connect(timeout)
                    continue
                collector.add(time.perf_counter() - started, response.status, len(body))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(duration + timeout + 5)
    collector.result.elapsed = time.perf_counter() - began
    return collector.result


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]*)"')
_OPTION = re.compile(r'name="attendance_options" value="(\d+)"')


@dataclass
class SignUpResult:
    form: Result  # the GETs of the form
    post: Result  # the POSTs
    whole: Result  # GET + POST, as the delegate waits for both
    emails_sent: list[str]
    outcomes: dict[str, int]  # email -> POST status


def sign_up(
    target: Target,
    event_slug: str,
    *,
    total: int = 2000,
    clients: int = 50,
    timeout: float = 60.0,
    duration: float = 600.0,
    email_domain: str = "surge.example.org",
) -> SignUpResult:
    """``total`` distinct delegates register, ``clients`` at a time, like browsers."""
    form, post, whole = _Collector(), _Collector(), _Collector()
    outcomes: dict[str, int] = {}
    sent: list[str] = []
    lock = threading.Lock()
    tickets = itertools.count()
    deadline = time.monotonic() + duration
    path = f"/{event_slug}/register/"
    origin = f"http://{target.host}:{target.port}"
    start_gate = threading.Barrier(clients + 1)

    def client():
        cookies = SimpleCookie()
        connection = target.connect(timeout)

        def cookie_header():
            return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

        def keep_cookies(response):
            for header in response.msg.get_all("Set-Cookie") or []:
                cookies.load(header)

        start_gate.wait()
        try:
            while time.monotonic() < deadline:
                number = next(tickets)
                if number >= total:
                    return
                email = f"surge{number:05d}@{email_domain}"
                # Each sign-up is a new visitor: no cookies from the one before (its
                # flash message, shown by the redirect a browser would follow, would
                # otherwise wait in a cookie and keep the next form out of the cache).
                cookies.clear()
                started = time.perf_counter()
                try:
                    headers = {
                        **BROWSER_HEADERS,
                        **({"Cookie": cookie_header()} if cookies else {}),
                    }
                    response, body = _get(connection, path, headers)
                    form.add(time.perf_counter() - started, response.status, len(body))
                    keep_cookies(response)
                    page = body.decode()
                    token = _TOKEN.search(page)
                    if response.status != 200 or token is None:
                        raise RuntimeError(f"form answered {response.status} without a token")
                    fields = [
                        ("csrfmiddlewaretoken", token.group(1)),
                        ("submission_key", _SUBMISSION_KEY.search(page).group(1)),
                        ("honorific", "Dr"),
                        ("given_name", "Surge"),
                        ("family_name", f"Delegate {number}"),
                        ("email", email),
                        ("email_confirm", email),
                        ("organisation", "Load Test Institute"),
                        ("position", "Researcher"),
                        ("sector", "academia"),
                        ("nationality", "GB" if number % 2 else "JP"),
                        ("dietary_requirement", "none"),
                        ("interpretation", "none"),
                        ("privacy_consent", "on"),
                        ("website", ""),
                        *(("attendance_options", option) for option in _OPTION.findall(page)),
                    ]
                    payload = urlencode(fields)
                    with lock:
                        sent.append(email)
                    posted = time.perf_counter()
                    connection.request(
                        "POST",
                        path,
                        body=payload,
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": cookie_header(),
                            "Origin": origin,
                            "Referer": origin + path,
                        },
                    )
                    response = connection.getresponse()
                    body = response.read()
                    done = time.perf_counter()
                    keep_cookies(response)
                    post.add(done - posted, response.status, len(body))
                    whole.add(done - started, response.status, len(body))
                    with lock:
                        outcomes[email] = response.status
                except (OSError, http.client.HTTPException, RuntimeError, AttributeError) as error:
                    post.error(error)
                    connection.close()
                    connection = target.connect(timeout)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(duration + timeout + 5)
    elapsed = time.perf_counter() - began
    for collector in (form, post, whole):
        collector.result.elapsed = elapsed
    return SignUpResult(form.result, post.result, whole.result, sent, outcomes)
