from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from composition.demo import EVENT_SLUG, NEXT_EDITION_SLUG, load_demo
from conference.models import Event, Session, SessionRole, Theme, Venue
from messaging.models import Message, MessageRecipient
from messaging.selectors import sent_messages
from protocol.models import Delegation, PrecedenceCategory
from registrations import selectors
from registrations.models import (
    AttendanceOption,
    Invitation,
    Registration,
    RegistrationStatusChange,
)
from speakers.models import Speaker
from vip import selectors as vip_selectors
from vip.models import (
    InvitationActivity,
    InvitedAppearance,
    SpeakerInvitation,
    SpeakerLogistics,
    VipSettings,
)

pytestmark = pytest.mark.django_db
# These tests read what the loader builds: `demo` comes from load_demo itself here, not
# from the session's copy of its rows (tests/conftest.py).
DEMO_FROM_LOADER = True

MODELS = [
    Venue, Event, Theme, Session, SessionRole, Speaker, AttendanceOption, Invitation,
    Registration, RegistrationStatusChange, Delegation, PrecedenceCategory,
    Message, MessageRecipient,
    AttendanceOption.sessions.through, Registration.attendance_options.through,
    VipSettings, SpeakerInvitation, InvitedAppearance, InvitationActivity, SpeakerLogistics,
]  # fmt: skip


def snapshot():
    return {model._meta.label: sorted(model.objects.values_list()) for model in MODELS}


def test_load_demo_twice_changes_nothing(clock):
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


def test_demo_is_the_tokyo_2016_dialogue(demo):
    event = demo
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
    # Who held it, as the 2016 page says; it names no co-host, and the demo has no logo.
    assert (event.partner_line_en, event.partner_line_ja, event.logo.name) == (
        "Held by RUSI, the Royal United Services Institute",
        "主催：英国王立防衛安全保障研究所（RUSI）",
        "",
    )


def test_demo_has_the_six_named_speakers_with_their_titles(demo):
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


def test_demo_agenda_spans_both_days_inside_the_event(demo):
    event = demo
    sessions = list(event.sessions.all())
    days = {session.starts_at.astimezone(event.tzinfo).date().isoformat() for session in sessions}
    assert days == {"2016-11-01", "2016-11-02"}
    for session in sessions:
        session.full_clean()  # every session ends after it starts, inside the event's dates
    themed = {session.theme.title for session in sessions if session.theme}
    assert len(themed) == 5


def test_demo_registrations_cover_every_status_and_japanese_names(demo):
    # 40 fictional delegates, 3 observers and the 6 speakers as participants.
    registrations = Registration.objects.filter(event=demo)
    assert registrations.count() == 49
    assert registrations.filter(speaker__isnull=True).count() == 43
    statuses = set(registrations.values_list("status", flat=True))
    assert statuses == set(Registration.Status.values)
    assert registrations.exclude(japanese_name="").count() >= 10
    assert set(registrations.values_list("nationality", flat=True)) == {
        "GB", "JP", "US", "AU", "FR"
    }  # fmt: skip
    for registration in registrations:
        registration.full_clean()


def test_the_2016_edition_is_an_archive_that_takes_no_sign_ups(client, demo):
    event = demo

    assert event.registration_window() == Event.RegistrationWindow.CLOSED
    page = client.get("/tokyo-2016/register/").content.decode()
    assert (
        "Registration for 3rd UK-Japan Security Dialogue closed when the event ended, "
        "at the end of Wednesday 2 November 2016 (Asia/Tokyo)."
    ) in page
    assert 'name="given_name"' not in page


def test_the_illustrative_next_edition_is_dated_from_today_and_open():
    load_demo(today=date(2026, 3, 2))
    event = Event.objects.get(slug=NEXT_EDITION_SLUG)

    assert (event.name_en, event.name_ja) == (
        "4th UK-Japan Security Dialogue (illustrative)",
        "第4回 日英安全保障対話（デモ用の架空の回）",
    )
    assert event.summary_en.startswith("An illustrative edition for trying this site: not a real")
    assert event.summary_ja.startswith(
        "このサイトを試すための架空の回であり、実在の催しではありません。"
    )
    assert (event.start_date, event.end_date) == (date(2026, 5, 4), date(2026, 5, 5))
    assert event.registration_mode == Event.RegistrationMode.APPROVAL
    tokyo = ZoneInfo("Asia/Tokyo")
    assert event.registration_window(datetime(2026, 3, 2, 12, 0, tzinfo=tokyo)) == "open"
    assert event.registration_window(datetime(2026, 5, 6, 0, 0, tzinfo=tokyo)) == "closed"
    assert list(event.attendance_options.values_list("name", "capacity")) == [
        ("Day 1", None),
        ("Day 2", None),
        ("Evening reception (Day 1)", 60),
    ]
    assert list(event.themes.values_list("title", flat=True)) == [
        "Shared geopolitical risks",
        "Joint defence equipment initiatives",
        "Non-conventional threats",
    ]
    sessions = list(event.sessions.all())
    assert len(sessions) == 8
    for session in sessions:
        session.full_clean()  # inside the event's (moving) dates
    assert Speaker.objects.count() == 6  # the 2016 speakers, reused
    assert set(
        SessionRole.objects.filter(session__event=event).values_list("speaker__slug", flat=True)
    ) == {
        "kimihiro-ishikane",
        "richard-barrons",
        "umio-otsuka",
        "stephen-hillier",
        "shigeo-yoneda",
        "itsunori-onodera",
    }
    registrations = event.registrations.all()
    assert sorted(registrations.filter(speaker=None).values_list("status", flat=True)) == [
        "cancelled",
        *["confirmed"] * 7,  # one of them an observer
        "pending",
    ]
    # Those who accepted or were confirmed by hand (see SPEAKERS_PLACED).
    assert registrations.filter(speaker__isnull=False, status="confirmed").count() == 3
    for registration in registrations:
        registration.full_clean()
    for registration in registrations.filter(speaker=None):  # speakers join as it loads
        assert registration.created_at.astimezone(tokyo).date() < date(2026, 3, 2)


