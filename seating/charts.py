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


def draw(plan, seats: list) -> dict:
    drawing = layouts.draw(plan.layout, plan.layout_options)
    centres = {
        table.label: (table.label_x, table.label_y)
        for table in drawing.tables
        if table.label != "stage"
    }
    drawn = []
    for seat in seats:
        centre = centres.get(seat.table)
        if centre is None:  # a row: names below the seat, reading downwards
            dx, dy = 0.0, 1.0
        else:
            dx, dy = seat.x - centre[0], seat.y - centre[1]
            length = math.hypot(dx, dy) or 1.0
            dx, dy = dx / length, dy / length
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
                name_x=round(seat.x + dx * (SEAT_RADIUS + 6), 1),
                name_y=round(seat.y + dy * (SEAT_RADIUS + 6), 1),
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
        "width": drawing.width,
        "height": drawing.height,
        "scale_bar_y": drawing.height + NAME_ROOM / 2,
        "scale_text_y": drawing.height + NAME_ROOM / 2 - 8,
    }
