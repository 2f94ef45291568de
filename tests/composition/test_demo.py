import pytest
from django.core.management import call_command

from composition.demo import EVENT_SLUG, load_demo
from conference.models import Event, Session, SessionRole, Theme, Venue
from registrations.models import (
    AttendanceOption,
    Invitation,
    Registration,
    RegistrationStatusChange,
)
from speakers.models import Speaker

pytestmark = pytest.mark.django_db

MODELS = [
    Venue, Event, Theme, Session, SessionRole, Speaker, AttendanceOption, Invitation,
    Registration, RegistrationStatusChange,
]  # fmt: skip


def snapshot():
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS}


def test_load_demo_twice_changes_nothing():
    load_demo()
    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


def test_load_demo_restores_what_an_organiser_changed():
    event = load_demo()
    Event.objects.filter(pk=event.pk).update(capacity=3, is_published=False)
    load_demo()
    event.refresh_from_db()
    assert (event.capacity, event.is_published) == (150, True)


def test_demo_is_the_tokyo_2016_dialogue():
    event = load_demo()
    assert event.slug == EVENT_SLUG
    assert event.name == "3rd UK-Japan Security Dialogue"
    assert event.name_ja == "第3回 日英安全保障対話"
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == (
        "2016-11-01",
        "2016-11-02",
    )
    assert event.venue.name == "International Conference Hall"
    assert event.venue.building == "First Members' Building of the House of Representatives"
    assert list(event.themes.values_list("title", flat=True)) == [
        "Shared geopolitical risks",
        "Joint defence equipment initiatives",
        "Technology on the battlefield and expeditionary forces",
        "Non-conventional threats",
        "Technology cooperation against terrorism",
    ]
    assert "illustrative" in event.description


def test_demo_has_the_six_named_speakers_with_their_titles():
    load_demo()
    names = sorted(str(speaker) for speaker in Speaker.objects.all())
    assert names == [
        "Admiral Umio Otsuka",
        "Air Chief Marshal Sir Stephen Hillier",
        "General Sir Richard Barrons",
        "Mr Itsunori Onodera MP",
        "Mr Kimihiro Ishikane",
        "Mr Shigeo Yoneda",
    ]
    ishikane = Speaker.objects.get(slug="kimihiro-ishikane")
    assert ishikane.position == "Deputy Vice-Minister for Foreign Policy"
    assert ishikane.organisation == "Ministry of Foreign Affairs of Japan"
    assert Speaker.objects.get(slug="shigeo-yoneda").organisation == "National Police Agency"


def test_demo_agenda_spans_both_days_inside_the_event():
    event = load_demo()
    sessions = list(event.sessions.all())
    days = {session.starts_at.astimezone(event.tzinfo).date().isoformat() for session in sessions}
    assert days == {"2016-11-01", "2016-11-02"}
    for session in sessions:
        session.full_clean()  # every session ends after it starts, inside the event's dates
    themed = {session.theme.title for session in sessions if session.theme}
    assert len(themed) == 5


def test_demo_registrations_cover_every_status_and_japanese_names():
    load_demo()
    registrations = Registration.objects.all()
    assert registrations.count() == 40
    statuses = set(registrations.values_list("status", flat=True))
    assert statuses == set(Registration.Status.values)
    assert registrations.exclude(japanese_name="").count() >= 10
    assert set(registrations.values_list("nationality", flat=True)) == {"GB", "JP"}
    for registration in registrations:
        registration.full_clean()
