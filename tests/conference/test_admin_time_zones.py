"""Times in the admin are typed and shown in the event's own zone, whatever the server's.

The server runs in Tokyo (``TIME_ZONE``); these events are in London and New York,
in the weeks their clocks change.
"""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from conference.models import Event, Session
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory, SessionFactory
from tests.helpers import event_change_data

pytestmark = pytest.mark.django_db


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def london():
    # Clocks go forward at 01:00 GMT on Sunday 31 March 2024 (to 02:00 BST).
    return EventFactory(
        slug="london-2024",
        time_zone="Europe/London",
        start_date=date(2024, 3, 30),
        end_date=date(2024, 4, 1),
    )


@pytest.fixture
def new_york():
    # Clocks go back at 02:00 EDT on Sunday 3 November 2024 (to 01:00 EST).
    return EventFactory(
        slug="new-york-2024",
        time_zone="America/New_York",
        start_date=date(2024, 11, 1),
        end_date=date(2024, 11, 5),
    )


def session_data(event, *, starts, ends, slug="opening-panel", **overrides):
    """The session admin form as a browser sends it; ``starts``/``ends`` are local
    ("2024-03-31", "10:00") pairs."""
    data = {
        "event": event.pk,
        "title_en": "Opening panel",
        "slug": slug,
        "type": "panel",
        "attribution": "chatham_house",
        "is_public": "on",
        "order": 0,
        "starts_at_0": starts[0],
        "starts_at_1": starts[1],
        "ends_at_0": ends[0],
        "ends_at_1": ends[1],
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def shown_times(response, name):
    """The (date, time) the rendered change form shows in its ``name`` inputs."""
    page = response.content.decode()
    return tuple(
        re.search(rf'<input [^>]*name="{name}_{part}"[^>]*value="([^"]*)"', page).group(1)
        for part in (0, 1)
    )


@pytest.mark.parametrize(
    ("starts", "ends", "stored"),
    [
        # The Sunday the clocks go forward: 10:00 BST is 09:00 UTC.
        (("2024-03-31", "10:00"), ("2024-03-31", "11:30"), ((3, 31, 9, 0), (3, 31, 10, 30))),
        # Across the change: 00:30 GMT to 03:00 BST is an hour and a half.
        (("2024-03-31", "00:30"), ("2024-03-31", "03:00"), ((3, 31, 0, 30), (3, 31, 2, 0))),
        # The day before, still GMT.
        (("2024-03-30", "10:00"), ("2024-03-30", "11:00"), ((3, 30, 10, 0), (3, 30, 11, 0))),
    ],
)  # fmt: skip
def test_a_london_session_is_stored_at_the_london_instant(
    admin_client, london, starts, ends, stored
):
    response = admin_client.post(
        reverse("admin:conference_session_add"), session_data(london, starts=starts, ends=ends)
    )
    assert response.status_code == 302
    session = Session.objects.get(slug="opening-panel")
    assert (session.starts_at, session.ends_at) == (utc(2024, *stored[0]), utc(2024, *stored[1]))

    change = admin_client.get(reverse("admin:conference_session_change", args=[session.pk]))
    assert shown_times(change, "starts_at") == (starts[0], starts[1] + ":00")
    assert shown_times(change, "ends_at") == (ends[0], ends[1] + ":00")


def test_the_session_form_names_the_zone_beside_the_times(admin_client, london):
    session = SessionFactory(
        event=london, starts_at=utc(2024, 3, 31, 9), ends_at=utc(2024, 3, 31, 10)
    )
    change = admin_client.get(reverse("admin:conference_session_change", args=[session.pk]))
    form = change.context["adminform"].form
    expected = "Local time in the event's time zone: Europe/London (GMT/BST)."
    assert (form.fields["starts_at"].help_text, form.fields["ends_at"].help_text) == (
        expected,
        expected,
    )
    assert expected in change.content.decode()


def test_the_add_form_names_the_zone_once_the_event_is_known(admin_client, new_york):
    blank = admin_client.get(reverse("admin:conference_session_add"))
    assert blank.context["adminform"].form.fields["starts_at"].help_text == (
        "Local time in the time zone of the event chosen above."
    )
    chosen = admin_client.get(reverse("admin:conference_session_add") + f"?event={new_york.pk}")
    assert chosen.context["adminform"].form.fields["starts_at"].help_text == (
        "Local time in the event's time zone: America/New_York (EST/EDT)."
    )


@pytest.mark.parametrize(
    ("day", "stored"),
    [
        ("2024-11-01", utc(2024, 11, 1, 14)),  # Friday, EDT (UTC-4)
        ("2024-11-04", utc(2024, 11, 4, 15)),  # Monday, EST (UTC-5)
    ],
)
def test_a_new_york_session_in_the_week_the_clocks_go_back(admin_client, new_york, day, stored):
    response = admin_client.post(
        reverse("admin:conference_session_add"),
        session_data(new_york, starts=(day, "10:00"), ends=(day, "11:00")),
    )
    assert response.status_code == 302
    session = Session.objects.get(slug="opening-panel")
    assert session.starts_at == stored
    page = admin_client.get(reverse("admin:conference_session_changelist")).content.decode()
    label = "EDT" if day == "2024-11-01" else "EST"
    assert f"{day} 10:00 {label}" in page


def test_changing_a_session_keeps_the_event_zone(admin_client, new_york):
    session = SessionFactory(
        event=new_york,
        slug="opening-panel",
        starts_at=utc(2024, 11, 1, 14),
        ends_at=utc(2024, 11, 1, 15),
    )
    url = reverse("admin:conference_session_change", args=[session.pk])
    assert shown_times(admin_client.get(url), "starts_at") == ("2024-11-01", "10:00:00")
    response = admin_client.post(
        url, session_data(new_york, starts=("2024-11-04", "09:30"), ends=("2024-11-04", "10:30"))
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (
        utc(2024, 11, 4, 14, 30),
        utc(2024, 11, 4, 15, 30),
    )


def test_a_session_moved_to_another_event_takes_that_event_zone(admin_client, london, new_york):
    session = SessionFactory(
        event=london, slug="moved", starts_at=utc(2024, 3, 30, 10), ends_at=utc(2024, 3, 30, 11)
    )
    response = admin_client.post(
        reverse("admin:conference_session_change", args=[session.pk]),
        session_data(
            new_york, slug="moved", starts=("2024-11-01", "10:00"), ends=("2024-11-01", "11:00")
        ),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.event, session.starts_at) == (new_york, utc(2024, 11, 1, 14))


@pytest.mark.parametrize(
    ("event_name", "local", "zone"),
    [
        ("london", ("2024-03-31", "01:30"), "Europe/London"),  # never happens
        ("new_york", ("2024-11-03", "01:30"), "America/New_York"),  # happens twice
    ],
)
def test_a_time_the_clock_skips_or_repeats_is_refused(
    admin_client, request, event_name, local, zone
):
    event = request.getfixturevalue(event_name)
    response = admin_client.post(
        reverse("admin:conference_session_add"),
        session_data(event, starts=local, ends=(local[0], "05:00")),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [
        f"{local[0]} {local[1]}:00 couldn’t be interpreted in time zone {zone}; "
        "it may be ambiguous or it may not exist."
    ]
    assert not Session.objects.exists()


def test_a_refused_add_form_shows_the_typed_times_and_the_chosen_zone(admin_client, london):
    response = admin_client.post(
        reverse("admin:conference_session_add"),
        session_data(london, starts=("2024-03-31", "10:00"), ends=("2024-03-31", "09:00")),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["ends_at"] == ["A session must end after it starts."]
    assert shown_times(response, "starts_at") == ("2024-03-31", "10:00")
    assert form.fields["starts_at"].help_text == (
        "Local time in the event's time zone: Europe/London (GMT/BST)."
    )


def test_the_event_dates_are_checked_in_the_event_zone(admin_client, london):
    # 23:30 on 1 April in London is already 2 April in Tokyo, but still the event's last day.
    response = admin_client.post(
        reverse("admin:conference_session_add"),
        session_data(london, starts=("2024-04-01", "22:30"), ends=("2024-04-01", "23:30")),
    )
    assert response.status_code == 302
    assert Session.objects.get().ends_at == utc(2024, 4, 1, 22, 30)


def event_add_data(**overrides):
    data = {
        "series_name_en": "UK-US Dialogue",
        "name_en": "1st UK-US Dialogue",
        "slug": "new-york-2025",
        "start_date": "2025-11-03",
        "end_date": "2025-11-04",
        "time_zone": "America/New_York",
        "capacity": 100,
        "registration_mode": "approval",
        "waiting_list_enabled": "on",
        "messages_per_minute": 60,
        # The week the clocks go back: opens under EDT, closes under EST.
        "registration_opens_at_0": "2025-10-27",
        "registration_opens_at_1": "09:00",
        "registration_closes_at_0": "2025-11-02",
        "registration_closes_at_1": "18:00",
        "themes-TOTAL_FORMS": 0,
        "themes-INITIAL_FORMS": 0,
        "attendance_options-TOTAL_FORMS": 0,
        "attendance_options-INITIAL_FORMS": 0,
        "staff_memberships-TOTAL_FORMS": 0,
        "staff_memberships-INITIAL_FORMS": 0,
        "vip_settings-TOTAL_FORMS": 0,
        "vip_settings-INITIAL_FORMS": 0,
        "delegations-TOTAL_FORMS": 0,
        "delegations-INITIAL_FORMS": 0,
        "precedence_categories-TOTAL_FORMS": 0,
        "precedence_categories-INITIAL_FORMS": 0,
        "protocol_settings-TOTAL_FORMS": 0,
        "protocol_settings-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_a_new_event_reads_its_registration_times_in_its_own_zone(admin_client):
    response = admin_client.post(reverse("admin:conference_event_add"), event_add_data())
    assert response.status_code == 302
    event = Event.objects.get(slug="new-york-2025")
    assert (event.registration_opens_at, event.registration_closes_at) == (
        utc(2025, 10, 27, 13),
        utc(2025, 11, 2, 23),
    )
    change = admin_client.get(reverse("admin:conference_event_change", args=[event.pk]))
    assert shown_times(change, "registration_opens_at") == ("2025-10-27", "09:00:00")
    assert shown_times(change, "registration_closes_at") == ("2025-11-02", "18:00:00")
    assert change.context["adminform"].form.fields["registration_opens_at"].help_text == (
        "Local time in the event's time zone: America/New_York (EST/EDT)."
    )


def test_changing_an_event_registration_time_uses_the_event_zone(admin_client, london):
    data = event_change_data(
        admin_client,
        london,
        registration_opens_at_0="2024-03-01",
        registration_opens_at_1="09:00",
        registration_closes_at_0="2024-03-29",
        registration_closes_at_1="17:00",
    )
    response = admin_client.post(reverse("admin:conference_event_change", args=[london.pk]), data)
    assert response.status_code == 302
    london.refresh_from_db()
    assert (london.registration_opens_at, london.registration_closes_at) == (
        utc(2024, 3, 1, 9),
        utc(2024, 3, 29, 17),
    )


def test_registration_times_are_shown_in_the_event_zone(admin_client, london):
    registration = RegistrationFactory(event=london, status="confirmed")
    Registration.objects.filter(pk=registration.pk).update(
        created_at=utc(2024, 3, 1, 23, 30), checked_in_at=utc(2024, 3, 31, 8, 45)
    )
    page = admin_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    ).content.decode()
    assert "March 1, 2024, 11:30 p.m." in page  # GMT; Tokyo would say 2 March, 8:30 a.m.
    assert "March 31, 2024, 9:45 a.m." in page  # BST


def test_the_registration_list_shows_times_in_each_event_zone(admin_client, london, new_york):
    in_london = RegistrationFactory(event=london, status="confirmed", family_name="Londoner")
    in_new_york = RegistrationFactory(event=new_york, status="confirmed", family_name="Yorker")
    Registration.objects.filter(pk=in_london.pk).update(
        created_at=utc(2024, 3, 1, 23, 30), checked_in_at=utc(2024, 3, 31, 8, 45)
    )
    Registration.objects.filter(pk=in_new_york.pk).update(created_at=utc(2024, 11, 4, 3))
    page = admin_client.get(reverse("admin:registrations_registration_changelist")).content
    page = page.decode()
    assert '<td class="field-registered">2024-03-01 23:30 GMT</td>' in page
    assert '<td class="field-checked_in">2024-03-31 09:45 BST</td>' in page
    assert '<td class="field-registered">2024-11-03 22:00 EST</td>' in page


def test_a_forged_time_zone_is_a_form_error_not_a_crash(admin_client):
    response = admin_client.post(
        reverse("admin:conference_event_add"), event_add_data(time_zone="Mars/Olympus_Mons")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["time_zone"] == [
        "Select a valid choice. Mars/Olympus_Mons is not one of the available choices."
    ]
    assert not Event.objects.exists()
