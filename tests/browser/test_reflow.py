"""Reflow (WCAG 1.4.10): at 320 CSS px, no public, delegate or staff page scrolls
sideways, in English or Japanese. Tables too wide for the screen scroll inside a
wrapper a keyboard can reach (tabindex=0), announced as a named region (axe's
scrollable-region-focusable), rather than squeezing Japanese one character a line.
Measured by layout width and by where each character lands, not by eye."""

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
    // Japanese in a table cell breaks between phrases, never one character a line
    // (確/定, アメリカ合衆/国): a line (a run of characters left to right) holding a
    // single character, in a cell of more than one, is a word broken apart.
    const broken = [];
    const japanese = document.documentElement.lang.startsWith('ja');
    for (const cell of japanese ? document.querySelectorAll('th, td') : []) {
        const lines = [];
        let left = Infinity;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                if (/\\s/.test(node.data[i])) continue;
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const box = range.getBoundingClientRect();
                if (!box.width) continue;
                if (box.left < left) lines.push('');
                lines[lines.length - 1] += node.data[i];
                left = box.left;
            }
        }
        if (lines.length > 1 && lines.some((line) => line.length === 1)) {
            broken.push(describe(cell) + ' ' + lines.join('/'));
        }
    }
    // Full-width punctuation carries its own space: a space after 。、： (a line break in
    // the template, rendered as one) is a stray one.
    const stray = japanese
        ? (document.body.innerText.match(/.{0,12}[。、：][ \\u00a0\\u3000]+\\S.{0,12}/g) || [])
        : [];
    return {
        wide,
        stray: stray.slice(0, 6),
        scrollWidth: document.documentElement.scrollWidth,
        width,
        unreachable: unreachable.map(describe),
        broken: broken.slice(0, 6),
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
        found += [f"Japanese broken one character a line: {cell}" for cell in layout["broken"]]
        found += [f"a space after full-width punctuation: {text!r}" for text in layout["stray"]]
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
