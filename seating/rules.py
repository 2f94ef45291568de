"""The protocol's assignment rules, on seats as data (no layout shape is known here).

Participants come in protocol order (``registrations.selectors.PROTOCOL_ORDER``:
delegation, head first, precedence, rank, name). A seat says its kind (only
participants' seats are filled; a chair's, an interpreter's or a reserved seat is
placed by hand), its side (host, guest or either) and its rank (1: the place of
honour). The rules:

1. A pinned seat keeps its occupant; everyone else is placed afresh.
2. Each side's seats, in rank order, take that side's delegation in protocol
   order: its head at the place of honour of the side, then the next by
   precedence. The host side is the first country delegation in display order,
   the guest side the second.
3. The seats left (of either side, unless the layout keeps sides strictly, as a
   bilateral table does) take everyone else by rank: the delegations in turn, each
   in its protocol order, then participants of no delegation.
4. Who is left over is left out, with the reason.
5. Where the layout mixes tables (round tables), a table of one delegation only
   swaps its last-placed occupant with the last-placed of the other side at a
   table holding two or more of them, while one is to be found.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

HEAD, SIDE, OPEN = "head", "side", "open"

LEFT_OUT_SIDE_FULL = _("No seat left on their delegation's side.")
LEFT_OUT_NO_SIDE = _("No seat for participants outside the two delegations' sides.")
LEFT_OUT_FULL = _("More participants than seats: left out last, by precedence.")


@dataclass
class Placement:
    person: object
    rule: str


@dataclass
class Result:
    placements: dict[str, Placement] = field(default_factory=dict)  # seat label → placement
    left_out: list[tuple[object, str]] = field(default_factory=list)  # (person, reason)
    single_delegation_tables: list[str] = field(default_factory=list)


def _round_robin(queues: list[list]) -> list:
    merged, queues = [], [list(queue) for queue in queues if queue]
    while queues:
        for queue in queues:
            merged.append(queue.pop(0))
        queues = [queue for queue in queues if queue]
    return merged


def assign(
    *,
    seats: list,
    people: list,
    host_delegation_id: int | None,
    guest_delegation_id: int | None,
    strict_sides: bool,
    mixed_tables: bool,
) -> Result:
    """Place ``people`` (in protocol order) on ``seats`` by the rules above.

    ``seats`` need ``label``, ``table``, ``kind``, ``side``, ``rank``, ``order``,
    ``occupant_id`` and ``pinned``; ``people`` need ``pk``, ``delegation_id`` and
    ``is_head_of_delegation``. Nothing is saved: the result says who sits where.
    """
    result = Result()
    pinned_people = {seat.occupant_id for seat in seats if seat.pinned}
    free = sorted(
        (seat for seat in seats if seat.kind == "seat" and not seat.pinned),
        key=lambda seat: (seat.rank, seat.order),
    )
    queues: dict = {}
    for person in people:
        if person.pk not in pinned_people:
            queues.setdefault(person.delegation_id, []).append(person)

    taken = set()
    overflow = {}
    for side, delegation_id in (("host", host_delegation_id), ("guest", guest_delegation_id)):
        if delegation_id is None:
            continue
        queue = queues.pop(delegation_id, [])
        side_seats = [seat for seat in free if seat.side == side]
        for seat, person in zip(side_seats, queue, strict=False):
            rule = HEAD if person.is_head_of_delegation else SIDE
            result.placements[seat.label] = Placement(person, rule)
            taken.add(seat.label)
        overflow[delegation_id] = queue[len(side_seats) :]

    no_delegation = queues.pop(None, [])
    if strict_sides:
        open_seats = [seat for seat in free if seat.side == "" and seat.label not in taken]
        for queue in overflow.values():
            result.left_out.extend((person, LEFT_OUT_SIDE_FULL) for person in queue)
        waiting = _round_robin(list(queues.values())) + no_delegation
        reason = LEFT_OUT_NO_SIDE
    else:
        open_seats = [seat for seat in free if seat.label not in taken]
        waiting = _round_robin([*overflow.values(), *queues.values()]) + no_delegation
        reason = LEFT_OUT_FULL
    for seat, person in zip(open_seats, waiting, strict=False):
        result.placements[seat.label] = Placement(person, OPEN)
    result.left_out.extend((person, reason) for person in waiting[len(open_seats) :])

    if mixed_tables:
        result.single_delegation_tables = _mix_tables(seats, result, people)
    return result


def _mix_tables(seats: list, result: Result, people: list) -> list[str]:
    """Rule 5; returns the tables still seating one delegation only.

    Pinned occupants count where they sit but are never moved.
    """
    by_pk = {person.pk: person for person in people}
    fixed = {
        seat.label: by_pk[seat.occupant_id]
        for seat in seats
        if seat.pinned and seat.occupant_id in by_pk
    }
    by_label = {seat.label: seat for seat in seats}

    def delegation_at(label):
        if label in fixed:
            return fixed[label].delegation_id
        return result.placements[label].person.delegation_id

    def tables() -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for label in sorted([*fixed, *result.placements], key=lambda lb: by_label[lb].order):
            grouped.setdefault(by_label[label].table, []).append(label)
        return grouped

    def lonely_tables(grouped) -> list[str]:
        return [
            table
            for table, labels in grouped.items()
            if len(labels) >= 2 and len({delegation_at(label) for label in labels}) == 1
        ]

    for _attempt in range(len(seats)):
        grouped = tables()
        lonely = lonely_tables(grouped)
        if not lonely:
            break
        table = lonely[-1]
        own = delegation_at(grouped[table][0])
        movable = [label for label in grouped[table] if label not in fixed]
        donor = None
        for other_table, labels in grouped.items():
            others = [label for label in labels if delegation_at(label) != own]
            candidates = [label for label in others if label not in fixed]
            if other_table != table and len(others) >= 2 and candidates:
                candidate = max(candidates, key=lambda label: by_label[label].rank)
                if donor is None or by_label[candidate].rank > by_label[donor].rank:
                    donor = candidate
        if donor is None or not movable:
            break
        mine = max(movable, key=lambda label: by_label[label].rank)
        a, b = result.placements[mine], result.placements[donor]
        result.placements[mine] = Placement(b.person, OPEN)
        result.placements[donor] = Placement(a.person, OPEN)
    return lonely_tables(tables())
