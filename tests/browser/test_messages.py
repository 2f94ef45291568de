"""An organiser writes to every confirmed delegate of Day 1 in both languages, previews
it as a Japanese recipient, sends it, and watches the mail worker deliver it; the
interpretation sheet prints on A4. Each page passes axe on a desktop and a phone."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from conference.roles import ORGANISERS, ensure_staff_groups
from registrations.models import Registration
from tests.browser.helpers import run_axe, screenshot, watch_console
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def sign_in(page, user):
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery")
    page.locator("[type=submit]").click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_organiser_sends_a_bilingual_message_to_day_1(
    new_context, live_server, upcoming_event, axe_source, viewport
):
    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    day_1 = Registration.objects.filter(
        event=upcoming_event, status="confirmed", attendance_options__name_en="Day 1"
    ).order_by("family_name", "given_name", "pk")
    expected = {registration.email: registration.language for registration in day_1}
    japanese = next(r for r in day_1 if r.language == "ja")
    page = new_context(viewport).new_page()
    errors = watch_console(page)
    base = f"/staff/{upcoming_event.slug}/messages/"

    page.goto(base)
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    sign_in(page, organiser)
    expect(page).to_have_url(f"{live_server.url}{base}")
    assert run_axe(page, axe_source) == []
    page.get_by_role("link", name="Write a message").click()
    assert run_axe(page, axe_source) == []

    page.fill("#id_subject_en", "Day 1: joining instructions")
    page.fill("#id_body_en", "Dear {name},\n\nPlease bring photo ID. Your reference: {reference}.")
    page.fill("#id_subject_ja", "1日目のご案内")
    page.fill(
        "#id_body_ja", "{name} 様\n\n写真付きの身分証明書をお持ちください。登録番号：{reference}"
    )
    page.get_by_label("Day 1", exact=True).check()
    page.get_by_role("button", name="Save and preview").click()

    expect(page.get_by_role("heading", name="Preview", exact=True)).to_be_visible()
    expect(page.locator(".staff-figures .figure").first).to_have_text(str(len(expected)))
    page.select_option("#id_recipient", japanese.reference)
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".message-preview-subject")).to_have_text("1日目のご案内")
    screenshot(page, "flows", f"messages-1-preview-{viewport}")
    assert run_axe(page, axe_source) == []

    page.get_by_role("link", name="Continue to sending").click()
    expect(page.locator("#sending-time")).to_have_text(
        f"{len(expected)} recipients at 60 per minute: about 1 minute."
    )
    assert run_axe(page, axe_source) == []
    page.get_by_role("button", name=f"Send to {len(expected)} recipients").click()
    expect(page.get_by_role("status").first).to_contain_text("Sent to the mail queue")
    assert len(mail.outbox) == 0  # the request sent nothing
    screenshot(page, "flows", f"messages-2-queued-{viewport}")
    assert run_axe(page, axe_source) == []

    call_command("send_queued_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {message.to[0]: message.subject for message in mail.outbox} == {
        email: "1日目のご案内" if language == "ja" else "Day 1: joining instructions"
        for email, language in expected.items()
    }
    page.reload()
    expect(page.locator(".delivery-sent")).to_have_count(len(expected))
    screenshot(page, "flows", f"messages-3-delivered-{viewport}")
    assert errors == []


def test_interpretation_sheet_on_screen_and_on_paper(
    new_context, live_server, upcoming_event, axe_source
):
    ensure_staff_groups()
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    page = new_context("desktop").new_page()
    errors = watch_console(page)
    page.goto(f"/staff/{upcoming_event.slug}/interpretation/")
    sign_in(page, organiser)
    expect(page.get_by_role("heading", name="Interpretation", exact=True)).to_be_visible()
    assert run_axe(page, axe_source) == []
    screenshot(page, "flows", "interpretation-screen")
    # On paper: A4 portrait at 10 mm margins leaves 190 mm, 718 CSS pixels; every
    # table fits that width without being cut.
    page.set_viewport_size({"width": 718, "height": 1000})
    page.emulate_media(media="print")
    expect(page.locator(".staff-nav")).to_be_hidden()
    expect(page.get_by_role("link", name="Download CSV for the interpreters")).to_be_hidden()
    widths = page.evaluate(
        "() => [...document.querySelectorAll('table')].map(t => [t.scrollWidth, t.clientWidth])"
    )
    assert all(scroll <= client for scroll, client in widths), widths
    screenshot(page, "flows", "interpretation-print")
    page.goto(f"/ja/staff/{upcoming_event.slug}/interpretation/")
    expect(page.get_by_role("heading", name="通訳", exact=True)).to_be_visible()
    assert run_axe(page, axe_source) == []
    assert errors == []
