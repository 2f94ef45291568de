import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from registrations.models import ExportLog, Registration
from tests.factories import (
    AttendanceOptionFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["staff:dashboard", "staff:attendees", "staff:catering", "staff:badges"]


@pytest.fixture
def organiser():
    return UserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def door_staff(event):
    return UserFactory(username="door", groups=["Event staff"], staff_of=[event])


def url(name, event, **kwargs):
    return reverse(name, kwargs={"event_slug": event.slug, **kwargs})


def csv_rows(response) -> list[list[str]]:
    data = b"".join(response.streaming_content)
    text = data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


# --- who may see and export -------------------------------------------------------------


@pytest.mark.parametrize("name", [*STAFF_PAGES, "staff:attendees_export", "staff:check_in"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, event, name):
    RegistrationFactory(event=event)
    response = client.get(url(name, event))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login") + "?next=/staff/")


@pytest.mark.parametrize("name", [*STAFF_PAGES, "staff:attendees_export", "staff:check_in"])
def test_staff_without_the_permission_get_403_and_no_data(client, event, name):
    RegistrationFactory(event=event, family_name="Secretname")
    client.force_login(UserFactory())  # is_staff, in no group
    response = client.get(url(name, event))
    assert response.status_code == 403
    assert b"Secretname" not in response.content
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("group", ["Event staff", "Organisers"])
def test_event_staff_and_organisers_can_export(client, event, group):
    RegistrationFactory(event=event, family_name="Ashworth")
    # Event staff are assigned to the event; Organisers work on every event.
    client.force_login(
        UserFactory(groups=[group], staff_of=[event] if group == "Event staff" else [])
    )
    response = client.get(url("staff:attendees_export", event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{event.slug}-')
    assert response["Cache-Control"] == "no-store, private"
    rows = csv_rows(response)
    assert [row[3] for row in rows[1:]] == ["Ashworth"]


def test_viewing_without_export_permission_hides_the_download_button(client, event):
    from django.contrib.auth.models import Permission

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    page = client.get(url("staff:attendees", event)).content.decode()
    assert "Download CSV" not in page
    assert client.get(url("staff:attendees_export", event)).status_code == 403


def test_unknown_event_is_404_for_staff(client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("staff:dashboard", kwargs={"event_slug": "no-such-event"}))
    assert response.status_code == 404


# --- the attendee list and its CSV agree --------------------------------------------------


@pytest.fixture
def crowd(event):
    day_1 = AttendanceOptionFactory(event=event, name="Day 1", order=1)
    dinner = AttendanceOptionFactory(event=event, name="Dinner", order=2)
    people = {
        "ashworth": RegistrationFactory(
            event=event, family_name="Ashworth", sector="government", nationality="GB"
        ),
        "otsuka": RegistrationFactory(
            event=event,
            family_name="Otsuka",
            given_name="Kazuo",
            japanese_name="大塚 海夫",
            sector="military",
            nationality="JP",
        ),
        "sato": RegistrationFactory(
            event=event,
            family_name="Sato",
            given_name="Yuki",
            japanese_name="佐藤 由紀",
            organisation="Tokyo Forum",
            sector="think_tank",
            nationality="JP",
            status="pending",
        ),
        "brown": RegistrationFactory(
            event=event, family_name="Brown", sector="academia", nationality="US"
        ),
    }
    people["ashworth"].attendance_options.set([day_1, dinner])
    people["otsuka"].attendance_options.set([day_1])
    people["sato"].attendance_options.set([dinner])
    Registration.objects.filter(pk=people["otsuka"].pk).update(
        checked_in_at=datetime(2016, 11, 1, 0, 30, tzinfo=ZoneInfo("UTC"))
    )
    # Another event's delegate never appears.
    RegistrationFactory(event=EventFactory(), family_name="Elsewhere", nationality="JP")
    return people, {"day_1": day_1, "dinner": dinner}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ashworth", "Brown", "Otsuka", "Sato"]),
        ("status=confirmed", ["Ashworth", "Brown", "Otsuka"]),
        ("status=pending&status=waitlisted", ["Sato"]),
        ("sector=military", ["Otsuka"]),
        ("nationality=JP", ["Otsuka", "Sato"]),
        ("option={day_1}", ["Ashworth", "Otsuka"]),
        ("checked_in=yes", ["Otsuka"]),
        ("checked_in=no&nationality=JP", ["Sato"]),
        ("q=大塚", ["Otsuka"]),
        ("q=大塚海夫", ["Otsuka"]),  # typed without the space
        ("q=佐藤　由紀", ["Sato"]),  # with an ideographic space
        ("q=tokyo+forum", ["Sato"]),
        ("q=kazuo+otsuka", ["Otsuka"]),
    ],
)
def test_the_list_and_the_csv_show_the_same_delegates(client, organiser, crowd, query, expected):
    _people, options = crowd
    query = query.format(day_1=options["day_1"].pk)
    event = _people["ashworth"].event
    client.force_login(organiser)

    page = client.get(url("staff:attendees", event) + "?" + query)
    listed = [registration.family_name for registration in page.context["registrations"]]
    download = client.get(url("staff:attendees_export", event) + "?" + query)
    exported = [row[3] for row in csv_rows(download)[1:]]

    assert listed == expected
    assert exported == expected


def test_the_download_link_carries_the_filters_but_not_the_page(client, organiser, crowd):
    event = crowd[0]["ashworth"].event
    client.force_login(organiser)
    page = client.get(url("staff:attendees", event) + "?status=confirmed&sector=military&page=1")
    assert (
        f'href="/staff/{event.slug}/attendees/export.csv?status=confirmed&amp;sector=military"'
        in page.content.decode()
    )


def test_the_list_finds_a_delegate_by_reference_without_the_dash(client, organiser, crowd):
    sato = crowd[0]["sato"]
    client.force_login(organiser)
    compact = sato.reference.replace("-", "").lower()
    page = client.get(url("staff:attendees", sato.event) + f"?q={compact}")
    assert list(page.context["registrations"]) == [sato]


def test_invalid_filters_export_nothing(client, organiser, crowd):
    event = crowd[0]["ashworth"].event
    client.force_login(organiser)
    response = client.get(url("staff:attendees_export", event) + "?status=everyone")
    assert response.status_code == 400
    assert not ExportLog.objects.exists()
    page = client.get(url("staff:attendees", event) + "?status=everyone")
    assert list(page.context["registrations"]) == []
    assert "Select a valid choice" in page.content.decode()


def test_every_download_is_logged_with_user_filters_and_rows(client, door_staff, crowd):
    event = crowd[0]["ashworth"].event
    client.force_login(door_staff)
    response = client.get(url("staff:attendees_export", event) + "?nationality=JP&q=tokyo")
    csv_rows(response)
    log = ExportLog.objects.get()
    assert (log.event, log.user, log.username, log.source) == (
        event,
        door_staff,
        "door",
        ExportLog.Source.STAFF_PAGE,
    )
    assert log.filters == {"nationality": "JP", "search": "tokyo"}
    assert log.row_count == 1
    assert log.completed_at is not None


@pytest.mark.parametrize("size", [1, 3])
def test_the_attendee_list_query_count_is_flat(
    client, organiser, event, size, django_assert_num_queries
):
    options = AttendanceOptionFactory.create_batch(2, event=event)
    for registration in RegistrationFactory.create_batch(size, event=event):
        registration.attendance_options.set(options)
    client.force_login(organiser)
    with django_assert_num_queries(9):
        page = client.get(url("staff:attendees", event) + "?status=confirmed")
    assert len(page.context["registrations"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_the_csv_download_query_count_is_flat(
    client, organiser, event, size, django_assert_num_queries
):
    options = AttendanceOptionFactory.create_batch(2, event=event)
    for registration in RegistrationFactory.create_batch(size, event=event):
        registration.attendance_options.set(options)
    client.force_login(organiser)
    with django_assert_num_queries(9):
        rows = csv_rows(client.get(url("staff:attendees_export", event) + "?status=confirmed"))
    assert len(rows) == size + 1


# --- dashboard, catering, badges ----------------------------------------------------------


def test_dashboard_shows_seats_breakdowns_and_a_chart(client, organiser, crowd):
    event = crowd[0]["ashworth"].event
    event.capacity = 10
    event.save()
    RegistrationFactory(event=event, status="waitlisted", nationality="JP", sector="media")
    client.force_login(organiser)
    response = client.get(url("staff:dashboard", event))
    page = response.content.decode()
    seats = response.context["seats"]
    assert (seats["confirmed"], seats["capacity"], seats["pending"], seats["waitlisted"]) == (
        3,
        10,
        1,
        1,
    )
    assert '<span class="figure">3</span> / 10' in page
    assert '<svg class="bar-chart"' in page
    assert "style=" not in page.split("<main", 1)[1]  # the CSP allows no inline styles
    nationalities = {row["label"]: row["active"] for row in response.context["nationalities"]}
    assert nationalities == {"Japan": 3, "United Kingdom": 1, "United States of America": 1}
    sectors = {row["label"]: row["confirmed"] for row in response.context["sectors"]}
    assert sectors["Armed forces"] == 1
    assert sectors["Think tank"] == 0  # Sato is pending


def test_registrations_per_day_count_in_the_event_zone(client, organiser, event):
    first = RegistrationFactory(event=event)
    second = RegistrationFactory(event=event)
    # 15:30 UTC on 1 October is already 2 October in Tokyo.
    Registration.objects.filter(pk=first.pk).update(
        created_at=datetime(2016, 10, 1, 3, 0, tzinfo=ZoneInfo("UTC"))
    )
    Registration.objects.filter(pk=second.pk).update(
        created_at=datetime(2016, 10, 2, 15, 30, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(organiser)
    chart = client.get(url("staff:dashboard", event)).context["chart"]
    assert [(str(bar["start"]), bar["count"]) for bar in chart["bars"]] == [
        ("2016-10-01", 1),
        ("2016-10-02", 0),
        ("2016-10-03", 1),
    ]


def test_catering_counts_confirmed_delegates_and_names_special_needs(client, door_staff, event):
    dinner = AttendanceOptionFactory(event=event, name="Reception dinner")
    vegetarian = RegistrationFactory(
        event=event, family_name="Green", dietary_requirement="vegetarian"
    )
    halal = RegistrationFactory(
        event=event,
        family_name="Rahman",
        dietary_requirement="other",
        dietary_details="Halal, no alcohol in sauces",
    )
    plain = RegistrationFactory(event=event, family_name="Plain")
    RegistrationFactory(
        event=event, family_name="Waiting", status="waitlisted", dietary_requirement="vegan"
    )
    for registration in (vegetarian, halal, plain):
        registration.attendance_options.add(dinner)
    client.force_login(door_staff)
    response = client.get(url("staff:catering", event))
    per_diet = {str(row["label"]): row["count"] for row in response.context["per_diet"]}
    assert per_diet["Vegetarian"] == 1
    assert per_diet["Vegan"] == 0  # waiting list: not catered for
    assert per_diet["No special requirement"] == 1
    option_row = response.context["options"][0]
    assert (option_row["option"], option_row["total"]) == (dinner, 3)
    assert [registration.family_name for registration in response.context["special"]] == [
        "Rahman",
        "Green",
    ]
    assert "Halal, no alcohol in sauces" in response.content.decode()


def test_badges_print_confirmed_delegates_eight_to_a_sheet(client, door_staff, event):
    RegistrationFactory(
        event=event,
        honorific="Vice Admiral",
        given_name="Kazuo",
        family_name="Otsuka",
        japanese_name="大塚 海夫",
        organisation="Joint Staff",
        nationality="JP",
    )
    RegistrationFactory.create_batch(8, event=event)
    RegistrationFactory(event=event, family_name="Pending", status="pending")
    client.force_login(door_staff)
    response = client.get(url("staff:badges", event))
    page = response.content.decode()
    assert [len(sheet) for sheet in response.context["sheets"]] == [8, 1]
    assert '<p class="badge-honorific">Vice Admiral</p>' in page
    assert '<p class="badge-name"><span>OTSUKA Kazuo</span></p>' in page
    assert '<p class="badge-japanese" lang="ja">大塚 海夫</p>' in page
    assert "Pending" not in page.split("badge-sheet", 1)[1]


def test_staff_pages_need_the_one_time_password_where_the_admin_does(
    client, settings, organiser, event
):
    settings.ADMIN_OTP_REQUIRED = True
    client.force_login(organiser)  # a password alone: no verified device in the session
    response = client.get(url("staff:attendees_export", event))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize(
    ("name", "query", "queries"),
    [
        # The sign-up chart: its span, then its counts; the delegations' balance: five;
        # the seating plans needing review (registrations.hooks.dashboard_notices).
        ("staff:dashboard", "", 15),
        ("staff:check_in", "?q=ashworth", 6),
        ("staff:catering", "", 9),
        ("staff:badges", "", 5),
    ],
)
@pytest.mark.parametrize("size", [1, 3])
def test_staff_page_query_counts_are_flat(
    client, organiser, event, name, query, queries, size, django_assert_num_queries
):
    options = AttendanceOptionFactory.create_batch(2, event=event)
    for registration in RegistrationFactory.create_batch(
        size, event=event, dietary_requirement="vegan"
    ):
        registration.attendance_options.set(options)
    client.force_login(organiser)
    with django_assert_num_queries(queries):
        response = client.get(url(name, event) + query)
    seats = f'<span class="figure">{size}</span> / 100'  # the dashboard names nobody
    assert (seats if name == "staff:dashboard" else "Ashworth") in response.content.decode()


def test_staff_pages_show_times_in_the_event_zone(client, organiser):
    london = EventFactory(time_zone="Europe/London")
    registration = RegistrationFactory(event=london, family_name="Ashworth")
    Registration.objects.filter(pk=registration.pk).update(
        checked_in_at=datetime(2024, 3, 31, 8, 45, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(organiser)
    attendees = client.get(url("staff:attendees", london)).content.decode()
    assert '<td class="attendee-checked-in">2024-03-31 09:45</td>' in attendees  # BST, not 17:45
    card = client.get(url("staff:check_in_card", london, reference=registration.reference))
    assert "Checked in at 09:45" in card.content.decode()
