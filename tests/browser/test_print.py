"""The agenda as an organiser prints it while signed in: the preview notice and the
bracketed marks on unconfirmed names reach the paper."""

import pytest

from conference.roles import ORGANISERS
from tests.browser.helpers import screenshot
from tests.factories import SessionFactory, SessionRoleFactory, SpeakerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_printing_the_previewed_agenda_prints_the_notice_and_the_marks(new_context, live_server):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    session = SessionFactory(title="Panel")
    SessionRoleFactory(
        session=session, speaker=SpeakerFactory(given_name="Pencilled"), is_confirmed=False
    )
    page = new_context("desktop").new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", organiser.username)
    page.fill("#id_password", "correct horse battery")
    page.locator("[type=submit]").click()
    page.goto(f"/{session.event.slug}/agenda/")

    notice = page.locator(".preview-notice")
    print_note = notice.locator(".preview-print-note")
    expect(notice).to_be_visible()
    expect(print_note).to_be_hidden()  # on screen the notice is enough

    page.emulate_media(media="print")
    expect(notice).to_be_visible()
    expect(print_note).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    flag = page.locator(".session-roles li", has_text="Pencilled").locator(".preview-flag")
    expect(flag).to_have_text("Unconfirmed")
    generated = flag.evaluate(
        "el => [getComputedStyle(el, '::before').content, getComputedStyle(el, '::after').content]"
    )
    assert generated == ['"("', '")"']
    screenshot(page, "flows", "organiser-print-preview-agenda")
