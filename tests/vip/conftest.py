import pytest

from tests.factories import (
    EventFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    UserFactory,
    tokyo,
)
from vip import services


@pytest.fixture(autouse=True)
def _before_the_event(clock):
    """Every test here starts a fortnight before the factories' event (conftest.clock)."""


@pytest.fixture
def event(db):
    return EventFactory(contact_email="office@dialogue.example.org", contact_name="Kenji Mori")


@pytest.fixture
def speaker(db):
    return SpeakerFactory(
        honorific="Air Chief Marshal Sir",
        given_name="Stephen",
        family_name="Hillier",
        email="s.hillier@example.org",
    )


@pytest.fixture
def keynote(event, speaker):
    session = SessionFactory(
        event=event,
        title="Opening keynote",
        title_ja="基調講演",
        slug="opening-keynote",
        starts_at=tokyo(event.start_date, 9, 30),
        ends_at=tokyo(event.start_date, 10, 15),
        room="Main hall",
    )
    return SessionRoleFactory(session=session, speaker=speaker, role="keynote", is_confirmed=False)


@pytest.fixture
def panel(event, speaker):
    session = SessionFactory(
        event=event,
        title="Maritime security panel",
        slug="maritime-panel",
        starts_at=tokyo(event.start_date, 11),
        ends_at=tokyo(event.start_date, 12, 30),
    )
    return SessionRoleFactory(
        session=session, speaker=speaker, role="panellist", is_confirmed=False
    )


@pytest.fixture
def organiser(db):
    return UserFactory(groups=["Organisers"])


@pytest.fixture
def invitation(clock, event, speaker, keynote, panel, organiser):
    return services.invite_speaker(
        event=event, speaker=speaker, roles=[keynote, panel], language="en", by=organiser
    )
