import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import EventFactory
from tests.helpers import RedisServer

# A fixed "now" for tests of anything dated: a fortnight before the factories' event
# (1-2 November 2016, Tokyo), so it is upcoming and can take sign-ups.
BEFORE_THE_EVENT = datetime(2016, 10, 17, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def pytest_collection_modifyitems(items):
    """Run order: each module's tests that read the shared demo after its other tests, so
    those never see it (``demo`` below), and the browser tests after all others (the
    browser's event loop must not meet other tests: tests/browser/conftest.py). A stable
    sort keeps the written order otherwise, and each module's tests together."""
    modules = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], len(modules))
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            modules[item.nodeid.split("::", 1)[0]],
            "demo" in item.fixturenames,
        )
    )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder that disappears after each test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The local-memory cache outlives a test: start each one with nothing in it
    (rate-limit counts, cached pages, sessions read through the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever language an earlier one activated (a request
    to /ja/ activates Japanese for the thread, and factories would then fill the _ja
    fields)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def private_redis(tmp_path):
    import os
    import shutil

    executable = shutil.which("redis-server")
    if executable is None:
        reason = "needs redis-server for a Redis of the test's own (apt-get install redis-server)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    server = RedisServer(executable, tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def clock():
    """Time stands at ``BEFORE_THE_EVENT`` (and runs on from there) for the whole test.

    ``clock.move_to(instant)`` moves it. Registration windows, closing messages and
    the demo's dates all depend on today; with this the tests do not.
    """
    with time_machine.travel(BEFORE_THE_EVENT) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's rows as a ``loaddata`` fixture file, made once per session (per xdist
    worker) in a transaction that is rolled back.

    Loading these rows costs a fifth of building the demo again: the modules that read
    the demo (``_demo_for_module``) and the browser tests, whose live server empties the
    database after each test (``demo_event`` in tests/browser/conftest.py), start from
    them. The loader itself is tested by the modules that set ``DEMO_FROM_LOADER``.
    """
    from django.apps import apps
    from django.core import serializers
    from django.db import transaction

    from composition.demo import load_demo

    models = [model for model in apps.get_models() if model._meta.managed]
    models = [model for model in models if not model._meta.proxy]
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
        load_demo()
        rows = [
            row
            for model in models
            for row in model.objects.order_by("pk")
            if row.pk not in before[model]
        ]
        data = serializers.serialize("json", rows)  # reads the many-to-many links too
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def _demo_for_module(request, django_db_setup, django_db_blocker):
    """The Tokyo 2016 demo, in the database once per test module inside a transaction
    that is rolled back after the module's last test, as Django's
    ``TestCase.setUpTestData`` does for a class.

    Loaded from the session's rows (``_demo_rows``, ~900 queries), or built by
    ``load_demo`` itself (~2,500) in a module that tests the loader: one that sets
    ``DEMO_FROM_LOADER = True``.
    """
    from django.core.management import call_command
    from django.db import transaction

    from composition.demo import EVENT_SLUG, load_demo
    from conference.models import Event

    rows = None
    if not getattr(request.module, "DEMO_FROM_LOADER", False):
        rows = request.getfixturevalue("_demo_rows")
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            if rows is None:
                event = load_demo()
            else:
                call_command("loaddata", str(rows), verbosity=0)
                event = Event.objects.get(slug=EVENT_SLUG)
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    yield event
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def demo(request, db, _demo_for_module):
    """The Tokyo 2016 demo event: its agenda, speakers, venue and 40 delegates.

    Loaded once per module; each test runs in a savepoint inside the module's transaction,
    so what a test changes is undone for the next one, and it gets its own copy of the
    event object. Not for transactional tests (``transactional_db``, ``live_server``):
    their flush would empty the module's data. Those load the demo themselves
    (``demo_event`` in tests/browser/conftest.py). Tests using this fixture run after
    their module's other tests (``pytest_collection_modifyitems`` above), which never see
    the demo.
    """
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker and marker.kwargs.get("transaction")
    ):
        pytest.fail("`demo` is for non-transactional tests: load the demo in the test")
    return copy.deepcopy(_demo_for_module)
