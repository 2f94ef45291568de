"""The demo's seating plans: the opening session at a bilateral table and the reception
dinner at round tables in both editions, assigned by the rules, one pinned seat each."""

import pytest

from composition.demo import NEXT_EDITION_SLUG, load_demo
from seating.models import Seat, SeatingPlan

pytestmark = pytest.mark.django_db
# These tests read what the loader builds: `demo` comes from load_demo itself here, not
# from the session's copy of its rows (tests/conftest.py).
DEMO_FROM_LOADER = True


def plan_summary(slug):
    return [
        (plan.title, plan.layout, plan.status, plan.seats.exclude(occupant=None).count())
        for plan in SeatingPlan.objects.filter(event__slug=slug).order_by("pk")
    ]


def test_demo_plans_in_both_editions(demo):
    assert plan_summary(demo.slug) == [
        ("Opening keynote: a strategic partnership for a new era", "bilateral", "published", 29),
        ("Reception dinner (illustrative)", "round", "published", 16),
    ]
    assert plan_summary(NEXT_EDITION_SLUG) == [
        ("Opening keynote: ten years of partnership", "bilateral", "published", 8),
        ("Reception dinner (illustrative)", "round", "draft", 4),
    ]


def test_demo_heads_face_each_other_at_the_centre_of_the_2016_plenary(demo):
    plan = SeatingPlan.objects.get(event=demo, layout="bilateral")
    centre = {
        seat.label: seat.occupant.display_name
        for seat in Seat.objects.filter(plan=plan, label__in=["H8", "G8"]).select_related(
            "occupant"
        )
    }
    assert centre == {"H8": "Mr ONODERA Itsunori", "G8": "Air Chief Marshal Sir Stephen Hillier"}


def test_demo_has_one_pinned_seat_per_dinner(demo):
    pinned = [
        (seat.plan.event.slug, seat.label, seat.occupant.display_name)
        for seat in Seat.objects.filter(pinned=True)
        .select_related("plan__event", "occupant")
        .order_by("plan__pk")
    ]
    assert pinned == [
        (demo.slug, "2-1", "Mr Rupert Merriman"),
        (NEXT_EDITION_SLUG, "1-6", "Mr Henry Quinlan"),
    ]


def test_loading_the_demo_again_changes_no_plan(demo):
    before = list(SeatingPlan.objects.order_by("pk").values_list("pk", "version"))
    load_demo()
    assert list(SeatingPlan.objects.order_by("pk").values_list("pk", "version")) == before
