"""Layouts as data: each shape turns an organiser's few numbers into seats and tables.

A shape is a function ``(options) -> Drawing``. The seats it returns say all the
assignment rules (``seating.rules``) read: the table, the kind of seat, the side it
belongs to and its rank (1 is the place of honour); their positions are only for
the drawing. Adding a shape is adding a function to ``SHAPES``: the rules stay as
they are. Distances are in centimetres, so the chart is drawn to scale.
"""

import math
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The room a seat takes along a table, and how far its centre is from the table's edge.
SEAT_PITCH = 60
SEAT_OFFSET = 35
MARGIN = 80


@dataclass(frozen=True)
class SeatSpec:
    label: str
    table: str
    kind: str  # Seat.Kind
    side: str  # Seat.Side: "host", "guest" or ""
    rank: int
    x: float
    y: float


@dataclass(frozen=True)
class TableShape:
    """A table as drawn: a rectangle (``x``, ``y`` its top left) or a circle (its centre).

    ``label`` is the table's key, as seats store it (``table_name`` says it in words).
    """

    label: str
    shape: str  # "rect" or "circle"
    x: float
    y: float
    width: float = 0
    height: float = 0
    radius: float = 0

    @property
    def name(self) -> str:
        return table_name(self.label)

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2 if self.shape == "rect" else self.x

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 if self.shape == "rect" else self.y


@dataclass
class Drawing:
    seats: list[SeatSpec] = field(default_factory=list)
    tables: list[TableShape] = field(default_factory=list)
    width: float = 0
    height: float = 0
    # Rows of seats must not take more participants than one side of a room holds.
    strict_sides: bool = False


def table_name(key: str) -> str:
    """A table's key in words, in the active language: 'plenary', 'top', 'table:3',
    'row:B', 'stage' (seats store the key, so a plan reads in either language)."""
    kind, _sep, value = key.partition(":")
    if kind == "plenary":
        return _("Plenary table")
    if kind == "top":
        return _("Top table")
    if kind == "table":
        return _("Table %(number)s") % {"number": value}
    if kind == "row":
        return _("Row %(letter)s") % {"letter": value}
    if kind == "stage":
        return _("Stage")
    return key


class LayoutError(ValueError):
    """The layout's numbers make no plan (a message for the organiser)."""


@dataclass(frozen=True)
class Option:
    name: str
    label: object  # lazy translation
    minimum: int
    maximum: int
    default: int
    boolean: bool = False


def _number(options: dict, option: Option) -> int:
    value = options.get(option.name, option.default)
    if option.boolean:
        return 1 if value in (True, 1, "1", "on", "true") else 0
    try:
        value = int(value)
    except (TypeError, ValueError):
        message = _("%(option)s must be a whole number.") % {"option": option.label}
        raise LayoutError(message) from None
    if not option.minimum <= value <= option.maximum:
        raise LayoutError(
            _("%(option)s must be between %(minimum)s and %(maximum)s.")
            % {"option": option.label, "minimum": option.minimum, "maximum": option.maximum}
        )
    return value


def centre_out(count: int, *, right_is_left_of_drawing: bool) -> list[int]:
    """Positions 0..count-1 (left to right on the drawing) from the centre outwards,
    alternately to the seated person's right and left, their right first.

    A person facing down the page has their right on the drawing's left.
    """
    centre = (count - 1) // 2
    order = [centre]
    step = -1 if right_is_left_of_drawing else 1
    for distance in range(1, count):
        for position in (centre + step * distance, centre - step * distance):
            if 0 <= position < count:
                order.append(position)
    return order


# --- bilateral table ------------------------------------------------------------------------

BILATERAL_OPTIONS = (
    Option("seats_per_side", gettext_lazy("Seats a side"), 1, 40, 6),
    Option("chair", gettext_lazy("Seat for a chair or moderator at the end"), 0, 1, 0, True),
    Option("interpreters", gettext_lazy("Interpreters behind the heads"), 0, 1, 0, True),
)


