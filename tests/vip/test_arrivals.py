"""The VIP arrivals sheet: per day, in time order, a fixed number of queries."""

import re
from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import SessionRoleFactory, SpeakerFactory, UserFactory
from vip.models import SpeakerLogistics

pytestmark = pytest.mark.django_db


def arrive(event, family_name, day, at=None, confirmed=True, **details):
    speaker = SpeakerFactory(given_name="Guest", family_name=family_name)
    SessionRoleFactory(session__event=event, speaker=speaker, is_confirmed=confirmed)
    return SpeakerLogistics.objects.create(
        event=event, speaker=speaker, arrival_date=day, arrival_time=at, **details
    )


@pytest.fixture
def staff_client(client, event):
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    return client


def sheet(client, event, language="en"):
    with translation.override(language):
        url = reverse("vip:arrivals", kwargs={"event_slug": event.slug})
    return client.get(url)


def names_in_order(html: str) -> list[str]:
    return re.findall(r"Guest (\w+)", html)


def test_arrivals_per_day_in_time_order_with_who_meets_them(staff_client, event):
    arrive(event, "Late", date(2016, 10, 31), time(18, 0), arrival_point="Narita T1")
    arrive(event, "Unknown", date(2016, 10, 31), None)
    arrive(
        event,
        "Early",
        date(2016, 10, 31),
        time(7, 25),
        arrival_mode="flight",
        arrival_number="BA 5",
        arrival_point="Haneda T3",
        escort="Ms Tanaka",
        car_meets=True,
        car_details="Embassy car",
        venue_entrance="South gate",
        departure_date=date(2016, 11, 3),
        departure_time=time(11, 0),
    )
    arrive(event, "Nextday", date(2016, 11, 1), time(8, 0), confirmed=False)
    arrive(event, "Undated", None)

    response = sheet(staff_client, event)

    assert response.status_code == 200
    html = response.content.decode()
    arrivals = html[html.index('id="arrivals-heading"') : html.index('id="departures-heading"')]
    assert names_in_order(arrivals) == ["Early", "Late", "Unknown", "Nextday"]
    assert arrivals.index("Monday 31 October 2016") < arrivals.index("Tuesday 1 November 2016")
    early = arrivals[arrivals.index("07:25") : arrivals.index("Guest Late")]
    for detail in ("Flight BA 5", "Haneda T3", "Ms Tanaka", "Yes: Embassy car", "South gate"):
        assert detail in early
    assert "Guest Nextday</th>" not in arrivals  # flagged as not confirmed
    assert 'Guest Nextday <span class="arrivals-flag">(not confirmed)</span>' in arrivals
    departures = html[html.index('id="departures-heading"') :]
    assert names_in_order(departures) == ["Early", "Undated"]
    assert "Thursday 3 November 2016" in departures


def test_the_staff_menu_links_to_the_sheet(staff_client, event):
    dashboard = staff_client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug}))
    url = reverse("vip:arrivals", kwargs={"event_slug": event.slug})
    assert f'<a href="{url}">VIP arrivals</a>' in dashboard.content.decode()
    index = staff_client.get(reverse("staff:index")).content.decode()
    assert f'<a href="{url}">VIP arrivals</a>' in index
    page = sheet(staff_client, event).content.decode()
    assert f'<a href="{url}" aria-current="page">VIP arrivals</a>' in page


def test_accounts_without_the_permission_get_no_link_and_no_sheet(client, event):
    user = UserFactory(staff_of=[event])
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(user)
    dashboard = client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug}))
    assert "VIP arrivals" not in dashboard.content.decode()
    assert sheet(client, event).status_code == 403


def test_the_sheet_in_japanese(staff_client, event):
    arrive(event, "Early", date(2016, 10, 31), time(7, 25))
    html = sheet(staff_client, event, "ja").content.decode()
    assert "VIP到着一覧" in html
    assert "2016年10月31日（月）" in html


@pytest.mark.parametrize("speakers", [1, 3])
def test_the_sheet_runs_the_same_queries_whatever_the_number_of_speakers(
    staff_client, event, speakers, django_assert_num_queries
):
    for number in range(speakers):
        arrive(
            event,
            f"Speaker{number}",
            date(2016, 10, 31),
            time(8 + number),
            departure_date=date(2016, 11, 3),
        )
    # The user, their permissions (own and group's), the event, their membership of its
    # staff, then every row with its speaker in one query (the session comes from the cache).
    with django_assert_num_queries(6):
        response = sheet(staff_client, event)
    assert response.status_code == 200
    assert len(names_in_order(response.content.decode())) == 2 * speakers


def test_visitors_who_are_not_signed_in_are_sent_to_the_login_page(client, event):
    response = sheet(client, event)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
