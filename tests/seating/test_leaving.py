"""When people change: a participant who leaves frees their seat and flags the plan for
review, nobody else moves; published seats on the door card and the manage page."""

import pytest
from django.urls import reverse

from registrations import emails
from registrations import services as registrations
from seating import services
from seating.models import Seat, SeatingPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(event, plenary, person, japan, uk):
    """Bilateral, two a side: J1 (pinned at H1), J2 at H2, U1 at G1."""
    people = {
        "J1": person("J1", japan, head=True, honorific="Mr", family_name="Onodera",
                     nationality="JP"),
        "J2": person("J2", japan, rank="ambassador"),
        "U1": person("U1", uk, head=True),
    }  # fmt: skip
    plan = services.create_plan(
        event=event, session=plenary, layout="bilateral", options={"seats_per_side": 2}
    )
    services.assign_automatically(plan=plan, version=None)
    services.set_pinned(plan=plan, version=None, label="H1", pinned=True)
    return plan, people


def occupants(plan) -> dict[str, tuple[str, bool]]:
    return {
        seat.label: (seat.occupant.given_name, seat.pinned)
        for seat in Seat.objects.filter(plan=plan).exclude(occupant=None).select_related("occupant")
    }


@pytest.mark.parametrize(
    "to_status", ["cancelled", "declined", "waitlisted"], ids=["cancel", "decline", "waitlist"]
)
def test_leaving_frees_the_seat_flags_the_plan_and_moves_nobody_else(table, to_status):
    plan, people = table
    before = SeatingPlan.objects.get(pk=plan.pk).version

    registrations.change_status(registration=people["U1"], to_status=to_status)

    assert occupants(plan) == {"H1": ("J1", True), "H2": ("J2", False)}
    plan.refresh_from_db()
    assert plan.needs_review is True
    assert plan.review_note == f"G1 · plenary · {people['U1'].reference}"
    assert plan.version == before + 1  # a form drawn before it is stale now


def test_leaving_the_pinned_seat_frees_it_too(table):
    plan, people = table
    registrations.cancel_registration(registration=people["J1"])
    assert occupants(plan) == {"H2": ("J2", False), "G1": ("U1", False)}


def test_giving_up_the_option_that_covers_the_session_frees_the_seat(table, dinner):
    plan, people = table
    registration = people["J2"]
    registrations.update_registration_details(
        registration=registration, details={}, attendance_options=[dinner]
    )
    assert occupants(plan) == {"H1": ("J1", True), "G1": ("U1", False)}
    assert SeatingPlan.objects.get(pk=plan.pk).needs_review is True


def test_changing_details_but_keeping_the_option_keeps_the_seat(table, day_one):
    plan, people = table
    registrations.update_registration_details(
        registration=people["J2"],
        details={"phone": "+81 3 1234 5678"},
        attendance_options=[day_one],
    )
    assert occupants(plan)["H2"] == ("J2", False)
    assert SeatingPlan.objects.get(pk=plan.pk).needs_review is False


def test_anonymising_frees_the_seat(table):
    from django.db import transaction

    plan, people = table
    with transaction.atomic():
        registrations.anonymise(people["J2"])
    assert "H2" not in occupants(plan)


def test_reassigning_after_a_cancellation_keeps_the_pin_and_fills_the_gap(table, person, uk):
    plan, people = table
    registrations.cancel_registration(registration=people["U1"])
    person("U2", uk, head=False)

    result = services.assign_automatically(plan=plan, version=None)

    assert occupants(plan) == {"H1": ("J1", True), "H2": ("J2", False), "G1": ("U2", False)}
    assert result.left_out == []


def test_dashboard_and_plan_page_say_the_plan_needs_review(client, table, organiser):
    plan, people = table
    registrations.cancel_registration(registration=people["U1"])
    client.force_login(organiser)
    dashboard = client.get(reverse("staff:dashboard", kwargs={"event_slug": plan.event.slug}))
    plan_url = reverse("seating:plan", kwargs={"event_slug": plan.event.slug, "pk": plan.pk})
    assert (
        f'<a href="{plan_url}">Seating plan “Opening plenary” needs review: a participant left '
        "and their seat is free.</a>"
    ) in dashboard.content.decode()
    page = client.get(plan_url).content.decode()
    assert "Needs review: a participant left, and their seat was freed." in page
    assert f"Freed: G1 · plenary · {people['U1'].reference}" in page


def test_door_card_and_manage_page_show_the_seat_once_published(client, table, organiser):
    plan, people = table
    registration = people["J1"]
    client.force_login(organiser)
    card_url = reverse(
        "staff:check_in_card",
        kwargs={"event_slug": plan.event.slug, "reference": registration.reference},
    )
    line = "Opening plenary: Plenary table, seat H1"
    assert line not in client.get(card_url).content.decode()  # a draft is for staff
    assert line not in client.get(emails.manage_path(registration)).content.decode()

    services.set_published(plan=plan, version=None, published=True)

    assert f"<dt>Seat</dt><dd>{line}</dd>" in client.get(card_url).content.decode()
    assert f"<li>{line}</li>" in client.get(emails.manage_path(registration)).content.decode()
