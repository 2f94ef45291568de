import io

import pytest
from django.core.management import CommandError, call_command

from conference.models import Event, Session, SessionRole
from registrations.models import AttendanceOption, Registration, generate_reference
from speakers.models import Speaker
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SMALL = {"sessions": 12, "speakers": 10, "registrations": 30, "capacity": 20}


def seed(**options):
    call_command("seed_bench", stdout=io.StringIO(), **{**SMALL, **options})
    return Event.objects.get(slug=options.get("slug", "bench"))


def snapshot(event):
    """Everything the command made, without primary keys, references or timestamps."""
    return {
        "event": Event.objects.filter(pk=event.pk)
        .values_list("name_en", "capacity", "registration_mode", "waiting_list_enabled")
        .get(),
        "sessions": list(
            Session.objects.filter(event=event)
            .order_by("slug")
            .values_list("slug", "title_en", "starts_at", "ends_at", "theme__title_en")
        ),
        "roles": sorted(
            SessionRole.objects.filter(session__event=event).values_list(
                "session__slug", "speaker__slug", "role", "order", "is_confirmed"
            )
        ),
        "speakers": list(
            Speaker.objects.filter(slug__startswith="bench-speaker-")
            .order_by("slug")
            .values_list("slug", "given_name", "family_name", "is_published")
        ),
        "registrations": list(
            Registration.objects.filter(event=event)
            .order_by("email")
            .values_list("email", "status", "family_name", "organisation", "nationality")
        ),
        "attending": sorted(
            Registration.attendance_options.through.objects.filter(
                registration__event=event
            ).values_list("registration__email", "attendanceoption__name_en")
        ),
    }


def test_seed_bench_creates_the_requested_sizes():
    event = seed()

    assert event.is_published
    assert event.registration_window() == Event.RegistrationWindow.OPEN
    assert Session.objects.filter(event=event).count() == 12
    assert Speaker.objects.filter(slug__startswith="bench-speaker-").count() == 10
    assert AttendanceOption.objects.filter(event=event).count() == 3
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 30
    assert registrations.filter(status="confirmed").count() == 20
    assert registrations.values("reference").distinct().count() == 30


def test_seed_bench_gives_every_speaker_a_session_within_the_event():
    event = seed()

    appearing = SessionRole.objects.filter(session__event=event).values("speaker").distinct()
    assert appearing.count() == 10
    first, last = event.local_day_bounds()
    for session in Session.objects.filter(event=event):
        assert first <= session.starts_at < session.ends_at <= last


def test_seed_bench_twice_leaves_the_same_rows():
    before = snapshot(seed())

    after = snapshot(seed())

    assert after == before
    assert Event.objects.filter(slug="bench").count() == 1


def test_seed_bench_with_nothing_but_seats_makes_an_empty_open_event():
    event = seed(slug="surge", sessions=0, speakers=0, registrations=0, capacity=300)

    assert (event.capacity, event.registration_mode, event.waiting_list_enabled) == (
        300,
        Event.RegistrationMode.OPEN,
        True,
    )
    assert not Registration.objects.filter(event=event).exists()
    assert not Session.objects.filter(event=event).exists()


def test_seed_bench_refuses_to_replace_a_real_event():
    real = EventFactory(slug="tokyo-2016")

    with pytest.raises(CommandError, match="real event"):
        seed(slug="tokyo-2016")

    assert Event.objects.get(slug="tokyo-2016").pk == real.pk


def test_seed_bench_agenda_lists_every_public_session(client):
    event = seed()

    response = client.get(f"/{event.slug}/agenda/")

    assert response.content.decode().count('class="agenda-item"') == 12


def test_reference_is_unique_and_well_formed():
    references = {generate_reference(number=number) for number in range(10_000)}

    assert len(references) == 10_000
    assert all(len(value) == 9 and value[4] == "-" for value in references)
