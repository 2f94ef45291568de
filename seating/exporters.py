"""A seating plan as CSV, with the attendee CSV's conventions (``registrations.exporters``:
UTF-8 with BOM, RFC 4180, formula-like cells neutralised, English headers, an export log).

Stable columns (README, "Seating plans"); add new ones at the end.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import translation

from conference.models import Event
from registrations.exporters import FETCH_SIZE, neutralise
from seating.models import Seat

HEADER = [
    "Table",
    "Seat",
    "Seat kind",
    "Side",
    "Participant",
    "Name in Japanese script",
    "Delegation",
    "Head of delegation",
    "Precedence",
    "Rank within category",
    "Reference",
    "Pinned",
    "Placed by",
]


def seat_rows(queryset: QuerySet, *, event: Event) -> Iterator[list[str]]:
    """The header, then every seat of ``seating.selectors.seats`` in seat order, empty
    ones included. One query (occupant, delegation and category joined)."""
    with translation.override("en"):
        kind = {value: str(label) for value, label in Seat.Kind.choices}
        side = {value: str(label) for value, label in Seat.Side.choices}
        rule = {value: str(label) for value, label in Seat.Rule.choices}
        yield HEADER
        for seat in queryset.iterator(chunk_size=FETCH_SIZE):
            person = seat.occupant
            cells = [
                seat.table_name,
                seat.label,
                kind.get(seat.kind, seat.kind),
                side.get(seat.side, seat.side) if seat.side else "",
            ]
            if person is None:
                cells += [""] * 9
            else:
                cells += [
                    person.display_name,
                    person.japanese_name,
                    person.delegation.name_en if person.delegation_id else "",
                    "yes" if person.is_head_of_delegation else "",
                    person.precedence.name_en if person.precedence_id else "",
                    "" if person.precedence_rank is None else str(person.precedence_rank),
                    person.reference,
                    "yes" if seat.pinned else "",
                    rule.get(seat.rule, seat.rule),
                ]
            yield [neutralise(cell) for cell in cells]
