"""The agenda as an organiser prints it while signed in: the preview notice and the
bracketed marks on unconfirmed names reach the paper; the printed agenda's running
header; badges printed with the organiser's logo and the partner line."""

import pytest

from conference.roles import ORGANISERS
from tests.browser.helpers import SCREENSHOTS, give_logo, screenshot, serve_media, sign_in
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


def _badges_in_print(new_context, event, language="en"):
    """The staff badges page of ``event``, signed in as an organiser, laid out for print."""
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context("desktop", locale="ja-JP" if language == "ja" else "en-GB").new_page()
    serve_media(page)
    page.goto("/admin/login/")
    sign_in(page, organiser)
    prefix = "/ja" if language == "ja" else ""
    page.goto(f"{prefix}/staff/{event.slug}/badges/")
    page.emulate_media(media="print")
    return page


# The name's first baseline from its badge's top: a zero-height probe stands on it.
_BASELINE = """(badge) => {
    const name = badge.querySelector('.badge-name');
    const probe = document.createElement('span');
    probe.style.display = 'inline-block';
    name.prepend(probe);
    const baseline = probe.getBoundingClientRect().bottom - badge.getBoundingClientRect().top;
    probe.remove();
    return baseline;
}"""
_BASELINES_JS = (
    "() => [...document.querySelectorAll('.name-badge')].map(badge => (" + _BASELINE + ")(badge))"
)
# Per badge, measured in print: that baseline, the rows' boxes, the footer's logo and line.
_BADGE_JS = (
    """() => [...document.querySelectorAll('.name-badge')].map(badge => {
    const baseline = ("""
    + _BASELINE
    + """)(badge);
    const box = (selector) => badge.querySelector(selector).getBoundingClientRect();
    const logo = badge.querySelector('.badge-logo');
    const partner = badge.querySelector('.badge-partner');
    const organisation = badge.querySelector('.badge-organisation');
    const range = document.createRange();
    range.selectNodeContents(organisation);
    const organisationLines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    return {
        baseline: Math.round(baseline * 100) / 100,
        footerInside: box('.badge-footer').bottom <= badge.getBoundingClientRect().bottom + 0.5,
        organisationAboveFooter:
            box('.badge-organisation').bottom <= box('.badge-footer').top + 0.5,
        organisationLines,
        logo: logo.complete && logo.naturalWidth > 0
            ? [Math.round(box('.badge-logo').height), box('.badge-logo').width <= 84] : null,
        partner: [partner.textContent, getComputedStyle(partner).fontSize,
                  partner.scrollWidth <= partner.clientWidth],
        event: getComputedStyle(badge.querySelector('.badge-event')).fontSize,
    };
})"""
)


def test_badges_print_the_logo_and_partner_line_with_every_name_on_one_baseline(
    new_context, demo_event
):
    from registrations.models import Registration

    give_logo(demo_event, size=(600, 200))  # the demo's own partner line
    # An organisation long enough for two lines: it keeps them above the footer.
    first = Registration.objects.filter(event=demo_event, status="confirmed").order_by("pk")[0]
    first.organisation = "Ministry of Foreign Affairs, Foreign Policy Bureau, Security Policy"
    first.save()
    page = _badges_in_print(new_context, demo_event)

    badges = page.evaluate(_BADGE_JS)
    assert len(badges) == Registration.objects.filter(event=demo_event, status="confirmed").count()
    assert len({badge["baseline"] for badge in badges}) == 1, badges
    assert {badge["footerInside"] for badge in badges} == {True}
    assert {badge["organisationAboveFooter"] for badge in badges} == {True}
    assert {badge["organisationLines"] for badge in badges} == {1, 2}
    # The logo 4.5 mm high (17 CSS px), at most 22 mm wide; the line whole, at 7.5 pt.
    assert {tuple(badge["logo"]) for badge in badges} == {(17, True)}
    assert {tuple(badge["partner"]) for badge in badges} == {
        ("Held by RUSI, the Royal United Services Institute", "10px", True)
    }
    assert {badge["event"] for badge in badges} == {"16px"}  # 12 pt, read at a distance
    if screenshot(page, "print", "badges-with-logo") is not None:
        page.pdf(
            path=SCREENSHOTS / "print" / "badges-with-logo.pdf", format="A4", print_background=True
        )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_long_event_name_prints_whole_on_every_badge(new_context, upcoming_event, language):
    """「第4回 日英安全保障対話（デモ用の架空の回）」 was cut to 「…（デモ用の架空…」 on every
    badge: the event line takes two lines at 12 pt, and the names stay on one baseline."""
    page = _badges_in_print(new_context, upcoming_event, language)

    lines = page.evaluate(
        """() => [...document.querySelectorAll('.badge-event')].map(line => {
            const range = document.createRange();
            range.selectNodeContents(line);
            const text = [...range.getClientRects()];
            return [line.textContent, getComputedStyle(line).fontSize,
                    new Set(text.map(r => Math.round(r.top))).size,
                    line.scrollHeight <= line.clientHeight && line.scrollWidth <= line.clientWidth];
        })"""
    )
    name = {"en": upcoming_event.name_en, "ja": upcoming_event.name_ja}[language]
    # Whole, at 12 pt (16 CSS px), on two lines, inside its row on every badge.
    assert set(map(tuple, lines)) == {(name, "16px", 2, True)}
    badges = page.evaluate(_BASELINES_JS)
    assert len(set(badges)) == 1
    screenshot(page, "print", f"badges-long-event-name-{language}")


def test_a_long_partner_line_prints_whole_on_the_badges(new_context, demo_event):
    """The admin's own example was cut to "…Institute of Internat…" on every badge."""
    long_line = "Co-hosted with the Japan Institute of International Affairs"
    give_logo(demo_event, size=(600, 200), partner_en=long_line)
    page = _badges_in_print(new_context, demo_event)

    partners = page.evaluate(
        """() => [...document.querySelectorAll('.badge-partner')].map(line => {
            const range = document.createRange();
            range.selectNodeContents(line);
            return [line.textContent, new Set([...range.getClientRects()].map(
                        r => Math.round(r.top))).size,
                    line.scrollHeight <= line.clientHeight + 1
                        && line.scrollWidth <= line.clientWidth,
                    line.closest('.badge-footer').getBoundingClientRect().bottom
                        <= line.closest('.name-badge').getBoundingClientRect().bottom + 0.5];
        })"""
    )
    # Whole (on one or two lines, set a little smaller), inside the badge.
    assert {(text, whole, inside) for text, lines, whole, inside in partners} == {
        (long_line, True, True)
    }
    assert {lines for _text, lines, _whole, _inside in partners} <= {1, 2}
    badges = page.evaluate(_BASELINES_JS)
    assert len(set(badges)) == 1
    screenshot(page, "print", "badges-long-partner-line")
