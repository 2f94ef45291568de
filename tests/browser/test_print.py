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


def test_the_printed_agenda_has_a_running_header_and_sessions_louder_than_breaks(
    new_context, demo_event
):
    page = new_context("desktop").new_page()
    page.goto(f"/{demo_event.slug}/agenda/")
    page.emulate_media(media="print")

    # The running header and page numbers: page-margin boxes from agenda-print.css.
    margins = page.evaluate(
        """() => [...document.styleSheets]
            .filter(sheet => (sheet.href || '').endsWith('/agenda-print.css'))
            .flatMap(sheet => [...sheet.cssRules])
            .flatMap(rule => [...(rule.cssRules || [])])
            .flatMap(rule => [...(rule.cssRules || [])])
            .map(rule => rule.name + ' ' + rule.style.content)"""
    )
    assert margins == [
        'top-left "3rd UK-Japan Security Dialogue"',
        'top-right "1–2 November 2016 · International Conference Hall, Tokyo"',
        'bottom-right "Page" " " counter(page) " / " counter(pages)',
    ]
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.agenda-item')].map(row => {
            const title = row.querySelector('.agenda-title');
            const time = row.querySelector('.agenda-time');
            const range = document.createRange();
            range.selectNodeContents(time);
            const lines = new Set([...range.getClientRects()].map(box => Math.round(box.bottom)));
            return [row.classList.contains('agenda-item--interval'),
                    parseFloat(getComputedStyle(title).fontSize), lines.size];
        })"""
    )
    session_sizes = {size for interval, size, _ in sizes if not interval}
    break_sizes = {size for interval, size, _ in sizes if interval}
    assert min(session_sizes) > max(break_sizes)  # a coffee break never prints largest
    assert {lines for _, _, lines in sizes} == {1}  # time and zone on one line
    expect(page.locator(".page-heading .event-place")).to_have_text(
        "International Conference Hall, Tokyo"
    )
    screenshot(page, "print", "agenda")
