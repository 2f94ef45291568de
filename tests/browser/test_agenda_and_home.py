"""The agenda and the event home as a person meets them on a phone and a desktop:
break rows in line with sessions, the theme filter within a 320-pixel screen, the call
to register on a phone's first screen and the event's navigation on one line at 360 px.
"""

import pytest

from tests.browser.helpers import give_logo, screenshot, serve_media
from tests.browser.pages import LANGUAGES, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _locale(language):
    return "ja-JP" if language == "ja" else "en-GB"


@pytest.mark.parametrize("viewport", ["desktop", "narrow"])
def test_agenda_break_rows_line_up_with_session_rows(new_context, demo_event, viewport):
    page = new_context(viewport).new_page()
    page.goto(public_pages(demo_event, "en")["agenda"])

    lefts = page.evaluate(
        """() => [...document.querySelectorAll('.agenda-item')].map(row => [
            row.classList.contains('agenda-item--interval'),
            Math.round(row.querySelector('.agenda-time').getBoundingClientRect().left),
            Math.round(row.querySelector('.agenda-title').getBoundingClientRect().left),
        ])"""
    )

    breaks = {tuple(left) for interval, *left in lefts if interval}
    sessions = {tuple(left) for interval, *left in lefts if not interval}
    assert len(breaks) == len(sessions) == 1
    assert breaks == sessions


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", ["narrow", "small-phone", "phone"])
def test_agenda_and_theme_filter_fit_a_phone(new_context, demo_event, language, viewport):
    page = new_context(viewport, locale=_locale(language)).new_page()
    page.goto(public_pages(demo_event, language)["agenda"])
    width = page.viewport_size["width"]

    assert page.evaluate("document.documentElement.scrollWidth") == width
    box = page.locator("#theme-select").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.select_option("#theme-select", index=3)  # the longest English theme
    box = page.locator("#theme-select").bounding_box()
    assert box["x"] + box["width"] <= width
    screenshot(page, f"{language}-{viewport}", "agenda-theme-selected")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", ["narrow", "small-phone", "phone"])
@pytest.mark.parametrize("logo", [False, True], ids=["partner-line", "logo-and-partner-line"])
def test_event_home_asks_to_register_on_a_phones_first_screen(
    new_context, upcoming_event, language, viewport, logo
):
    """The demo's masthead carries a partner line; with the organiser's logo as well,
    the button is still on the first screen."""
    page = new_context(viewport, locale=_locale(language)).new_page()
    if viewport == "narrow":  # the smallest phones still in use (iPhone SE, 1st generation)
        page.set_viewport_size({"width": 320, "height": 568})
    if logo:
        give_logo(upcoming_event)
        serve_media(page)
    page.goto(public_pages(upcoming_event, language)["event"])

    # One button (the panel's shows from sm up), on the first screen.
    buttons = page.locator(".register-button:visible")
    expect(buttons).to_have_count(1)
    button = buttons.bounding_box()
    assert button["y"] + button["height"] <= page.viewport_size["height"]
    # The navigation's five items on one line: "Register" is not left alone below
    # (at 320 px, two lines of at least two: the next test).
    tops = page.locator(".event-nav li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) == 5
    if viewport != "narrow":
        assert len(set(tops)) == 1, tops
    # The dialogue is named once in the page's content: the heading.
    series = upcoming_event.series_name if language == "en" else "日英安全保障対話"
    assert page.locator("main").inner_text().count(series) == 1
    screenshot(page, f"{language}-{viewport}", "event-first-screen" + ("-logo" if logo else ""))


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_navigation_never_leaves_one_item_alone_at_320_px(
    new_context, upcoming_event, language
):
    page = new_context("narrow", locale=_locale(language)).new_page()
    page.goto(public_pages(upcoming_event, language)["event"])

    tops = page.locator(".event-nav li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    lines = [tops.count(top) for top in sorted(set(tops))]
    assert min(lines) >= 2 or lines == [5], lines
    assert page.evaluate("document.documentElement.scrollWidth") == 320
