"""Focus you can see (WCAG 2.4.7, 2.4.11, 2.4.13): tabbing through the sign-up form
(before and after a failed submit), a delegate's manage page and the door's check-in
page, every stop draws a ring of at least 2 px and 3:1 against what surrounds it.
Bootstrap's own focus styles (no outline on buttons, a 1.4:1 glow on fields) fail this.
"""

import pytest

from conference.roles import EVENT_STAFF
from registrations.models import Registration
from registrations.tokens import make_manage_token
from tests.browser.helpers import focus_problems, screenshot, sign_in
from tests.browser.pages import LANGUAGES, public_pages
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_stop_of_the_sign_up_form_shows_focus(new_context, upcoming_event, language):
    page = new_context(locale="ja-JP" if language == "ja" else "en-GB").new_page()
    page.goto(public_pages(upcoming_event, language)["register"])

    problems, stops = focus_problems(page)
    assert stops > 20  # the masthead, the navigation, every field and both buttons
    assert problems == []

    page.locator("form [type=submit][name=register]").click()
    page.wait_for_load_state()
    problems, stops = focus_problems(page)
    assert stops > 20
    assert problems == []


def test_every_stop_of_the_manage_page_shows_focus(new_context, upcoming_event):
    registration = Registration.objects.filter(event=upcoming_event, status="confirmed").first()
    page = new_context().new_page()
    page.goto(f"/{upcoming_event.slug}/registration/{make_manage_token(registration)}/")

    problems, stops = focus_problems(page)
    assert stops > 15
    assert problems == []
    page.locator("#id_phone").focus()
    screenshot(page, "focus", "manage-phone-field")
    page.get_by_role("button", name="Save changes").focus()
    screenshot(page, "focus", "manage-save-button")


def test_every_stop_of_the_check_in_page_shows_focus(new_context, demo_event):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    door = UserFactory(username="door", groups=[EVENT_STAFF], staff_of=[demo_event])
    delegate = Registration.objects.filter(
        event=demo_event, status="confirmed", checked_in_at__isnull=True, speaker__isnull=True
    ).first()
    page = new_context().new_page()
    page.goto(f"/admin/login/?next=/staff/{demo_event.slug}/check-in/")
    sign_in(page, door)
    page.goto(f"/staff/{demo_event.slug}/check-in/?q={delegate.reference}")
    assert page.locator(".check-in-button").count() == 1

    problems, stops = focus_problems(page)
    assert stops > 10
    assert problems == []
    page.locator(".check-in-button").focus()
    screenshot(page, "focus", "check-in-button")