def bilateral(options: dict) -> Drawing:
    """Two long sides facing each other: the host side along the top of the drawing
    (labels H1…), the guest side along the bottom (G1…), heads of delegation at the
    centre of their side and facing each other; optionally a chair at the left end
    and an interpreter's seat behind each head."""
    per_side = _number(options, BILATERAL_OPTIONS[0])
    chair = _number(options, BILATERAL_OPTIONS[1])
    interpreters = _number(options, BILATERAL_OPTIONS[2])
    table_name = "plenary"
    left = MARGIN + (SEAT_PITCH if chair else 0)
    top = MARGIN + (SEAT_PITCH if interpreters else 0) + SEAT_OFFSET
    length = per_side * SEAT_PITCH + 40
    depth = 120
    drawing = Drawing(strict_sides=True)
    drawing.tables.append(TableShape(table_name, "rect", left, top, width=length, height=depth))
    for side, prefix, y, faces_down in (
        ("host", "H", top - SEAT_OFFSET, True),
        ("guest", "G", top + depth + SEAT_OFFSET, False),
    ):
        order = centre_out(per_side, right_is_left_of_drawing=faces_down)
        ranks = {position: rank for rank, position in enumerate(order, start=1)}
        for position in range(per_side):
            drawing.seats.append(
                SeatSpec(
                    label=f"{prefix}{position + 1}",
                    table=table_name,
                    kind="seat",
                    side=side,
                    rank=ranks[position],
                    x=left + 20 + SEAT_PITCH * (position + 0.5),
                    y=y,
                )
            )
        if interpreters:
            behind = -SEAT_PITCH if faces_down else SEAT_PITCH
            drawing.seats.append(
                SeatSpec(
                    label=f"{prefix}I",
                    table=table_name,
                    kind="interpreter",
                    side=side,
                    rank=per_side + 1,
                    x=left + 20 + SEAT_PITCH * (order[0] + 0.5),
                    y=y + behind,
                )
            )
    if chair:
        drawing.seats.append(
            SeatSpec(
                label="C",
                table=table_name,
                kind="chair",
                side="",
                rank=per_side + 2,
                x=left - SEAT_OFFSET,
                y=top + depth / 2,
            )
        )
    drawing.width = left + length + MARGIN
    drawing.height = top + depth + SEAT_OFFSET + (SEAT_PITCH if interpreters else 0) + MARGIN
    return drawing


# --- round tables ---------------------------------------------------------------------------

ROUND_OPTIONS = (
    Option("tables", gettext_lazy("Number of tables"), 1, 30, 3),
    Option("seats_per_table", gettext_lazy("Seats a table"), 2, 14, 8),
    Option("top_table", gettext_lazy("The first table is the top table"), 0, 1, 1, True),
)


def _around_table(count: int) -> list[int]:
    """Seats 0..count-1 clockwise from the seat of honour (0), by closeness to it:
    0, then 1 (the host's right as they face the room), count-1, 2, count-2…"""
    order = [0]
    for distance in range(1, count):
        for position in (distance, count - distance):
            if 0 < position < count and position not in order:
                order.append(position)
    return order


