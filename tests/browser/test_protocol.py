"""The protocol layer in a real browser: an organiser places participants in the admin
and reads the protocol list, the balance, the participant list and the badges (English
and Japanese, checked with axe); badges print with every name on one baseline; a
confirmed delegate on a 360-pixel phone, in Japanese, opens the participant list from
the manage link and leaves it by withdrawing consent."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from conference.roles import ORGANISERS
from protocol.models import Delegation
from registrations import emails
from registrations.models import Registration
from tests.browser.helpers import SCREENSHOTS, run_axe, screenshot, watch_console
from tests.factories import RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def sign_in(page, user):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery")
    page.locator("[type=submit]").click()


def staff_paths(event, language):
    slug = {"event_slug": event.slug}
    with translation.override(language):
        return {
            "dashboard": reverse("staff:dashboard", kwargs=slug),
            "protocol-list": reverse("staff:protocol", kwargs=slug),
            "balance": reverse("staff:balance", kwargs=slug),
            "participants": reverse("staff:participants", kwargs=slug),
            "badges": reverse("staff:badges", kwargs=slug) + "?order=precedence",
        }


def test_organiser_assigns_a_delegation_and_reads_the_protocol_pages(
    new_context, live_server, demo_event, axe_source
):
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    moved = Registration.objects.get(event=demo_event, speaker__slug="richard-barrons")
    page = new_context("desktop").new_page()
    errors = watch_console(page)
    sign_in(page, organiser)

    # The admin: move General Barrons to the observers and back, through the action.
    page.goto(f"/admin/registrations/registration/?q={moved.reference}")
    page.locator("#result_list input[name=_selected_action]").check()
    page.select_option("select[name=action]", label="Assign to delegation…")
    page.locator("button[name=index]").click()
    expect(page.get_by_role("heading", name="Assign to delegation")).to_be_visible()
    # His nationality's delegation is suggested.
    expect(page.locator("#id_delegation option:checked")).to_have_text("United Kingdom delegation")
    page.select_option("#id_delegation", label="Observers")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "1 participant assigned to Observers."
    )
    moved.refresh_from_db()
    assert moved.delegation.name_en == "Observers"

    # The staff pages, in English and Japanese, as an organiser reads them.
    problems = {}
    for language in ("en", "ja"):
        for name, path in staff_paths(demo_event, language).items():
            response = page.goto(path)
            assert response.status == 200, path
            screenshot(page, f"{language}-desktop", f"staff-{name}")
            problems[path] = run_axe(page, axe_source)
    page.goto(staff_paths(demo_event, "en")["protocol-list"])
    observers = page.locator(".protocol-delegation").nth(2)
    expect(observers.locator("h2")).to_have_text("Observers")
    expect(observers).to_contain_text("General Sir Richard Barrons")
    band = page.locator(".protocol-delegation h2 .delegation-band").first
    colours = band.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
    )
    assert colours == ["rgb(188, 0, 45)", "rgb(255, 255, 255)"]  # #bc002d, white text
    report = "\n".join(f"{p}:\n    " + "\n    ".join(f) for p, f in problems.items() if f)
    assert not report, f"axe-core WCAG 2.2 A/AA violations:\n{report}"
    assert errors == []


def test_badges_print_with_every_name_on_one_baseline(new_context, live_server, demo_event):
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    # A name long enough to take two lines, with no honorific and no Japanese name.
    RegistrationFactory(
        event=demo_event,
        honorific="",
        given_name="Alexandra Katharine",
        family_name="Montgomery-Fotheringham",
        delegation=Delegation.objects.get(event=demo_event, name_en="Observers"),
        nationality="AU",
    )
    page = new_context("desktop").new_page()
    sign_in(page, organiser)
    page.goto(staff_paths(demo_event, "en")["badges"])
    page.emulate_media(media="print")

    # Where the first line of each name sits, measured from the top of its badge: a
    # zero-height inline box at the start of the name stands on its baseline.
    badges = page.evaluate(
        """() => [...document.querySelectorAll('.name-badge')].map(badge => {
            const name = badge.querySelector('.badge-name');
            const probe = document.createElement('span');
            probe.style.display = 'inline-block';
            name.prepend(probe);
            const top = badge.getBoundingClientRect().top;
            const baseline = probe.getBoundingClientRect().bottom - top;
            probe.remove();
            const range = document.createRange();
            range.selectNodeContents(name);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            return {
                name: name.textContent,
                baseline: Math.round(baseline * 100) / 100,
                lines: lines,
                honorific: badge.querySelector('.badge-honorific').textContent !== '',
                japanese: badge.querySelector('.badge-japanese').textContent !== '',
            };
        })"""
    )
    assert len(badges) == Registration.objects.filter(event=demo_event, status="confirmed").count()
    # The badges differ around the name: with and without honorific or Japanese name,
    # on one line or two...
    assert {badge["lines"] for badge in badges} == {1, 2}
    assert {badge["honorific"] for badge in badges} == {True, False}
    assert {badge["japanese"] for badge in badges} == {True, False}
    # ...and the name's baseline does not move.
    assert len({badge["baseline"] for badge in badges}) == 1, badges
    band = page.locator(".badge-band").first
    assert band.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color,"
        " getComputedStyle(el).printColorAdjust]"
    ) == ["rgb(188, 0, 45)", "rgb(255, 255, 255)", "exact"]
    if screenshot(page, "flows", "organiser-badges-print") is not None:
        page.pdf(path=SCREENSHOTS / "flows" / "badges.pdf", format="A4", print_background=True)


def test_a_delegate_reads_the_participant_list_on_a_small_phone_in_japanese(
    new_context, live_server, demo_event, axe_source
):
    delegate = (
        Registration.objects.filter(
            event=demo_event,
            status="confirmed",
            speaker=None,
            nationality="JP",
            delegate_list_consent_at__isnull=False,
        )
        .exclude(japanese_name="")
        .order_by("family_name", "pk")
        .first()
    )
    delegate.language = "ja"
    delegate.save()
    page = new_context("small-phone", locale="ja-JP").new_page()
    errors = watch_console(page)
    manage = emails.manage_path(delegate)
    assert manage.startswith("/ja/")

    page.goto(manage)
    expect(page.get_by_role("heading", level=1)).to_have_text("ご登録内容")
    consent = page.get_by_label(re.compile("参加者名簿に"))
    expect(consent).to_be_checked()
    assert run_axe(page, axe_source) == []
    page.get_by_role("link", name="参加者名簿を見る").click()

    expect(page).to_have_url(re.compile(r"/ja/tokyo-2016/registration/[^/]+/participants/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("参加者名簿")
    expect(page.get_by_text("あなたはこの名簿に載っています。")).to_be_visible()
    expect(page.locator(".participant-list").first).to_contain_text("小野寺五典")
    expect(page.get_by_text(delegate.japanese_name, exact=True)).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360  # nothing runs off a 360-pixel screen
    screenshot(page, "flows", "delegate-participants-ja-360")
    assert run_axe(page, axe_source) == []

    # Withdraw: untick on the registration page, save; the entry is gone at once.
    page.get_by_role("link", name="登録ページで変更できます").click()
    page.get_by_label(re.compile("参加者名簿に")).uncheck()
    page.get_by_role("button", name="変更を保存").click()
    expect(page.get_by_role("status").first).to_contain_text("変更を保存しました")
    page.get_by_role("link", name="参加者名簿を見る").click()
    expect(page.get_by_text("あなたはこの名簿に載っていません。")).to_be_visible()
    expect(page.get_by_text(delegate.japanese_name, exact=True)).to_have_count(0)
    delegate.refresh_from_db()
    assert delegate.delegate_list_consent_at is None
    assert errors == []
