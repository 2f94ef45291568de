"""A delegate on a phone: finds the event, reads the agenda in Japanese, registers,
gets the confirmation mail, follows its manage link and cancels."""

import re

import pytest
from django.core import mail

from conference.models import Session
from registrations.models import Registration
from tests.browser.helpers import run_axe, screenshot, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_delegate_registers_in_japanese_on_a_phone_then_cancels(
    new_context, live_server, upcoming_event, axe_source
):
    slug = upcoming_event.slug  # the 2016 edition is an archive: no sign-ups
    page = new_context("phone").new_page()
    errors = watch_console(page)

    # The event home, in English first, as a shared link would open it.
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(upcoming_event.name_en)

    # Switch to Japanese and read the agenda.
    page.get_by_role("link", name="日本語").click()
    expect(page).to_have_url(f"{live_server.url}/ja/{slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text(upcoming_event.name_ja)
    page.get_by_role("link", name="プログラム", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/ja/{slug}/agenda/")
    keynote = Session.objects.get(event=upcoming_event, slug="opening-keynote")
    expect(page.get_by_role("link", name=keynote.title_ja)).to_be_visible()
    screenshot(page, "flows", "delegate-1-agenda-ja")

    # Register on the phone.
    page.get_by_role("link", name="参加登録", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/ja/{slug}/register/")
    # The Japanese form asks 姓 (family name) before 名 (given name).
    fields = page.locator("#id_family_name, #id_given_name").evaluate_all(
        "inputs => inputs.map(input => input.id)"
    )
    assert fields == ["id_family_name", "id_given_name"]
    page.fill("#id_honorific", "博士")
    page.fill("#id_given_name", "Yuki")
    page.fill("#id_family_name", "Sato")
    page.fill("#id_japanese_name", "佐藤 由紀")
    page.fill("#id_email", "yuki.sato@example.jp")
    page.fill("#id_email_confirm", "yuki.sato@example.jp")
    page.fill("#id_organisation", "東京戦略研究フォーラム")
    page.select_option("#id_sector", "think_tank")
    page.select_option("#id_nationality", "JP")
    page.get_by_label("1日目", exact=False).check()
    page.check("#id_privacy_consent")
    screenshot(page, "flows", "delegate-2-form-filled-ja")
    page.get_by_role("button", name="参加登録").click()

    expect(page).to_have_url(re.compile(rf"/ja/{slug}/registration/[^/]+/$"))
    registration = Registration.objects.get(email="yuki.sato@example.jp")
    assert (registration.status, registration.language) == ("pending", "ja")
    assert registration.japanese_name == "佐藤 由紀"
    expect(page.get_by_role("status").first).to_contain_text(
        f"登録（{registration.reference}）を受け付けました"
    )
    screenshot(page, "flows", "delegate-3-received-ja")
    assert run_axe(page, axe_source) == []

    # The mail, in Japanese, with the manage link.
    assert [message.to for message in mail.outbox] == [["yuki.sato@example.jp"]]
    body = mail.outbox[0].body
    # Addressed by the name in Japanese script she gave, 姓 before 名, with 様.
    assert body.startswith("佐藤 由紀 様")
    assert registration.reference in body
    link = re.search(rf"{re.escape(live_server.url)}/ja/{slug}/registration/\S+/", body)
    assert link, body

    # From the mail to the manage page, then cancel.
    page.goto(link.group())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(registration.reference).first).to_be_visible()
    page.get_by_role("link", name="登録を取り消す").click()
    expect(page).to_have_url(re.compile(r"/cancel/$"))
    assert run_axe(page, axe_source) == []
    screenshot(page, "flows", "delegate-4-cancel-ja")
    page.get_by_role("button", name="はい、登録を取り消します").click()

    expect(page.get_by_role("status").first).to_contain_text(
        f"登録{registration.reference}を取り消しました"
    )
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["yuki.sato@example.jp"]
    screenshot(page, "flows", "delegate-5-cancelled-ja")
    assert run_axe(page, axe_source) == []
    assert errors == []
