"""The door's in-page QR scanner, a progressive enhancement.

Chromium on Linux has no BarcodeDetector and the test machine no camera, so the
browser is given stand-ins before the page loads: a BarcodeDetector that "reads"
the codes the test queues, and a camera that films a blank canvas. Without them
the page is the plain search form, as on any browser without the API.
"""

import re

import pytest

from conference.roles import EVENT_STAFF
from registrations.models import Registration
from tests.browser.helpers import run_axe, watch_console
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

FAKE_SCANNER = """
window.__codes = [];
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ["qr_code", "ean_13"]; }
  constructor(options) { this.options = options; }
  async detect(source) {
    return window.__codes.length ? [{rawValue: window.__codes.shift(), format: "qr_code"}] : [];
  }
};
navigator.mediaDevices.getUserMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 48;
  canvas.getContext("2d").fillRect(0, 0, 64, 48);
  return canvas.captureStream(10);
};
"""
NO_SCANNER = "delete window.BarcodeDetector;"


def signed_in_door(new_context, live_server, init_script, door):
    context = new_context("phone")
    context.add_init_script(init_script)
    page = context.new_page()
    page.goto("/admin/login/?next=/staff/tokyo-2016/check-in/")
    page.fill("#id_username", door.username)
    page.fill("#id_password", "correct horse battery")
    page.locator("[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/staff/tokyo-2016/check-in/")
    return page


def test_without_barcode_detector_the_page_is_the_search_form(
    new_context, live_server, demo_event, axe_source
):
    door = UserFactory(username="door", groups=[EVENT_STAFF], staff_of=[demo_event])
    page = signed_in_door(new_context, live_server, NO_SCANNER, door)
    errors = watch_console(page)
    expect(page.get_by_role("button", name="Scan a QR code")).to_be_hidden()
    expect(page.get_by_role("searchbox")).to_be_visible()
    assert run_axe(page, axe_source) == []
    assert errors == []


def test_scanning_a_delegate_code_opens_their_card(
    new_context, live_server, demo_event, axe_source
):
    door = UserFactory(username="door", groups=[EVENT_STAFF], staff_of=[demo_event])
    delegate = (
        Registration.objects.filter(event=demo_event, status="confirmed")
        .order_by("family_name", "pk")
        .first()
    )
    other = EventFactory(slug="london-2017")
    page = signed_in_door(new_context, live_server, FAKE_SCANNER, door)
    errors = watch_console(page)

    page.get_by_role("button", name="Scan a QR code").click()
    expect(page.locator(".check-in-video")).to_be_visible()
    status = page.locator(".check-in-scan-status")
    expect(status).to_have_text(
        "Point the camera at the QR code on the delegate’s phone or letter."
    )
    assert run_axe(page, axe_source) == []

    page.evaluate("code => window.__codes.push(code)", "https://example.org/some/page/")
    expect(status).to_have_text("This QR code is not a delegate’s check-in code.")
    page.evaluate(
        "code => window.__codes.push(code)",
        f"{live_server.url}/staff/{other.slug}/check-in/{delegate.reference}/",
    )
    expect(status).to_have_text("This QR code is for another event.")

    # The code in the confirmation email: the card's absolute address.
    page.evaluate(
        "code => window.__codes.push(code)",
        f"https://conference.example.org/staff/tokyo-2016/check-in/{delegate.reference}/",
    )
    expect(page).to_have_url(
        re.compile(rf"/staff/tokyo-2016/check-in/{re.escape(delegate.reference)}/$")
    )
    expect(page.locator(".check-in-name")).to_have_text(delegate.display_name)
    assert errors == []
