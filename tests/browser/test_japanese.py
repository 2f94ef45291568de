"""Japanese set as Japanese is set, and staff tables a person can read, measured in
Chromium: line height 1.8 for body text, no slanted (synthetic) italics on Japanese,
phrase-boundary line breaks where names and titles wrap, full-width punctuation
without stray spaces or ASCII commas between Japanese words; every table header named,
and the Japanese attendee list keeps references whole and country names readable."""

from pprint import pformat

import pytest

from conference.roles import ORGANISERS
from tests.browser.helpers import sign_in
from tests.browser.pages import public_pages, staff_pages
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_TYPE_JS = r"""() => {
    const cjk = '[\\u3040-\\u30ff\\u4e00-\\u9fff]';
    const japanese = new RegExp(cjk);
    const body = getComputedStyle(document.body);
    const slanted = [...document.querySelectorAll('body *')].filter((el) => {
        const own = [...el.childNodes].filter((n) => n.nodeType === 3)
            .map((n) => n.textContent).join('');
        return japanese.test(own) && getComputedStyle(el).fontStyle !== 'normal';
    }).map((el) => el.tagName.toLowerCase() + '.' + el.className);
    const text = document.querySelector('main').innerText;
    return {
        lineHeight:
            Math.round(parseFloat(body.lineHeight) / parseFloat(body.fontSize) * 100) / 100,
        slanted,
        spaceAfterColon: text.match(/.{0,8}[：、。]{1}[ \u00a0]+\S.{0,8}/g) || [],
        asciiComma: text.match(new RegExp(`.{0,8}${cjk}, ?${cjk}.{0,8}`, 'g')) || [],
        phraseBreaks: [...document.querySelectorAll(
            'h1, .speaker-name, .agenda-title, .session-roles')]
            .map((el) => getComputedStyle(el).wordBreak).filter((v) => v !== 'auto-phrase'),
    };
}"""


def test_japanese_pages_are_set_as_japanese_is_set(new_context, demo_event):
    page = new_context("phone", locale="ja-JP").new_page()
    paths = {
        name: path
        for name, path in public_pages(demo_event, "ja").items()
        if name != "events" and not name.startswith("speakers-by")
    }
    problems = {}
    for path in paths.values():
        page.goto(path)
        found = page.evaluate(_TYPE_JS)
        wrong = {key: value for key, value in found.items() if value not in (1.8, [])}
        if wrong:
            problems[path] = wrong

    assert problems == {}, pformat(problems)


def test_staff_pages_in_japanese_have_no_slanted_japanese_and_named_headers(
    new_context, demo_event
):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context("desktop", locale="ja-JP").new_page()
    page.goto("/admin/login/")
    sign_in(page, organiser)
    problems = {}
    for path in staff_pages(demo_event, "ja").values():
        page.goto(path)
        found = page.evaluate(_TYPE_JS)
        empty = page.locator("th").evaluate_all(
            "cells => cells.filter(c => !c.textContent.trim() && !c.getAttribute('aria-label'))"
            ".map(c => c.closest('table').className)"
        )
        wrong = {"slanted": found["slanted"], "empty headers": empty}
        if any(wrong.values()):
            problems[path] = wrong

    assert problems == {}, pformat(problems)


@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
def test_the_japanese_attendee_list_keeps_references_whole_and_countries_readable(
    new_context, demo_event, viewport
):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context(viewport, locale="ja-JP").new_page()
    page.goto("/admin/login/")
    sign_in(page, organiser)
    page.goto(staff_pages(demo_event, "ja")["staff-attendees"])
    cells = page.evaluate(
        """() => {
        const lines = (el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        return {
            references: [...document.querySelectorAll('.attendee-reference')].map(lines),
            // Characters per line of each country name: one a line is unreadable.
            countries: [...document.querySelectorAll('.attendee-nationality')]
                .filter((el) => el.textContent.trim())
                .map((el) => el.textContent.trim().length / lines(el)),
        };
    }"""
    )
    assert cells["references"] and set(cells["references"]) == {1}
    assert min(cells["countries"]) >= 2, cells["countries"]
