"""Seating plans in a real browser: an organiser works the demo's plenary plan by
keyboard without script-driven controls (choose a seat, seat someone, pin), and the plan
page, the printable chart (A4 and A3) and the place cards pass axe (WCAG 2.2 A/AA) in
English and Japanese and the Nu Html Checker; the chart prints landscape with the
delegation colours."""

import pytest
from django.urls import reverse
from django.utils import translation

from conference.roles import ORGANISERS
from seating.models import Seat, SeatingPlan
from tests.browser.helpers import run_axe, screenshot, sign_in, watch_console
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def seating_paths(plan, language):
    kwargs = {"event_slug": plan.event.slug, "pk": plan.pk}
    with translation.override(language):
        return {
            "plan": reverse("seating:plan", kwargs=kwargs) + "?seat=H8",
            "chart-a4": reverse("seating:chart", kwargs=kwargs),
            "chart-a3": reverse("seating:chart", kwargs=kwargs) + "?paper=a3",
            "place-cards": reverse("seating:place_cards", kwargs=kwargs),
            "plans": reverse("seating:plans", kwargs={"event_slug": plan.event.slug}),
        }


def test_organiser_seats_and_pins_by_keyboard_and_the_pages_pass_axe(
    new_context, live_server, demo_event, axe_source
):
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    plan = SeatingPlan.objects.get(event=demo_event, layout="bilateral")
    dinner = SeatingPlan.objects.get(event=demo_event, layout="round")
    page = new_context("desktop").new_page()
    errors = watch_console(page)
    page.goto("/admin/login/")
    sign_in(page, organiser)

    page.goto(seating_paths(plan, "en")["plan"].split("?")[0])
    # Every seat is a link in the tab order; Enter on one selects it.
    seat = page.locator('a.seating-seat-link[href="?seat=G8#seat-actions"]')
    seat.focus()
    expect(seat).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Seat G8, Plenary table")).to_be_visible()
    expect(page.locator("#seat-actions")).to_contain_text("Air Chief Marshal Sir Stephen Hillier")
    page.get_by_role("button", name="Leave empty").click()
    expect(page.get_by_role("status").first).to_have_text("Seat G8 is empty.")
    assert Seat.objects.get(plan=plan, label="G8").occupant is None

    page.get_by_role("button", name="Assign automatically").click()
    expect(page.get_by_role("status").first).to_contain_text("Assigned by the rules")
    page.goto(seating_paths(plan, "en")["plan"])
    page.get_by_role("button", name="Pin: keep them here when assigning again").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Seat H8 pinned: assigning again keeps it."
    )

    problems = {}
    for language in ("en", "ja"):
        for target in (plan, dinner):
            for name, path in seating_paths(target, language).items():
                response = page.goto(path)
                assert response.status == 200, path
                screenshot(page, f"{language}-desktop", f"seating-{target.layout}-{name}")
                problems[path] = run_axe(page, axe_source)
    report = "\n".join(f"{p}:\n    " + "\n    ".join(f) for p, f in problems.items() if f)
    assert not report, f"axe-core WCAG 2.2 A/AA violations:\n{report}"
    assert errors == []


def test_dragging_one_seat_onto_another_swaps_them(new_context, live_server, demo_event):
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    plan = SeatingPlan.objects.get(event=demo_event, layout="bilateral")
    pair = Seat.objects.filter(plan=plan, label__in=["G8", "G9"])
    before = {seat.label: seat.occupant_id for seat in pair}
    page = new_context("desktop").new_page()
    errors = watch_console(page)
    page.goto("/admin/login/")
    sign_in(page, organiser)
    page.goto(seating_paths(plan, "en")["plan"].split("?")[0])
    source = page.locator('a.seating-seat-link[data-seat="G8"] circle').bounding_box()
    target = page.locator('a.seating-seat-link[data-seat="G9"] circle').bounding_box()
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=5)
    page.mouse.up()
    expect(page.get_by_role("status").first).to_have_text("Seats G8 and G9 swapped.")
    after = {seat.label: seat.occupant_id for seat in pair.all()}
    assert after == {"G8": before["G9"], "G9": before["G8"]}
    assert errors == []


def test_chart_prints_landscape_with_the_delegation_colours(new_context, live_server, demo_event):
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    plan = SeatingPlan.objects.get(event=demo_event, layout="bilateral")
    page = new_context("desktop").new_page()
    page.goto("/admin/login/")
    sign_in(page, organiser)
    page.goto(seating_paths(plan, "en")["chart-a3"])
    page.emulate_media(media="print")
    japan = Seat.objects.get(plan=plan, label="H8").occupant.delegation_id
    onodera = page.locator(f".seating-seat.delegation-{japan} circle").first
    assert onodera.evaluate(
        "el => [getComputedStyle(el).fill, getComputedStyle(el).printColorAdjust]"
    ) == ["rgb(188, 0, 45)", "exact"]
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_text("Mr ONODERA Itsunori").first).to_be_visible()
    expect(page.locator(".seating-name tspan[lang=ja]").first).to_be_visible()
    # One A3 landscape page holds the drawing: its box fits 420 x 297 mm less margins.
    box = page.locator(".seating-chart-drawing svg").bounding_box()
    assert box["width"] <= (420 - 24) / 25.4 * 96 + 1


def test_seating_pages_are_valid_html(client, demo_event, vnu):
    client.force_login(UserFactory(groups=[ORGANISERS]))
    documents = {}
    for plan in SeatingPlan.objects.filter(event=demo_event).order_by("pk"):
        for language in ("en", "ja"):
            for path in seating_paths(plan, language).values():
                response = client.get(path)
                assert response.status_code == 200, path
                documents[path] = response.content.decode()
    errors = vnu(documents)
    report = "\n".join(
        f"{path}:\n    " + "\n    ".join(found) for path, found in sorted(errors.items())
    )
    assert not errors, f"Nu Html Checker errors on {len(errors)} page(s):\n{report}"
