"""The dashboard's sign-up chart: at most ~60 bars, whatever the span of sign-ups."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.models import Registration
from registrations.selectors import registrations_over_time
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def registered_on(event, *days):
    """One registration arriving at noon UTC (21:00 in Tokyo) on each day."""
    for day in days:
        registration = RegistrationFactory(event=event)
        Registration.objects.filter(pk=registration.pk).update(
            created_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
        )


def dashboard(client, event):
    client.force_login(UserFactory(groups=["Organisers"]))
    return client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug}))


def labels(chart):
    return [bar["label"] for bar in chart["bars"] if bar["show_label"]]


def table_rows(page):
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td></tr>", table)


def test_ten_days_are_ten_daily_bars(client, event):
    registered_on(event, date(2016, 10, 1), date(2016, 10, 1), date(2016, 10, 10))
    response = dashboard(client, event)
    chart = response.context["chart"]
    page = response.content.decode()
    assert chart["unit"] == "day"
    assert [(bar["name"], bar["count"]) for bar in chart["bars"]] == [
        ("2016-10-01", 2),
        *[(f"2016-10-{day:02}", 0) for day in range(2, 10)],
        ("2016-10-10", 1),
    ]
    assert labels(chart) == ["1 Oct", "3 Oct", "5 Oct", "7 Oct", "9 Oct"]
    assert "Registrations per day" in page
    assert "3 registrations, counted by the day they arrived (Asia/Tokyo)." in page
    assert page.count('<rect class="chart-bar"') == 10
    assert '<th scope="col">Day</th>' in page
    assert table_rows(page)[0] == ("2016-10-01", "2") and len(table_rows(page)) == 10


def test_sixty_days_are_still_daily_and_sixty_one_are_weekly(event):
    registered_on(event, date(2016, 9, 1), date(2016, 10, 30))
    timeline = registrations_over_time(event)
    assert (timeline.unit, len(timeline.bins)) == ("day", 60)
    registered_on(event, date(2016, 10, 31))
    timeline = registrations_over_time(event)
    assert (timeline.unit, len(timeline.bins)) == ("week", 10)
    assert timeline.bins[0] == (date(2016, 8, 29), 1)  # the Monday of 1 September's week


def test_six_months_are_weekly_bars(client, event):
    # Monday 2 May to Sunday 30 October 2016: 26 whole weeks.
    registered_on(event, date(2016, 5, 2), date(2016, 5, 8), date(2016, 7, 20), date(2016, 10, 30))
    response = dashboard(client, event)
    chart = response.context["chart"]
    page = response.content.decode()
    assert chart["unit"] == "week"
    assert len(chart["bars"]) == 26
    assert (chart["bars"][0]["name"], chart["bars"][0]["count"]) == ("2016-05-02", 2)
    assert (chart["bars"][-1]["name"], chart["bars"][-1]["count"]) == ("2016-10-24", 1)
    assert sum(bar["count"] for bar in chart["bars"]) == 4
    assert labels(chart) == ["2 May", "30 May", "27 Jun", "25 Jul", "22 Aug", "19 Sep", "17 Oct"]
    assert "Registrations per week" in page
    assert '<th scope="col">Week beginning</th>' in page
    assert table_rows(page)[11] == ("2016-07-18", "1")


def test_a_year_end_puts_the_year_on_the_labels(event):
    registered_on(event, date(2016, 11, 20), date(2017, 1, 5))
    with translation.override("en"):
        from registrations.staff_views import bar_chart

        chart = bar_chart(registrations_over_time(event))
    assert chart["unit"] == "day"
    assert labels(chart)[:2] == ["20 Nov 2016", "26 Nov 2016"]
    assert labels(chart)[-1] == "1 Jan 2017"


def test_ten_years_are_quarterly_bars_and_the_page_stays_small(client, event):
    registered_on(event, date(2007, 1, 15), date(2007, 2, 1), date(2012, 6, 30), date(2016, 10, 30))
    response = dashboard(client, event)
    chart = response.context["chart"]
    page = response.content.decode()
    assert chart["unit"] == "quarter"
    assert len(chart["bars"]) == 40
    assert [(bar["name"], bar["count"]) for bar in chart["bars"] if bar["count"]] == [
        ("Q1 2007", 2),
        ("Q2 2012", 1),
        ("Q4 2016", 1),
    ]
    assert labels(chart) == [
        "Q1 2007", "Q2 2008", "Q3 2009", "Q4 2010", "Q1 2012", "Q2 2013", "Q3 2014", "Q4 2015",
    ]  # fmt: skip
    assert page.count('<rect class="chart-bar"') == 40
    assert len(table_rows(page)) == 40
    assert len(response.content) < 30_000  # ten years used to be 3,700 bars and 700 KB


def test_four_years_are_monthly_bars_labelled_with_the_year(event):
    registered_on(event, date(2013, 1, 10), date(2016, 12, 10))
    from registrations.staff_views import bar_chart

    chart = bar_chart(registrations_over_time(event))
    assert (chart["unit"], len(chart["bars"])) == ("month", 48)
    assert labels(chart) == [
        "Jan 2013", "Jul 2013", "Jan 2014", "Jul 2014", "Jan 2015", "Jul 2015", "Jan 2016",
        "Jul 2016",
    ]  # fmt: skip
    assert chart["bars"][0]["name"] == "2013-01"


def test_labels_in_japanese(event):
    registered_on(event, date(2016, 11, 20), date(2017, 1, 5))
    from registrations.staff_views import bar_chart

    with translation.override("ja"):
        chart = bar_chart(registrations_over_time(event))
        assert labels(chart)[:2] == ["2016/11/20", "2016/11/26"]
        assert str(chart["unit_name"]) == "日"
        quarters = bar_chart(
            registrations_over_time(event, max_bins=2)  # 2016 Q4 and 2017 Q1
        )
        assert labels(quarters) == ["2016年Q4", "2017年Q1"]


@pytest.mark.parametrize("size", [1, 3])
def test_the_chart_costs_two_queries(event, size, django_assert_num_queries):
    registered_on(event, *[date(2007 + year * 4, 1, 1) for year in range(size)])
    with django_assert_num_queries(2):
        timeline = registrations_over_time(event)
    assert sum(count for _start, count in timeline.bins) == size