def round_tables(options: dict) -> Drawing:
    """T tables of S seats; around each, host and guest seats alternate (seat 1, the
    place of honour at the top, is a host's). The top table's seats come first in
    rank, then every other table's seat of honour before any table's second seat, so
    the most senior after the top table host one table each."""
    tables = _number(options, ROUND_OPTIONS[0])
    per_table = _number(options, ROUND_OPTIONS[1])
    top_table = _number(options, ROUND_OPTIONS[2])
    radius = max(75.0, per_table * SEAT_PITCH / (2 * math.pi))
    # Room between tables for the names written outward from each seat on the chart.
    cell = 2 * (radius + SEAT_OFFSET) + 300
    columns = min(tables, 4)
    drawing = Drawing(strict_sides=False)
    order = _around_table(per_table)
    closeness = {position: index for index, position in enumerate(order)}
    others = tables - 1 if top_table else tables
    for index in range(tables):
        is_top = top_table and index == 0
        name = "top" if is_top else f"table:{index + 1}"
        cx = MARGIN + cell * (index % columns) + cell / 2
        cy = MARGIN + cell * (index // columns) + cell / 2
        drawing.tables.append(TableShape(name, "circle", cx, cy, radius=radius))
        for position in range(per_table):
            angle = 2 * math.pi * position / per_table
            if is_top:
                rank = closeness[position] + 1
            else:
                table_number = index - 1 if top_table else index
                first = per_table if top_table else 0
                rank = first + closeness[position] * others + table_number + 1
            drawing.seats.append(
                SeatSpec(
                    label=f"{index + 1}-{position + 1}",
                    table=name,
                    kind="seat",
                    side="host" if position % 2 == 0 else "guest",
                    rank=rank,
                    x=round(cx + (radius + SEAT_OFFSET) * math.sin(angle), 1),
                    y=round(cy - (radius + SEAT_OFFSET) * math.cos(angle), 1),
                )
            )
    drawing.width = MARGIN * 2 + cell * columns
    drawing.height = MARGIN * 2 + cell * math.ceil(tables / columns)
    return drawing


# --- rows -----------------------------------------------------------------------------------

ROW_OPTIONS = (
    Option("rows", gettext_lazy("Number of rows"), 1, 26, 4),
    Option("seats_per_row", gettext_lazy("Seats a row"), 1, 40, 10),
    Option(
        "reserved_front_row",
        gettext_lazy("Keep the front row for placing by hand"),
        0,
        1,
        0,
        True,
    ),
)


def rows(options: dict) -> Drawing:
    """Theatre rows A, B… from the front (the stage at the top of the drawing); the
    rules fill them from the front, each row from the centre out, alternately to the
    right and left of the seated person. A reserved front row is filled by hand."""
    row_count = _number(options, ROW_OPTIONS[0])
    per_row = _number(options, ROW_OPTIONS[1])
    reserved = _number(options, ROW_OPTIONS[2])
    drawing = Drawing(strict_sides=False)
    stage_width = per_row * SEAT_PITCH
    drawing.tables.append(TableShape("stage", "rect", MARGIN, MARGIN, stage_width, 100))
    order = centre_out(per_row, right_is_left_of_drawing=False)
    closeness = {position: index for index, position in enumerate(order)}
    rank = 0
    for row in range(row_count):
        letter = string.ascii_uppercase[row]
        name = f"row:{letter}"
        for position in range(per_row):
            front = reserved and row == 0
            drawing.seats.append(
                SeatSpec(
                    label=f"{letter}{position + 1}",
                    table=name,
                    kind="reserved" if front else "seat",
                    side="",
                    rank=rank + closeness[position] + 1,
                    x=MARGIN + SEAT_PITCH * (position + 0.5),
                    y=MARGIN + 160 + row * 90,
                )
            )
        rank += per_row
    drawing.width = MARGIN * 2 + stage_width
    drawing.height = MARGIN * 2 + 160 + row_count * 90
    return drawing


SHAPES: dict[str, tuple[Callable[[dict], Drawing], tuple[Option, ...]]] = {
    "bilateral": (bilateral, BILATERAL_OPTIONS),
    "round": (round_tables, ROUND_OPTIONS),
    "rows": (rows, ROW_OPTIONS),
}


def draw(layout: str, options: dict) -> Drawing:
    function, _options = SHAPES[layout]
    return function(options)


def clean_options(layout: str, options: dict) -> dict:
    """The layout's options as numbers, each checked (``LayoutError`` names the first wrong)."""
    _function, known = SHAPES[layout]
    return {option.name: _number(options, option) for option in known}
