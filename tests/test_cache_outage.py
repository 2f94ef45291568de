"""Redis is a cache: the site keeps working without it, and only /healthz says it is gone.

With REDIS_URL pointing where nothing answers, or with Redis stopped or cut off half-way
through, every page still answers as it would (rendered instead of cached), sign-ups and
link requests go through (the rate limit lets them through, with a warning in the log),
staff stay signed in (sessions live in the database) and nothing is lost.
"""

import logging
import re
import socket
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conference.models import Event
from registrations.models import Registration
from tests.factories import AttendanceOptionFactory, EventFactory, UserFactory
from tests.helpers import form_data, redis_cache

pytestmark = pytest.mark.django_db


def _nothing_listens() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # the port is free again: nothing listens on it


@pytest.fixture
def open_event(db):
    start = timezone.localdate() + timedelta(days=30)  # sign-ups close when an event ends
    event = EventFactory(
        slug="tokyo-test",
        start_date=start,
        end_date=start + timedelta(days=1),
        capacity=3,
        registration_mode=Event.RegistrationMode.OPEN,
        registration_opens_at=timezone.now() - timedelta(days=1),
    )
    AttendanceOptionFactory(event=event, name="Day 1", order=1)
    AttendanceOptionFactory(event=event, name="Day 2", order=2)
    return event


@pytest.fixture
def organiser():
    return UserFactory(username="organiser", groups=["Organisers"])


def cache_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "conference.cache"]


def sign_up(client, event, number):
    email = f"delegate{number}@example.org"
    return client.post(
        reverse("registrations:register", kwargs={"event_slug": event.slug}),
        form_data(event, email=email, email_confirm=email),
    )


def test_every_kind_of_page_works_when_redis_is_unreachable(
    client, settings, open_event, organiser, caplog, django_capture_on_commit_callbacks
):
    settings.CACHES = redis_cache(_nothing_listens())
    caplog.set_level(logging.WARNING, logger="conference.cache")
    slug = open_event.slug

    for path in ("/events/", f"/{slug}/", f"/{slug}/agenda/", f"/ja/{slug}/", "/privacy/"):
        response = client.get(path)
        assert (path, response.status_code) == (path, 200)
        assert response["X-Page-Cache"] == "miss" if path != "/privacy/" else True
    assert client.get("/no-such-edition/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, open_event, 1)
    assert response.status_code == 302
    assert Registration.objects.get().email == "delegate1@example.org"
    assert [m.to for m in mail.outbox] == [["delegate1@example.org"]]
    # The success message (kept in a cookie) is shown on the manage page.
    assert "your place is confirmed" in client.get(response["Location"]).content.decode()

    resend = reverse("registrations:resend_link", kwargs={"event_slug": slug})
    response = client.post(resend, {"email": "delegate1@example.org"})
    assert response.status_code == 302

    client.force_login(organiser)  # the session goes to the database only
    for name in ("staff:dashboard", "staff:attendees", "staff:check_in"):
        assert client.get(reverse(name, kwargs={"event_slug": slug})).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200

    assert client.get("/healthz").status_code == 503
    # One warning for the whole outage, not one per request.
    assert cache_warnings(caplog) == [
        "cache unreachable (ConnectionError): serving without it, pages uncached, rate "
        "limits not enforced, sessions read from the database; retrying every 5s"
    ]


def test_the_rate_limit_fails_open_while_redis_is_unreachable(client, settings, open_event):
    settings.CACHES = redis_cache(_nothing_listens())
    settings.REGISTRATION_RATE_LIMIT = 1
    assert [sign_up(client, open_event, n).status_code for n in range(3)] == [302, 302, 302]
    assert Registration.objects.count() == 3


def test_redis_stopped_and_started_again_mid_run(
    client, settings, open_event, organiser, private_redis, caplog
):
    settings.CACHES = redis_cache(private_redis.url, RETRY_AFTER_SECONDS=0)
    caplog.set_level(logging.WARNING, logger="conference.cache")
    page = f"/{open_event.slug}/"
    dashboard = reverse("staff:dashboard", kwargs={"event_slug": open_event.slug})
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(page)["X-Page-Cache"] == "hit"
    staff = type(client)()
    staff.force_login(organiser)
    assert staff.get(dashboard).status_code == 200
    assert client.get("/healthz").status_code == 200

    private_redis.stop()
    response = client.get(page)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss")
    # Still signed in: the session is in the database.
    assert staff.get(dashboard).status_code == 200
    assert sign_up(type(client)(), open_event, 1).status_code == 302
    assert Registration.objects.count() == 1
    assert client.get("/healthz").status_code == 503

    private_redis.start()  # back, empty
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(page)["X-Page-Cache"] == "hit"
    assert staff.get(dashboard).status_code == 200
    assert client.get("/healthz").status_code == 200
    warnings = cache_warnings(caplog)
    assert [message.split(":")[0] for message in warnings[:1]] == [
        "cache unreachable (ConnectionError)"
    ]
    assert len(warnings) == 2
    assert re.fullmatch(
        r"cache reachable again; \d+ key\(s\) written during the outage cleared", warnings[1]
    )


def test_what_changed_while_redis_was_cut_off_is_not_served_stale_afterwards(
    client, settings, open_event, organiser, private_redis
):
    """A partition: Redis keeps its data but does not answer for a while."""
    settings.CACHES = redis_cache(
        private_redis.url,
        OPTIONS={"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        RETRY_AFTER_SECONDS=0,
    )
    page = f"/{open_event.slug}/"
    dashboard = reverse("staff:dashboard", kwargs={"event_slug": open_event.slug})
    client.get(page)
    assert client.get(page)["X-Page-Cache"] == "hit"
    staff = type(client)()
    staff.force_login(organiser)
    assert staff.get(dashboard).status_code == 200  # the session is now cached in Redis
    old_session = staff.cookies["sessionid"].value

    pause = 1.5
    paused_at = time.monotonic()
    private_redis.pause(pause)
    open_event.name = "Renamed Dialogue"
    open_event.save()  # the organiser's edit empties the page cache… which is unreachable
    staff.logout()  # and a staff member signs out
    time.sleep(max(0, pause + 0.2 - (time.monotonic() - paused_at)))

    assert "Renamed Dialogue" in client.get(page).content.decode()
    thief = type(client)()
    thief.cookies["sessionid"] = old_session
    response = thief.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_rate_limit_counts_in_redis_under_the_windows_expiry(
    client, settings, open_event, private_redis
):
    import redis
    from django.core.cache import cache

    settings.CACHES = redis_cache(private_redis.url)
    settings.REGISTRATION_RATE_LIMIT = 2
    assert [sign_up(client, open_event, n).status_code for n in range(3)] == [302, 302, 429]
    assert Registration.objects.count() == 2
    [key] = redis.Redis.from_url(private_redis.url).keys("*ratelimit:register:127.0.0.1*")
    assert redis.Redis.from_url(private_redis.url).get(key) == b"3"
    assert 0 < redis.Redis.from_url(private_redis.url).ttl(key) <= 600
    assert cache.count_in_window("another-counter", 60) == 1
