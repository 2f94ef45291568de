import pytest

from tests.factories import EventFactory


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
    """Each test starts in English, whatever language an earlier one activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
