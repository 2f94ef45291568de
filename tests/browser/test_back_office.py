"""The back office in a real browser: an organiser approves a delegate and exports the
CSV from the admin; a member of the event staff checks a delegate in at the door."""

import re

import pytest

from conference.roles import EVENT_STAFF, ORGANISERS
from registrations.models import Registration
from tests.browser.helpers import run_axe, screenshot, sign_in, watch_console
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

BOM = b"\xef\xbb\xbf"


def test_organiser_approves_a_pending_delegate_and_downloads_the_csv(
    new_context, live_server, demo_event
):
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    delegate = (
        Registration.objects.filter(event=demo_event, status="pending")
        .order_by("family_name", "pk")
        .first()
    )
    page = new_context("desktop").new_page()
    errors = watch_console(page)

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    sign_in(page, organiser)
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto("/admin/registrations/registration/")
    page.fill("#searchbar", delegate.reference)
    page.keyboard.press("Enter")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(delegate.reference)
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", label="Approve (confirm) selected")
    page.locator("button[name=index]").click()

    expect(page.locator(".messagelist .success")).to_have_text("1 registration set to Confirmed.")
    delegate.refresh_from_db()
    assert delegate.status == "confirmed"
    screenshot(page, "flows", "organiser-1-approved")

    page.locator("#result_list input[name=_selected_action]").check()
    page.select_option("select[name=action]", label="Export selected registrations to CSV")
    with page.expect_download() as download:
        page.locator("button[name=index]").click()
    assert download.value.suggested_filename.endswith(".csv")
    data = open(download.value.path(), "rb").read()  # noqa: SIM115 - the file is Playwright's
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    assert len(text.splitlines()) == 2  # the header and the delegate
    assert delegate.reference in text
    assert delegate.family_name in text
    assert errors == []


def test_event_staff_check_a_delegate_in_at_the_door(
    new_context, live_server, demo_event, axe_source
):
    door = UserFactory(username="door", groups=[EVENT_STAFF], staff_of=[demo_event])
    delegate = (
        Registration.objects.filter(event=demo_event, status="confirmed", checked_in_at=None)
        .order_by("family_name", "pk")
        .first()
    )
    page = new_context("phone").new_page()
    errors = watch_console(page)

    page.goto("/staff/tokyo-2016/check-in/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/staff/tokyo-2016/check-in/"))
    sign_in(page, door)
    expect(page).to_have_url(f"{live_server.url}/staff/tokyo-2016/check-in/")

    page.get_by_role("searchbox").fill(delegate.reference)
    page.get_by_role("button", name="Find").click()
    card = page.locator(".check-in-card")
    expect(card).to_have_count(1)
    expect(card.locator(".check-in-name")).to_have_text(delegate.display_name)
    screenshot(page, "flows", "staff-1-found")
    assert run_axe(page, axe_source) == []
    card.get_by_role("button", name="Check in").click()

    expect(page.get_by_role("status").first).to_have_text(f"{delegate.display_name} is checked in.")
    expect(page.locator(".check-in-card .check-in-state")).to_contain_text("Checked in at")
    delegate.refresh_from_db()
    assert delegate.checked_in_at is not None
    screenshot(page, "flows", "staff-2-checked-in")
    assert run_axe(page, axe_source) == []

    # The attendee list's CSV, as the door team takes it away.
    page.goto("/staff/tokyo-2016/attendees/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    data = open(download.value.path(), "rb").read()  # noqa: SIM115 - the file is Playwright's
    assert data.startswith(BOM)
    assert delegate.reference in data.decode("utf-8-sig")
    assert errors == []


def test_event_staff_find_their_event_from_the_staff_index(
    new_context, live_server, demo_event, axe_source
):
    door = UserFactory(username="door", groups=[EVENT_STAFF], staff_of=[demo_event])
    page = new_context("phone").new_page()
    errors = watch_console(page)
    page.goto("/staff/")
    sign_in(page, door)
    expect(page).to_have_url(f"{live_server.url}/staff/")
    expect(page.get_by_role("heading", name="Your events")).to_be_visible()
    screenshot(page, "flows", "staff-0-index")
    assert run_axe(page, axe_source) == []
    page.get_by_role("link", name="Check-in").click()
    expect(page).to_have_url(f"{live_server.url}/staff/tokyo-2016/check-in/")
    assert errors == []
