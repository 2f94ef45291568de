"""The assignment rules on small plans worked out by hand.

Delegations: Japanese (display order 1: the host side), United Kingdom (2: the
guest side), observers. Participants are called J1, J2… in their protocol order
(head first, then precedence, then name).
"""

import pytest

from seating import layouts, rules, services
from seating.models import Seat

pytestmark = pytest.mark.django_db


def seating(plan) -> dict[str, str]:
    """Seat label → occupant's given name, for the seats taken."""
    return {
        seat.label: seat.occupant.given_name
        for seat in Seat.objects.filter(plan=plan, occupant__isnull=False).select_related(
            "occupant"
        )
    }


def rule_of(plan, label) -> str:
    return Seat.objects.get(plan=plan, label=label).rule


def left_out(assignment) -> list[tuple[str, str]]:
    return [(person.given_name, str(reason)) for person, reason in assignment.left_out]


def make_plan(event, plenary, layout, **options):
    return services.create_plan(event=event, session=plenary, layout=layout, options=options)


def assign(plan):
    return services.assign_automatically(plan=plan, version=None)


# --- the layouts' ranks ------------------------------------------------------------------


def test_centre_out_starts_at_the_centre_and_goes_to_the_seated_persons_right_first():
    # Facing down the page (the host side), their right is the drawing's left.
    assert layouts.centre_out(5, right_is_left_of_drawing=True) == [2, 1, 3, 0, 4]
    assert layouts.centre_out(5, right_is_left_of_drawing=False) == [2, 3, 1, 4, 0]
    # Even: the centre is the left-middle seat; the side with room left takes the rest.
    assert layouts.centre_out(4, right_is_left_of_drawing=True) == [1, 0, 2, 3]
    assert layouts.centre_out(1, right_is_left_of_drawing=True) == [0]


def test_bilateral_layout_ranks_each_side_from_its_centre():
    drawing = layouts.bilateral({"seats_per_side": 3, "chair": 1, "interpreters": 1})
    by_label = {seat.label: (seat.kind, seat.side, seat.rank) for seat in drawing.seats}
    assert by_label == {
        "H1": ("seat", "host", 2),
        "H2": ("seat", "host", 1),
        "H3": ("seat", "host", 3),
        "HI": ("interpreter", "host", 4),
        "G1": ("seat", "guest", 3),
        "G2": ("seat", "guest", 1),
        "G3": ("seat", "guest", 2),
        "GI": ("interpreter", "guest", 4),
        "C": ("chair", "", 5),
    }
    seats = {seat.label: seat for seat in drawing.seats}
    # The heads face each other; each interpreter sits directly behind their head.
    assert seats["H2"].x == seats["G2"].x == seats["HI"].x == seats["GI"].x
    assert seats["HI"].y < seats["H2"].y < seats["G2"].y < seats["GI"].y


def test_round_tables_alternate_sides_and_rank_the_top_table_first():
    drawing = layouts.round_tables({"tables": 3, "seats_per_table": 4, "top_table": 1})
    by_label = {seat.label: (seat.table, seat.side, seat.rank) for seat in drawing.seats}
    assert by_label == {
        "1-1": ("top", "host", 1),
        "1-2": ("top", "guest", 2),
        "1-3": ("top", "host", 4),
        "1-4": ("top", "guest", 3),
        # Each other table's seat of honour before any table's second seat.
        "2-1": ("table:2", "host", 5),
        "3-1": ("table:3", "host", 6),
        "2-2": ("table:2", "guest", 7),
        "3-2": ("table:3", "guest", 8),
        "2-4": ("table:2", "guest", 9),
        "3-4": ("table:3", "guest", 10),
        "2-3": ("table:2", "host", 11),
        "3-3": ("table:3", "host", 12),
    }


def test_layout_options_out_of_range_are_refused_with_a_message():
    with pytest.raises(layouts.LayoutError) as error:
        layouts.clean_options("bilateral", {"seats_per_side": 0})
    assert str(error.value) == "Seats a side must be between 1 and 40."
    with pytest.raises(layouts.LayoutError) as error:
        layouts.clean_options("round", {"tables": "many"})
    assert str(error.value) == "Number of tables must be a whole number."


# --- bilateral table -----------------------------------------------------------------------


