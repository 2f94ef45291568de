"""Reflow (WCAG 1.4.10): at 320 CSS px, no public, delegate or staff page scrolls
sideways, in English or Japanese. Tables too wide for the screen scroll inside a
wrapper a keyboard can reach (tabindex=0), announced as a named region (axe's
scrollable-region-focusable). Measured by layout width, not by eye."""

from pprint import pformat

import pytest

from conference.roles import ORGANISERS
from tests.browser.helpers import give_logo, screenshot, serve_media, sign_in
from tests.browser.pages import LANGUAGES, delegate_pages, public_pages, staff_pages
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements wider than the screen (outside a scrolling wrapper), and scrolling wrappers
# a keyboard cannot reach or a screen reader cannot name.
_LAYOUT_JS = """() => {
    const width = document.documentElement.clientWidth;
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string'
           ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
    const scrollers = [...document.querySelectorAll('body *')].filter((el) => {
        const style = getComputedStyle(el);
        return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    });
    const unreachable = scrollers.filter((el) => !(el.tabIndex >= 0
        && el.getAttribute('role') === 'region'
        && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))));
    const inScroller = (el) => scrollers.some((scroller) => scroller.contains(el));
    const wide = [...document.querySelectorAll('body *')].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.right > width + 1 && box.width > 0 && !inScroller(el)
            && getComputedStyle(el).visibility !== 'hidden';
    }).slice(0, 4).map((el) => describe(el) + ' ' + Math.round(el.getBoundingClientRect().right));
    return {
        wide,
        scrollWidth: document.documentElement.scrollWidth,
        width,
        unreachable: unreachable.map(describe),
    };
}"""


def _check(page, paths, folder):
    problems = {}
    for name, path in paths.items():
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        layout = page.evaluate(_LAYOUT_JS)
        found = []
        if layout["scrollWidth"] > layout["width"]:
            found.append(f"{layout['scrollWidth']} px wide at {layout['width']}: {layout['wide']}")
        found += [f"scrolls but is not keyboard-reachable: {el}" for el in layout["unreachable"]]
        if found:
            problems[path] = found
        screenshot(page, folder, name)
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_or_delegate_page_scrolls_sideways_at_320_px(
    new_context, demo_event, upcoming_event, language
):
    page = new_context("narrow", locale="ja-JP" if language == "ja" else "en-GB").new_page()
    paths = {
        **public_pages(demo_event, language, every_session_and_speaker=True),
        **{f"next-{name}": path for name, path in public_pages(upcoming_event, language).items()},
        **delegate_pages(upcoming_event, language),
    }

    problems = _check(page, paths, f"{language}-320")

    assert problems == {}, pformat(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_staff_page_scrolls_sideways_at_320_px(new_context, demo_event, language):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context("narrow", locale="ja-JP" if language == "ja" else "en-GB").new_page()
    page.goto("/admin/login/")
    sign_in(page, organiser)

    problems = _check(page, staff_pages(demo_event, language), f"{language}-320")

    assert problems == {}, pformat(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_unbroken_input_wraps_on_the_card_and_the_manage_page(
    new_context, upcoming_event, language
):
    """A 150-letter name and a 250-letter organisation (a delegate may type them) once
    made the door's card 3,360 px and the manage page 3,166 px wide."""
    from conference.roles import ensure_staff_groups
    from registrations.tokens import make_manage_token
    from tests.factories import RegistrationFactory

    ensure_staff_groups()
    long = RegistrationFactory(
        event=upcoming_event,
        status="confirmed",
        given_name="G" * 150,
        family_name="Unbroken",
        organisation="O" * 250,
        position="P" * 150,
    )
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context("narrow", locale="ja-JP" if language == "ja" else "en-GB").new_page()
    prefix = "/ja" if language == "ja" else ""
    paths = {
        "long-manage": f"{prefix}/{upcoming_event.slug}/registration/{make_manage_token(long)}/",
    }
    problems = _check(page, paths, f"{language}-320")
    page.goto("/admin/login/")
    sign_in(page, organiser)
    paths = {
        "long-card": f"{prefix}/staff/{upcoming_event.slug}/check-in/{long.reference}/",
        "long-search": f"{prefix}/staff/{upcoming_event.slug}/check-in/?q=Unbroken",
    }
    problems |= _check(page, paths, f"{language}-320")

    assert problems == {}, pformat(problems)


# The logo and the partner line in the masthead: inside the screen, the logo loaded and
# no taller than its row, the partner line wrapping rather than widening the page.
_MASTHEAD_JS = """() => {
    const logo = document.querySelector('.site-logo');
    const partner = document.querySelector('.site-partner');
    const width = document.documentElement.clientWidth;
    const box = (el) => el && el.getBoundingClientRect();
    return {
        logoLoaded: !!logo && logo.complete && logo.naturalWidth > 0,
        logoInside: !!logo && box(logo).left >= 0 && box(logo).right <= width,
        logoHeight: logo ? Math.round(box(logo).height) : 0,
        partner: partner ? partner.textContent : null,
        partnerInside: !!partner && box(partner).right <= width,
    };
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_masthead_with_a_logo_and_a_partner_line_reflows_at_320_px(
    new_context, demo_event, language
):
    """A wide logo and a long partner line (the demo's is short) on the public pages and
    the staff pages (badges included), in both languages."""
    from conference.roles import ensure_staff_groups

    give_logo(
        demo_event,
        partner_en="Co-hosted with the Japan Institute of International Affairs and the "
        "Sasakawa Peace Foundation",
        partner_ja="共催：日本国際問題研究所、笹川平和財団",
    )
    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context("narrow", locale="ja-JP" if language == "ja" else "en-GB").new_page()
    serve_media(page)
    public = {
        name: path
        for name, path in public_pages(demo_event, language).items()
        if name in {"event", "agenda", "speakers", "venue", "register"}
    }
    problems = _check(
        page, {f"logo-{name}": path for name, path in public.items()}, f"{language}-320"
    )
    masthead = page.evaluate(_MASTHEAD_JS)
    partner = {
        "en": "Co-hosted with the Japan Institute of International Affairs and the Sasakawa "
        "Peace Foundation",
        "ja": "共催：日本国際問題研究所、笹川平和財団",
    }[language]
    assert masthead == {
        "logoLoaded": True,
        "logoInside": True,
        "logoHeight": 36,  # 2.25rem on a phone
        "partner": partner,
        "partnerInside": True,
    }
    page.goto("/admin/login/")
    sign_in(page, organiser)
    staff = {
        name: path
        for name, path in staff_pages(demo_event, language).items()
        if name in {"staff-dashboard", "staff-badges", "staff-check-in"}
    }
    problems |= _check(
        page, {f"logo-{name}": path for name, path in staff.items()}, f"{language}-320"
    )

    assert problems == {}, pformat(problems)
