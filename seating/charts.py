"""What the templates need to draw a plan: seats with their names placed outward from
their table, so names in both scripts sit beside the seat on a chart drawn to scale.

Pure geometry on what a plan already holds; no query.
"""

import math
from dataclasses import dataclass

from conference.formats import is_japanese_name, person_name
from seating import layouts

# Room around the drawing for the names (centimetres, like the drawing).
NAME_ROOM = 190
SEAT_RADIUS = 22


@dataclass
class DrawnSeat:
    seat: object
    x: float
    y: float
    name_x: float
    name_y: float
    rotate: float
    anchor: str
    english: str
    japanese: str  # the Japanese form where it differs from the English one

    @property
    def delegation_class(self) -> str:
        person = self.seat.occupant
        if person is None:
            return "seat-empty"
        return f"delegation-{person.delegation_id}" if person.delegation_id else "delegation-none"


def names_of(person) -> tuple[str, str]:
    """The English form ('Admiral OTSUKA Umio') and, for a Japanese name written in
    Japanese script, the Japanese form ('大塚海夫 海将'), else ''."""
    english = person_name(person, "en")
    japanese = person_name(person, "ja") if is_japanese_name(person) else ""
    return english, "" if japanese == english else japanese


def _outward(seat, table) -> tuple[float, float]:
    """The direction a seat's name is written in, away from its table: straight out
    from the side of a long table, along the radius of a round one, down for a row."""
    if table is None:
        return 0.0, 1.0
    if table.shape == "rect":
        if seat.y < table.y:
            return 0.0, -1.0
        if seat.y > table.y + table.height:
            return 0.0, 1.0
        return (-1.0, 0.0) if seat.x < table.x else (1.0, 0.0)
    dx, dy = seat.x - table.x, seat.y - table.y
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def draw(plan, seats: list) -> dict:
    drawing = layouts.draw(plan.layout, plan.layout_options)
    tables = {table.label: table for table in drawing.tables if table.label != "stage"}
    drawn = []
    for seat in seats:
        dx, dy = _outward(seat, tables.get(seat.table))
        # Past any seat straight behind this one (an interpreter behind a head).
        start = SEAT_RADIUS + 6
        for other in seats:
            ox, oy = other.x - seat.x, other.y - seat.y
            along = ox * dx + oy * dy
            if other is not seat and 0 < along < 120 and abs(ox * dy - oy * dx) < SEAT_RADIUS:
                start = max(start, along + SEAT_RADIUS + 6)
        angle = math.degrees(math.atan2(dy, dx))
        if -90 <= angle <= 90:
            rotate, anchor = angle, "start"
        else:
            rotate, anchor = angle - 180, "end"
        english, japanese = names_of(seat.occupant) if seat.occupant_id else ("", "")
        drawn.append(
            DrawnSeat(
                seat=seat,
                x=seat.x,
                y=seat.y,
                name_x=round(seat.x + dx * start, 1),
                name_y=round(seat.y + dy * start, 1),
                rotate=round(rotate, 1),
                anchor=anchor,
                english=english,
                japanese=japanese,
            )
        )
    return {
        "seats": drawn,
        "tables": drawing.tables,
        "view_box": (
            f"{-NAME_ROOM} {-NAME_ROOM} "
            f"{drawing.width + 2 * NAME_ROOM} {drawing.height + 2 * NAME_ROOM}"
        ),
        # The plan page writes no names: the drawing alone, with a narrow margin.
        "tight_view_box": f"40 40 {drawing.width - 80} {drawing.height - 80}",
        "width": drawing.width,
        "height": drawing.height,
        "scale_bar_y": drawing.height + NAME_ROOM / 2,
        "scale_text_y": drawing.height + NAME_ROOM / 2 - 8,
    }