def test_bilateral_heads_at_the_centre_then_alternately_right_and_left(
    event, plenary, person, japan, uk
):
    person("J1", japan, head=True)
    person("J3", japan, rank="director")
    person("J2", japan, rank="ambassador")
    person("U1", uk, head=True)
    person("U2", uk, rank="minister")
    plan = make_plan(event, plenary, "bilateral", seats_per_side=3)

    result = assign(plan)

    # Host side (top, facing down): the head's right is H1. Guest side: their right is G3.
    assert seating(plan) == {"H2": "J1", "H1": "J2", "H3": "J3", "G2": "U1", "G3": "U2"}
    assert (rule_of(plan, "H2"), rule_of(plan, "H1"), rule_of(plan, "G1")) == ("head", "side", "")
    assert result.placed == 5
    assert left_out(result) == []


def test_bilateral_one_delegation_larger_leaves_its_last_out_and_the_other_side_free(
    event, plenary, person, japan, uk, observers
):
    person("J1", japan, head=True)
    person("J2", japan, rank="minister")
    person("J3", japan, rank="ambassador")
    person("J4", japan, rank="director")
    person("U1", uk, head=True)
    person("O1", observers)
    person("N1", None)
    plan = make_plan(event, plenary, "bilateral", seats_per_side=2, chair=1)

    result = assign(plan)

    # Two a side: the centre (left-middle) then the head's right. A side's seats are its own:
    # G1 stays empty rather than seat a Japanese participant among the British.
    assert seating(plan) == {"H1": "J1", "H2": "J2", "G1": "U1"}
    assert left_out(result) == [
        ("J3", "No seat left on their delegation's side."),
        ("J4", "No seat left on their delegation's side."),
        ("O1", "No seat for participants outside the two delegations' sides."),
        ("N1", "No seat for participants outside the two delegations' sides."),
    ]
    # The chair's seat is placed by hand only.
    assert Seat.objects.get(plan=plan, label="C").occupant is None


def test_pinned_participant_keeps_the_seat_and_the_rest_flow_around(
    event, plenary, person, japan, uk
):
    person("J1", japan, head=True)
    person("J2", japan, rank="ambassador")
    j3 = person("J3", japan, rank="director")
    plan = make_plan(event, plenary, "bilateral", seats_per_side=3)
    services.place(plan=plan, version=None, label="H2", registration=j3)
    services.set_pinned(plan=plan, version=None, label="H2", pinned=True)

    assign(plan)
    assign(plan)  # and again: still there

    assert seating(plan) == {"H2": "J3", "H1": "J1", "H3": "J2"}
    seat = Seat.objects.get(plan=plan, label="H2")
    assert (seat.pinned, seat.rule) == (True, "hand")


# --- round tables ----------------------------------------------------------------------------


def test_round_tables_top_table_takes_the_heads_and_highest_precedence(
    event, plenary, person, japan, uk
):
    for name, rank, head in (("J1", "director", True), ("J2", "minister", False),
                             ("J3", "director", False)):  # fmt: skip
        person(name, japan, rank=rank, head=head)
    for name, rank, head in (("U1", "director", True), ("U2", "ambassador", False),
                             ("U3", "director", False)):  # fmt: skip
        person(name, uk, rank=rank, head=head)
    plan = make_plan(event, plenary, "round", tables=2, seats_per_table=4, top_table=1)

    result = assign(plan)

    # Top table: host, guest, host, guest around; table 2 the next of each side.
    assert seating(plan) == {
        "1-1": "J1", "1-2": "U1", "1-3": "J2", "1-4": "U2", "2-1": "J3", "2-2": "U3",
    }  # fmt: skip
    assert result.single_delegation_tables == []


def test_round_table_odd_seats_give_the_spare_seat_to_the_larger_side(
    event, plenary, person, japan, uk
):
    person("J1", japan, head=True)
    person("U1", uk, head=True)
    person("U2", uk)
    plan = make_plan(event, plenary, "round", tables=1, seats_per_table=3, top_table=1)

    assign(plan)

    # Seats 1 and 3 are the host side's; with one host, the third seat is open to U2.
    assert seating(plan) == {"1-1": "J1", "1-2": "U1", "1-3": "U2"}
    assert rule_of(plan, "1-3") == "open"


