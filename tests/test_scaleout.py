"""Two app servers, one site: real gunicorn instances against the same PostgreSQL and Redis.

Needs PostgreSQL (DATABASE_URL=postgres://…) and Redis (TEST_REDIS_URL, default
redis://127.0.0.1:6379/0); skipped without them, except under REQUIRE_SERVICES=1,
which `make test-postgres` in .ci/run sets, where a missing service fails the test.
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from conference.models import Event
from registrations.models import Registration
from tests.factories import AttendanceOptionFactory, EventFactory
from tests.helpers import form_data

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STARTUP_SECONDS = 60
REQUEST_SECONDS = 30


def _unavailable(reason):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1: the two-instance test must run here)")
    pytest.skip(reason)


def _redis_answers(url) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, headers=None, timeout=REQUEST_SECONDS):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(url, data, headers, timeout=REQUEST_SECONDS):
    body = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


_static_roots = {}


def _collected_static(tmp_path_factory):
    """collectstatic once per run with the production settings: the pages' hashed names
    need the manifest.

    Collected by WhiteNoise's storage's parent, Django's ``ManifestStaticFilesStorage``:
    the same hashed copies and the same manifest, without the gzip and Brotli copies of
    every file (three quarters of collectstatic's time), which no test here fetches.
    """
    if "root" in _static_roots:
        return _static_roots["root"]
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "conference.settings", "DEBUG": "0"}
    env.update(SECRET_KEY="collectstatic-only", STATIC_ROOT=str(root))
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    _static_roots["root"] = root
    return root


@pytest.fixture
def app_servers(tmp_path, tmp_path_factory):
    """Start gunicorn instances of the production settings on free loopback ports.

    ``start(count, **env)`` returns their base URLs once each answers /healthz with
    200; every instance is stopped after the test. The instances use the test
    database this test process uses, so the test must commit what they should see
    (``transactional_db``).
    """
    processes = []

    def start(count, **extra_env):
        database = connection.settings_dict
        if connection.vendor != "postgresql":
            _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://… (make test-postgres)")
        if not _redis_answers(REDIS_URL):
            _unavailable(f"needs Redis at {REDIS_URL} (TEST_REDIS_URL)")
        try:
            import gunicorn  # noqa: F401
        except ImportError:
            _unavailable("needs gunicorn (make install)")
        collected_static = _collected_static(tmp_path_factory)
        database_url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **{key: urllib.parse.quote(str(database[key] or ""), safe="") for key in database}
            | {"HOST": database["HOST"] or "127.0.0.1", "PORT": database["PORT"] or 5432}
        )
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "DEBUG"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="conference.settings",
            DEBUG="0",
            SECRET_KEY=f"scale-out-test-{uuid.uuid4().hex}{uuid.uuid4().hex}",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            DATABASE_URL=database_url,
            REDIS_URL=REDIS_URL,
            # A fresh key space, so earlier runs' counts and pages are not seen.
            CACHE_KEY_PREFIX=f"scaleout-{uuid.uuid4().hex[:12]}",
            STATIC_ROOT=str(collected_static),
            MEDIA_ROOT=str(tmp_path / "media"),
            EMAIL_DELIVERY="worker",
            WEB_CONCURRENCY="2",
        )
        env.update(extra_env)
        urls = []
        for number in range(count):
            port = _free_port()
            log = open(tmp_path / f"gunicorn-{number}.log", "w")  # noqa: SIM115 (closed below)
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                 "conference.wsgi"],
                cwd=BASE_DIR,
                env={**env, "BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            processes.append((process, log))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + STARTUP_SECONDS
        for number, url in enumerate(urls):
            while True:
                process = processes[-count + number][0]
                if process.poll() is not None:
                    output = (tmp_path / f"gunicorn-{number}.log").read_text()[-3000:]
                    pytest.fail(f"gunicorn on {url} exited:\n{output}")
                try:
                    if _get(f"{url}/healthz", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn on {url} did not answer /healthz in time")
                time.sleep(0.2)
        return urls

    yield start
    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _sign_up(base_url, event, number, start_together):
    path = f"/{event.slug}/register/"
    status, headers, page = _get(base_url + path)
    assert status == 200, page[-500:]
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    try:
        data = form_data(
            event,
            email=f"delegate{number}@example.org",
            email_confirm=f"delegate{number}@example.org",
        )
    finally:
        # form_data read the options on this thread's own connection: close it, or its
        # session outlives the test and keeps the test database from being dropped.
        connections.close_all()
    data["csrfmiddlewaretoken"] = token
    start_together.wait()
    return _post(
        base_url + path,
        data,
        {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
    )


def test_two_instances_confirm_exactly_capacity_and_share_the_rate_limit(
    transactional_db, app_servers
):
    capacity, rate_limit, attempts = 5, 8, 12
    # The app servers run on the real clock: the event is a month ahead of it.
    start = timezone.localdate() + timedelta(days=30)
    event = EventFactory(
        slug="tokyo-race",
        start_date=start,
        end_date=start + timedelta(days=1),
        capacity=capacity,
        registration_mode=Event.RegistrationMode.OPEN,
        registration_opens_at=timezone.now() - timedelta(days=1),
    )
    AttendanceOptionFactory(event=event, name="Day 1", order=1)
    AttendanceOptionFactory(event=event, name="Day 2", order=2)
    AttendanceOptionFactory(event=event, name="Reception dinner", order=3)

    first, second = app_servers(
        2, REGISTRATION_RATE_LIMIT=str(rate_limit), REGISTRATION_RATE_WINDOW_SECONDS="600"
    )
    start_together = threading.Barrier(attempts, timeout=REQUEST_SECONDS)
    with ThreadPoolExecutor(max_workers=attempts) as pool:
        futures = [
            pool.submit(_sign_up, (first, second)[n % 2], event, n, start_together)
            for n in range(attempts)
        ]
        statuses = [future.result() for future in futures]

    # Every client is 127.0.0.1: one limit, counted in Redis by both instances.
    assert statuses.count(429) == attempts - rate_limit
    assert statuses.count(302) == rate_limit
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == rate_limit
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == capacity
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == (
        rate_limit - capacity
    )
