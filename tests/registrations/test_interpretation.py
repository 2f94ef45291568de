"""Interpretation per session and direction, receivers per room, briefings, speakers'
languages: the staff page (in English and Japanese) and the provider's CSV."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from conference.models import Session
from registrations import selectors, staff_views
from registrations.models import ExportLog
from tests.factories import (
    AttendanceOptionFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    UserFactory,
    tokyo,
)
from tests.helpers import render_in_japanese

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(event):
    """Two days: registration, a keynote and a Chatham House panel in the Main Hall,
    lunch, a closed roundtable in Room B, a reception with a toast and no room set."""
    day_1, day_2 = event.start_date, event.end_date

    def session(title, slug, day, hour, **fields):
        return SessionFactory(
            event=event,
            title=title,
            slug=slug,
            starts_at=tokyo(day, hour),
            ends_at=tokyo(day, hour + 1),
            **fields,
        )

    sessions = {
        "keynote": session(
            "Opening keynote", "keynote", day_1, 10, room="Main Hall", room_ja="大ホール",
            attribution="on_record", type="keynote", title_ja="基調講演",
        ),
        "panel": session(
            "Maritime security", "panel", day_1, 11, room="Main Hall", room_ja="大ホール",
            attribution="chatham_house",
        ),
        "lunch": session("Lunch", "lunch", day_1, 12, room="Main Hall", type="meal"),
        "roundtable": session(
            "Closed roundtable", "roundtable", day_2, 10, room="Room B", attribution="closed",
        ),
        "reception": session("Reception", "reception", day_2, 19, type="reception", room=""),
    }  # fmt: skip
    SessionRoleFactory(
        session=sessions["keynote"],
        speaker=SpeakerFactory(honorific="Admiral", given_name="Umio", family_name="Otsuka",
                               japanese_name="大塚 海夫", honorific_ja="海将"),
        role="keynote",
        speaking_language="ja",
    )  # fmt: skip
    SessionRoleFactory(
        session=sessions["reception"],
        speaker=SpeakerFactory(honorific="", given_name="Julia", family_name="Longbottom"),
        role="keynote",
        speaking_language="en",
    )
    SessionFactory(
        event=event, title="Registration", slug="registration", type="other",
        starts_at=tokyo(day_1, 9), ends_at=tokyo(day_1, 10), room="Main Hall",
    )  # fmt: skip
    SessionRoleFactory(
        session=sessions["panel"],
        speaker=SpeakerFactory(honorific="", given_name="Robin", family_name="Niblett"),
        role="chair",
        speaking_language="en",
        order=1,
    )
    SessionRoleFactory(
        session=sessions["panel"],
        speaker=SpeakerFactory(honorific="Dr", given_name="Yuki", family_name="Tatsumi"),
        role="panellist",
        speaking_language="",
        is_confirmed=False,
        order=2,
    )
    options = {
        "day_1": AttendanceOptionFactory(event=event, name="Day 1", order=1),
        "morning": AttendanceOptionFactory(event=event, name="Day 1 morning", order=2),
        "day_2": AttendanceOptionFactory(event=event, name="Day 2", order=3),
        "reception": AttendanceOptionFactory(event=event, name="Reception", order=4),
    }
    options["day_1"].sessions.set([sessions["keynote"], sessions["panel"], sessions["lunch"]])
    options["morning"].sessions.set([sessions["keynote"]])
    options["day_2"].sessions.set([sessions["roundtable"]])
    options["reception"].sessions.set([sessions["reception"]])
    return options


def participants(event, options, copies=1):
    """Per copy: two into English (one holds both Day 1 options), one into Japanese,
    one needing nothing; and people who do not count (not confirmed)."""
    for _ in range(copies):
        both = RegistrationFactory(event=event, interpretation="en")
        both.attendance_options.set([options["day_1"], options["morning"], options["day_2"]])
        morning = RegistrationFactory(event=event, interpretation="en")
        morning.attendance_options.set([options["morning"]])
        japanese = RegistrationFactory(event=event, interpretation="ja")
        japanese.attendance_options.set([options["day_1"], options["reception"]])
        nothing = RegistrationFactory(event=event, interpretation="none")
        nothing.attendance_options.set([options["day_1"], options["day_2"]])
        for status in ("pending", "waitlisted", "cancelled"):
            other = RegistrationFactory(event=event, interpretation="en", status=status)
            other.attendance_options.set([options["day_1"]])


def table(plan):
    return [
        (row.session.slug, row.attending, row.into_english, row.into_japanese)
        for row in plan.sessions
    ]


@pytest.mark.parametrize("copies", [1, 3])
def test_totals_per_session_and_direction(event, programme, copies, django_assert_num_queries):
    options = programme
    participants(event, options, copies)
    RegistrationFactory(interpretation="en")  # another event's
    with django_assert_num_queries(4):
        plan = selectors.interpretation_plan(event)
    n = copies
    assert table(plan) == [
        ("keynote", 4 * n, 2 * n, 1 * n),  # "both" holds two options covering it: once
        ("panel", 3 * n, 1 * n, 1 * n),
        ("roundtable", 2 * n, 1 * n, 0),
        ("reception", 1 * n, 0, 1 * n),
    ]  # registration and lunch: nobody speaks, no interpreters
    assert (plan.into_english, plan.into_japanese) == (2 * n, 1 * n)


@pytest.mark.parametrize(
    ("needs", "receivers"),
    [(0, 0), (1, 2), (5, 6), (9, 10), (10, 11), (11, 13), (20, 22), (100, 110), (101, 112)],
)
def test_receivers_are_the_needs_plus_ten_percent_rounded_up(needs, receivers):
    assert selectors.receivers_for(needs) == receivers


@pytest.mark.parametrize("copies", [1, 3])
def test_receivers_per_room_at_the_busiest_session(event, programme, copies):
    options = programme
    participants(event, options, copies)
    plan = selectors.interpretation_plan(event)
    n = copies
    rooms = [
        (room.key, room.busiest.session.slug, room.needs, room.receivers) for room in plan.rooms
    ]
    assert rooms == [
        ("Main Hall", "keynote", 3 * n, selectors.receivers_for(3 * n)),
        ("Room B", "roundtable", 1 * n, selectors.receivers_for(1 * n)),
        ("", "reception", 1 * n, selectors.receivers_for(1 * n)),
    ]
    assert plan.receivers == sum(room[3] for room in rooms)
    assert [room[3] for room in rooms] == ([4, 2, 2] if copies == 1 else [10, 4, 4])


def test_chatham_house_and_closed_sessions_need_a_briefing(event, programme):
    plan = selectors.interpretation_plan(event)
    assert [(row.session.slug, row.needs_briefing) for row in plan.sessions] == [
        ("keynote", False),
        ("panel", True),
        ("roundtable", True),
        ("reception", True),  # the factory default: Chatham House
    ]


def test_speakers_with_the_language_they_will_speak(event, programme):
    plan = selectors.interpretation_plan(event)
    panel = plan.sessions[1]
    assert [
        (role.speaker.family_name, role.role, role.speaking_language, role.is_confirmed)
        for role in panel.speakers
    ] == [("Niblett", "chair", "en", True), ("Tatsumi", "panellist", "", False)]


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def door_staff(event):
    return UserFactory(groups=["Event staff"], staff_of=[event])


def url(name, event):
    return reverse(name, kwargs={"event_slug": event.slug})


def visible(response) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_page_shows_needs_rooms_briefings_and_speakers(client, event, programme, door_staff):
    options = programme
    participants(event, options)
    client.force_login(door_staff)
    page = visible(client.get(url("staff:interpretation", event)))
    assert (
        "Need interpretation into English 2 Need interpretation into Japanese 1 "
        "Receivers to hire 8" in page
    )
    assert (
        "Main Hall Opening keynote 3 4 Room B Closed roundtable 1 2 No room set Reception 1 2"
        in page
    )
    assert "plus 10 % spare, rounded up" in page
    japanese = visible(client.get("/ja" + url("staff:interpretation", event)))
    assert "予備10%を加えて切り上げた数です。" in japanese  # no space in Japanese
    assert (
        "11:00–12:00 Maritime security Main Hall Chatham House Rule Brief the interpreters "
        "3 1 1 Robin Niblett · Chair · speaks English "
        "Dr Yuki Tatsumi · Panellist · language not set (unconfirmed)" in page
    )
    assert "Admiral OTSUKA Umio · Keynote speaker · speaks Japanese" in page
    assert "Lunch" not in page and "Registration" not in page


@pytest.mark.parametrize("copies", [1, 3])
def test_page_queries(client, event, programme, door_staff, copies, django_assert_num_queries):
    """More participants, sessions and speakers: the same queries, for the page and the CSV."""
    options = programme
    participants(event, options, copies)
    for index in range(copies):
        extra = SessionFactory(
            event=event, slug=f"extra-{index}", type="panel", room=f"Room {index}",
            starts_at=tokyo(event.end_date, 14), ends_at=tokyo(event.end_date, 15),
        )  # fmt: skip
        extra.attendance_options.set([options["day_2"]])
        SessionRoleFactory.create_batch(2, session=extra, speaking_language="en")
    client.force_login(door_staff)
    client.get(url("staff:interpretation", event))
    with django_assert_num_queries(9):
        response = client.get(url("staff:interpretation", event))
    assert len(response.context["plan"].sessions) == 4 + copies
    with django_assert_num_queries(11):
        download = client.get(url("staff:interpretation_export", event))
        assert len(csv_rows(download)) == 1 + 4 + copies


def test_the_page_in_japanese(event, programme, door_staff):
    options = programme
    participants(event, options)
    page = render_in_japanese(
        staff_views.InterpretationView,
        url("staff:interpretation", event),
        door_staff,
        event_slug=event.slug,
    )
    for text in (
        "通訳",
        "英語への通訳が必要",
        "日本語への通訳が必要",
        "手配する受信機",
        "会場別の受信機",
        "基調講演",
        "大ホール",
        "大塚 海夫 海将",
        "通訳者への説明が必要",
        "日本語で話す",
    ):
        assert text in page, text
    assert "Receivers per room" not in page


# --- the CSV --------------------------------------------------------------------------------


def csv_rows(response):
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_for_the_provider(client, event, programme, door_staff):
    options = programme
    participants(event, options)
    Session.objects.filter(slug="roundtable").update(title="=HYPERLINK(evil)")
    client.force_login(door_staff)
    with translation.override("ja"):
        response = client.get(url("staff:interpretation_export", event))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{event.slug}-interpretation-'
    )
    assert response["Cache-Control"] == "no-store, private"
    assert csv_rows(response) == [
        [
            "Date", "Start", "End", "Session", "Room", "Attribution", "Brief interpreters",
            "Participants", "Into English", "Into Japanese", "Receivers to hire for this room",
            "Speakers",
        ],
        [
            "2016-11-01", "10:00", "11:00", "Opening keynote", "Main Hall", "On the record", "no",
            "4", "2", "1", "4", "Admiral OTSUKA Umio (Keynote speaker; speaks Japanese)",
        ],
        [
            "2016-11-01", "11:00", "12:00", "Maritime security", "Main Hall",
            "Chatham House Rule", "yes", "3", "1", "1", "4",
            "Robin Niblett (Chair; speaks English); "
            "Dr Yuki Tatsumi (Panellist; language not set; unconfirmed)",
        ],
        [
            "2016-11-02", "10:00", "11:00", "'=HYPERLINK(evil)", "Room B", "Closed session",
            "yes", "2", "1", "0", "2", "",
        ],
        [
            "2016-11-02", "19:00", "20:00", "Reception", "", "Chatham House Rule", "yes",
            "1", "0", "1", "2", "Julia Longbottom (Keynote speaker; speaks English)",
        ],
    ]  # fmt: skip
    log = ExportLog.objects.get()
    assert (log.source, log.username, log.row_count) == ("interpretation", door_staff.username, 4)
    assert log.completed_at is not None


def test_the_csv_needs_the_export_permission(client, event, programme):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(staff_of=[event])
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    page = client.get(url("staff:interpretation", event))
    assert page.status_code == 200
    assert "Download CSV" not in page.content.decode()
    assert client.get(url("staff:interpretation_export", event)).status_code == 403
    assert not ExportLog.objects.exists()


def test_staff_of_another_event_get_403(client, event, programme):
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[EventFactory()]))
    assert client.get(url("staff:interpretation", event)).status_code == 403
    assert client.get(url("staff:interpretation_export", event)).status_code == 403