def test_round_tables_more_participants_than_seats_leave_out_the_last_in_turn(
    event, plenary, person, japan, uk
):
    person("J1", japan, head=True)
    person("J2", japan, rank="ambassador")
    person("U1", uk, head=True)
    person("U2", uk, rank="ambassador")
    person("U3", uk, rank="director")
    plan = make_plan(event, plenary, "round", tables=1, seats_per_table=3, top_table=0)

    result = assign(plan)

    assert seating(plan) == {"1-1": "J1", "1-2": "U1", "1-3": "J2"}
    assert left_out(result) == [
        ("U2", "More participants than seats: left out last, by precedence."),
        ("U3", "More participants than seats: left out last, by precedence."),
    ]


def test_round_tables_no_table_of_one_delegation_when_a_swap_can_mend_it(
    event, plenary, person, japan, uk
):
    for index in range(1, 6):
        person(f"J{index}", japan, head=index == 1)
    person("U1", uk, head=True)
    person("U2", uk)
    plan = make_plan(event, plenary, "round", tables=2, seats_per_table=4, top_table=1)

    result = assign(plan)

    # By rank alone: top table J1 U1 J2 U2; table 2 J3 J5 J4 (Japanese only). Rule 5
    # swaps table 2's last-ranked seat (2-3, J4) with the top table's last-ranked
    # guest (1-4, U2): both tables now seat both delegations.
    assert seating(plan) == {
        "1-1": "J1", "1-2": "U1", "1-3": "J2", "1-4": "J4",
        "2-1": "J3", "2-2": "J5", "2-3": "U2",
    }  # fmt: skip
    assert result.single_delegation_tables == []


def test_round_tables_say_which_table_seats_one_delegation_when_nobody_can_move(
    event, plenary, person, japan, uk
):
    for index in range(1, 5):
        person(f"J{index}", japan, head=index == 1)
    person("U1", uk, head=True)
    plan = make_plan(event, plenary, "round", tables=2, seats_per_table=2, top_table=1)

    result = assign(plan)

    assert seating(plan) == {"1-1": "J1", "1-2": "U1", "2-1": "J2", "2-2": "J3"}
    assert result.single_delegation_tables == ["table:2"]
    assert left_out(result) == [
        ("J4", "More participants than seats: left out last, by precedence."),
    ]


# --- rows ------------------------------------------------------------------------------------


def test_rows_fill_from_the_front_centre_out_delegations_in_turn(
    event, plenary, person, japan, uk, observers
):
    person("J1", japan, head=True)
    person("J2", japan)
    person("U1", uk, head=True)
    person("U2", uk)
    person("O1", observers)
    person("N1", None)
    plan = make_plan(event, plenary, "rows", rows=2, seats_per_row=3)

    assign(plan)

    # Facing the stage, the seated person's right is the drawing's right: A2, A3, A1.
    assert seating(plan) == {"A2": "J1", "A3": "U1", "A1": "O1", "B2": "J2", "B3": "U2", "B1": "N1"}
    assert {rule_of(plan, label) for label in ("A2", "B1")} == {"open"}


def test_rows_reserved_front_row_is_left_for_placing_by_hand(event, plenary, person, japan):
    person("J1", japan, head=True)
    plan = make_plan(event, plenary, "rows", rows=2, seats_per_row=2, reserved_front_row=1)

    assign(plan)

    assert seating(plan) == {"B1": "J1"}


# --- the rules alone, without a database ---------------------------------------------------


class _Seat:
    def __init__(self, label, side, rank, table="t", kind="seat"):
        self.label, self.side, self.rank, self.table, self.kind = label, side, rank, table, kind
        self.order, self.occupant_id, self.pinned = rank, None, False


class _Person:
    def __init__(self, pk, delegation_id, head=False):
        self.pk, self.delegation_id, self.is_head_of_delegation = pk, delegation_id, head


def test_rules_read_only_seat_data_so_a_new_shape_needs_no_new_rule():
    # A shape that does not exist: three seats in a line, all open, ranked right to left.
    seats = [_Seat("a", "", 3), _Seat("b", "", 2), _Seat("c", "", 1)]
    people = [_Person(1, 10, head=True), _Person(2, 10), _Person(3, 20, head=True)]
    result = rules.assign(
        seats=seats, people=people, host_delegation_id=10, guest_delegation_id=20,
        strict_sides=False, mixed_tables=False,
    )  # fmt: skip
    assert {label: p.person.pk for label, p in result.placements.items()} == {
        "c": 1,
        "b": 3,
        "a": 2,
    }
