"""Fixtures for the tests that need the machine's tools: Chromium, Java and npm.

The browser is Debian's Chromium driven by Playwright for Python (``playwright install``
is never run: it would download a browser of its own). One browser serves the whole
session; every test gets a fresh context, so cookies and storage never leak between
tests. Where a tool is missing the tests skip and say which one, except in CI
(``CI`` set), where a missing tool is a failure: .ci/run installs them.
"""

import os
import shutil
from pathlib import Path

import pytest

# run_axe, screenshot and watch_console lived here before tests/browser/helpers.py; still
# importable from here for branches written before the move. New code imports the helpers.
from tests.browser.helpers import ROOT, missing, run_axe, screenshot, watch_console  # noqa: F401
from tests.browser.vnu import VnuServer, fetch_vnu_jar

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that keep the browser off the network and quiet: no updates, no sync, no QUIC.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The narrowest phones still common (many Android models): the speaker's page is tried here.
SMALL_PHONE = {"width": 360, "height": 740}
# WCAG 1.4.10's reflow width: 1280 CSS px at 400 % zoom. Nothing may scroll sideways here.
NARROW = {"width": 320, "height": 640}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE, "small-phone": SMALL_PHONE, "narrow": NARROW}

AXE_VERSION = "4.14.1"
AXE_JS = Path(__file__).resolve().parents[1] / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"

# vnu.jar is ~30 MB: fetched with npm into var/ on first use, not kept in git.
VNU_VERSION = "26.9.27"
VNU_DIR = ROOT / "var" / "vnu" / VNU_VERSION


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install -r requirements.txt)")
    # Playwright's sync API keeps an event loop running in this thread from here on,
    # and Django refuses ORM calls (the tests' own, and the database flush between
    # tests) beside a running loop unless told that this synchronous code is safe.
    # Hence the browser tests run last (tests/conftest.py): the flag reaches no other test.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts on the live server; all are closed after the test.

    The site's Content-Security-Policy stays in force (no ``bypass_csp``): axe is
    injected with ``page.evaluate``, which CSP does not govern.
    """
    contexts = []

    def make(viewport="desktop", **options):
        size = VIEWPORTS[viewport]
        if viewport in ("phone", "small-phone", "narrow"):
            options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2, **options}
        context = browser.new_context(
            base_url=live_server.url,
            viewport=size,
            locale=options.pop("locale", "en-GB"),
            timezone_id="Asia/Tokyo",
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A desktop page in English."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def demo_event(db, _demo_rows):
    """The Tokyo 2016 demo: its agenda, speakers, venue and 40 delegates (an archive now),
    and its illustrative next edition, dated from the day the session's rows were made."""
    from django.core.management import call_command
    from django.db import connection

    from composition.demo import EVENT_SLUG
    from conference.models import Event

    # A live server's test starts from an emptied database (the flush after each such
    # test) and gets the same rows every time. On the in-memory SQLite of `make test`
    # the whole database as it stands after the first load is kept, and copied back
    # for the next test with SQLite's backup API: a millisecond instead of ~900
    # queries. Inside a test's transaction (no live server), and on PostgreSQL, the
    # rows are loaded.
    connection.ensure_connection()
    restorable = (
        connection.vendor == "sqlite"
        and connection.is_in_memory_db()
        and not connection.in_atomic_block
    )
    snapshot = _demo_snapshots.get(str(_demo_rows)) if restorable else None
    if snapshot is not None:
        snapshot.backup(connection.connection)
    else:
        call_command("loaddata", str(_demo_rows), verbosity=0)
        if restorable:
            import sqlite3

            snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot)
            _demo_snapshots[str(_demo_rows)] = snapshot
    return Event.objects.get(slug=EVENT_SLUG)


# {rows file: in-memory copy of the test database with the demo loaded}; see demo_event.
_demo_snapshots = {}


@pytest.fixture
def upcoming_event(demo_event):
    """The demo's illustrative next edition, dated from today: the one taking sign-ups."""
    from composition.demo import NEXT_EDITION_SLUG
    from conference.models import Event

    return Event.objects.get(slug=NEXT_EDITION_SLUG)


@pytest.fixture(autouse=True)
def _site_url(settings, request):
    """Links in emails point at the live server when a test runs one."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture(scope="session")
def vnu():
    """A function that checks HTML documents with the Nu Html Checker."""
    java = shutil.which("java")
    if java is None:
        missing("no Java to run the Nu Html Checker (apt-get install default-jre-headless)")
    jar = VNU_DIR / "vnu.jar"
    if not jar.exists():
        npm = shutil.which("npm")
        if npm is None:
            missing(f"no npm to fetch vnu-jar@{VNU_VERSION} (apt-get install npm)")
        fetch_vnu_jar(npm, VNU_DIR, VNU_VERSION)
    server = VnuServer(java, jar)
    yield server.check
    server.stop()
