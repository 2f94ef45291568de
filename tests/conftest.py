import pytest

from tests.factories import EventFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder that disappears after each test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def event(db):
    return EventFactory()