def test_loading_the_demo_on_a_later_day_moves_the_illustrative_edition_only(clock):
    archive = load_demo()
    counts = {model.__name__: model.objects.count() for model in MODELS}
    clock.move_to(datetime(2016, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")))

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    upcoming = Event.objects.get(slug=NEXT_EDITION_SLUG)
    assert upcoming.start_date == date(2016, 12, 1) + timedelta(weeks=9)
    assert {model.__name__: model.objects.count() for model in MODELS} == counts
    archive.refresh_from_db()
    assert archive.start_date == date(2016, 11, 1)


def test_the_home_page_leads_to_the_illustrative_next_edition(client, demo):
    assert client.get("/")["Location"] == f"/{NEXT_EDITION_SLUG}/"


def test_demo_options_admit_to_their_days_sessions(demo):
    event = demo
    covered = {
        option.name_en: sorted(option.sessions.values_list("slug", flat=True))
        for option in event.attendance_options.all()
    }
    assert covered == {
        "Day 1 (1 November)": sorted(
            [
                "registration",
                "opening-keynote",
                "shared-risks-panel",
                "morning-break-1",
                "air-power-keynote",
                "lunch-1",
                "equipment-panel",
                "afternoon-break-1",
                "expeditionary-panel",
            ]
        ),
        "Day 2 (2 November)": sorted(
            [
                "coffee-2",
                "non-conventional-roundtable",
                "morning-break-2",
                "counter-terrorism-roundtable",
                "lunch-2",
                "closing-briefing",
            ]
        ),
        "Evening reception (1 November)": ["reception"],
    }


def test_demo_speakers_have_private_example_addresses_and_a_speaking_language(demo):
    assert sorted(Speaker.objects.values_list("email", flat=True)) == [
        "itsunori.onodera@speakers.example.org",
        "kimihiro.ishikane@speakers.example.org",
        "richard.barrons@speakers.example.org",
        "shigeo.yoneda@speakers.example.org",
        "stephen.hillier@speakers.example.org",
        "umio.otsuka@speakers.example.org",
    ]
    assert not SessionRole.objects.filter(speaking_language="").exists()


# --- the protocol layer ---------------------------------------------------------------


SPEAKERS_PLACED = {
    EVENT_SLUG: [
        ("Japanese delegation", "itsunori-onodera", True),
        ("Japanese delegation", "umio-otsuka", False),
        ("Japanese delegation", "kimihiro-ishikane", False),
        ("Japanese delegation", "shigeo-yoneda", False),
        ("United Kingdom delegation", "stephen-hillier", True),
        ("United Kingdom delegation", "richard-barrons", False),
    ],
    # In the illustrative edition only the speakers who accepted (or were confirmed by
    # hand) take part: Barrons declined, Otsuka and Yoneda have not answered yet.
    NEXT_EDITION_SLUG: [
        ("Japanese delegation", "itsunori-onodera", True),
        ("Japanese delegation", "kimihiro-ishikane", False),
        ("United Kingdom delegation", "stephen-hillier", True),
    ],
}


@pytest.mark.parametrize("slug", [EVENT_SLUG, NEXT_EDITION_SLUG])
def test_both_editions_have_two_delegations_and_observers_with_the_speakers_placed(demo, slug):
    event = Event.objects.get(slug=slug)
    assert list(event.delegations.values_list("name_en", "name_ja", "side", "country")) == [
        ("Japanese delegation", "日本代表団", "country", "JP"),
        ("United Kingdom delegation", "英国代表団", "country", "GB"),
        ("Observers", "オブザーバー", "observers", ""),
    ]
    speakers = (
        selectors.protocol_list(event)
        .filter(speaker__isnull=False)
        .values_list("delegation__name_en", "speaker__slug", "is_head_of_delegation")
    )
    assert list(speakers) == SPEAKERS_PLACED[slug]


def test_everyone_in_the_demo_has_a_delegation_and_a_precedence(demo):
    people = Registration.objects.all()
    assert not people.filter(delegation=None).exists()
    assert not people.filter(precedence=None).exists()
    # The fictional delegates sit with their country; the others observe.
    assert not people.filter(nationality="JP").exclude(delegation__country="JP").exists()
    assert not people.filter(nationality="GB").exclude(delegation__country="GB").exists()
    assert set(
        people.filter(delegation__side="observers").values_list("nationality", flat=True)
    ) == {"US", "AU", "FR"}
    assert set(people.filter(sector="media").values_list("category", flat=True)) == {"press"}
    assert PrecedenceCategory.objects.site_wide().count() == 13


def test_the_demo_balance_has_something_to_show(demo):
    balance = selectors.delegation_balance(demo)
    assert [(c.confirmed, c.pending, c.waitlisted, c.speakers) for c in balance.columns] == [
        (16, 3, 2, 4),
        (14, 3, 2, 2),
        (3, 0, 0, 0),
        (0, 0, 0, 0),
    ]
    assert balance.warnings() == ["Japanese delegation: 16 confirmed, over its target of 15."]


def test_one_speaker_asked_not_to_be_listed(demo):
    listed = selectors.participant_list(demo).filter(speaker__isnull=False)
    assert sorted(listed.values_list("speaker__slug", flat=True)) == [
        "itsunori-onodera",
        "kimihiro-ishikane",
        "richard-barrons",
        "stephen-hillier",
        "umio-otsuka",
    ]


def test_the_fictional_delegates_are_addressed_as_their_names_say(demo):
    from composition.demo.people import WOMEN

    people = Registration.objects.filter(speaker=None, honorific__in=["Mr", "Ms"])
    wrong = [
        (r.honorific, r.given_name)
        for r in people
        if (r.honorific == "Ms") != (r.given_name in WOMEN)
    ]
    assert people.count() > 10 and wrong == []


def test_the_archive_has_a_bilingual_message_delivered_to_day_1(demo):
    [message] = sent_messages(demo)
    assert message.subject_en == "Day 1 joining instructions: {event}"
    assert message.subject_ja == "1日目のご案内：{event}"
    assert message.sent_at == datetime(2016, 10, 25, 10, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert message.sent_by_name == "Nathan Mathiot"
    day_1 = Registration.objects.filter(
        event=demo, status="confirmed", attendance_options__name_en="Day 1 (1 November)"
    )
    recipients = MessageRecipient.objects.filter(message=message)
    assert sorted(recipients.values_list("registration_id", "email", "language")) == sorted(
        (registration.pk, registration.email, registration.language) for registration in day_1
    )
    assert {r.language for r in recipients} == {"en", "ja"}
    assert (message.recipient_total, message.delivered, message.pending, message.failed) == (
        day_1.count(),
        day_1.count(),
        0,
        0,
    )
    assert not Message.objects.filter(event__slug=NEXT_EDITION_SLUG).exists()


def test_the_demo_interpretation_sheet_has_needs_per_session(demo):
    plan = selectors.interpretation_plan(demo)
    keynote = next(row for row in plan.sessions if row.session.slug == "opening-keynote")
    assert (keynote.attending, keynote.into_english, keynote.into_japanese) == (
        Registration.objects.filter(
            event=demo, status="confirmed", attendance_options__name_en="Day 1 (1 November)"
        ).count(),
        2,
        3,
    )
    # Five need interpretation at the busiest session in the hall: 5 + 10 %, rounded up.
    assert [(room.key, room.needs, room.receivers) for room in plan.rooms] == [
        ("International Conference Hall", 5, 6)
    ]
    assert "lunch-1" not in {row.session.slug for row in plan.sessions}


def test_the_illustrative_edition_has_speakers_invitations_in_every_kind_of_state(demo):
    event = Event.objects.get(slug=NEXT_EDITION_SLUG)
    invitations = vip_selectors.with_answer_counts(SpeakerInvitation.objects.filter(event=event))
    states = {
        invitation.speaker.slug: vip_selectors.invitation_state(invitation)
        for invitation in invitations.select_related("speaker")
    }
    assert states == {
        "stephen-hillier": "accepted",
        "richard-barrons": "declined",
        "umio-otsuka": "opened",
        "shigeo-yoneda": "sent",
    }
    # What the speakers answered is what the agenda says.
    for appearance in InvitedAppearance.objects.filter(invitation__event=event):
        assert appearance.role.is_confirmed == (appearance.answer == "accepted"), appearance
    declined = InvitedAppearance.objects.get(answer="declined")
    assert declined.message.startswith("With regret")
    [arrival] = SpeakerLogistics.objects.filter(event=event)
    assert (arrival.speaker.slug, arrival.arrival_date) == (
        "stephen-hillier",
        event.start_date - timedelta(days=1),
    )
    assert arrival.restricted_note.startswith("Illustrative: one close-protection officer")
    assert VipSettings.objects.get(event=event).review_speaker_changes is True
    for model in (SpeakerInvitation, InvitedAppearance, SpeakerLogistics):
        for row in model.objects.all():
            row.full_clean()
    assert not SpeakerInvitation.objects.filter(event__slug=EVENT_SLUG).exists()
