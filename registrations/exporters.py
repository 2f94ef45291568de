"""The attendee CSV: one exporter behind the admin action, the staff page and the command.

The file is made for Excel on Windows as much as for scripts: UTF-8 with a
byte-order mark (so Excel reads 日本語 correctly), RFC 4180 quoting from Python's
``csv`` module (CRLF between records, fields with commas, quotes or line breaks
quoted), times in ISO 8601 in the event's own time zone, and every cell that a
spreadsheet would read as a formula neutralised (OWASP CSV injection guidance).

``defusedcsv`` was considered and not used: it leaves cells starting with a tab,
carriage return or line feed alone, and it rewrites ``|`` inside cells, which
would change names and organisations.

Headers and labels are always English, whatever language the staff member's
browser asks for, so the same filter gives the same bytes from every entry point.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django_countries import countries

from conference.formats import person_name
from conference.models import Event
from registrations import selectors
from registrations.models import AttendanceOption, ExportLog, Registration

BOM = "\ufeff"

# A cell starting with any of these is prefixed with an apostrophe, which spreadsheets
# show as text. The full-width forms are included as a precaution for Japanese input.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# Rows are handed to the response (or the file) in batches of this many.
ROWS_PER_CHUNK = 500
# Rows fetched from the database at a time while streaming.
FETCH_SIZE = 2000


def neutralise(value: str) -> str:
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class _Labels:
    """English labels, looked up once per export instead of once per cell."""

    status: dict[str, str]
    sector: dict[str, str]
    dietary: dict[str, str]
    interpretation: dict[str, str]
    country: dict[str, str]
    category: dict[str, str]
    options: list[tuple[str, str]]  # (annotation name, option name), in option order

    @classmethod
    def english(cls, options: list[AttendanceOption]) -> "_Labels":
        with translation.override("en"):
            return cls(
                status={value: str(label) for value, label in Registration.Status.choices},
                sector={value: str(label) for value, label in Registration.Sector.choices},
                dietary={value: str(label) for value, label in Registration.Dietary.choices},
                interpretation={
                    value: str(label) for value, label in Registration.Interpretation.choices
                },
                country={code: str(name) for code, name in countries},
                category={value: str(label) for value, label in Registration.Category.choices},
                options=[(selectors.option_flag(option), option.name_en) for option in options],
            )


def _iso(moment: datetime | None, event: Event) -> str:
    if moment is None:
        return ""
    return moment.astimezone(event.tzinfo).isoformat(timespec="seconds")


# The stable, documented columns (README, "Staff tools"). Add new columns at the end,
# here and in ``_cells`` below.
HEADER = [
    "Reference",
    "Status",
    "Honorific",
    "Family name",
    "Given name",
    "Name in Japanese script",
    "Organisation",
    "Position",
    "Sector",
    "Nationality",
    "Nationality code",
    "Email",
    "Phone",
    "Attendance options",
    "Dietary requirement",
    "Dietary details",
    "Accessibility needs",
    "Interpretation",
    "Registered at",
    "Checked in at",
    # Issue 12: participants and protocol.
    "Speaker",
    "Category",
    "Delegation",
    "Head of delegation",
    "Precedence",
]

# What each row is read as: plain values, no model instances (building 100,000 of
# them cost more than everything else in the export).
_FIELDS = (
    "reference",
    "status",
    "honorific",
    "family_name",
    "given_name",
    "japanese_name",
    "organisation",
    "position",
    "sector",
    "nationality_code",
    "email",
    "phone",
    "dietary_requirement",
    "dietary_details",
    "accessibility_needs",
    "interpretation",
    "created_at",
    "checked_in_at",
    "speaker_id",
    "category",
    "delegation_name",
    "is_head_of_delegation",
    "precedence_name",
)


class _Line:
    """A file-like object whose ``write`` hands back the line ``csv.writer`` made."""

    def write(self, value: str) -> str:
        return value


def rows(queryset: QuerySet, *, event: Event) -> Iterator[list[str]]:
    """The header, then one list of neutralised cells per registration, streamed.

    Two queries whatever the size: the event's attendance options, then the
    registrations themselves through a database cursor.
    """
    options = selectors.attendance_options(event)
    labels = _Labels.english(options)
    flags = [flag for flag, _name in labels.options]
    names = [name for _flag, name in labels.options]
    yield HEADER
    values = selectors.for_export(queryset, options).values_list(*_FIELDS, *flags)
    with _read_whole_result():
        yield from _cells(values, names, labels, event)


@contextmanager
def _read_whole_result():
    """On PostgreSQL, read the export's cursor in a transaction planned for every row.

    Outside a transaction Django declares the cursor WITH HOLD, and PostgreSQL then
    runs the whole query and copies its result aside before the first row; and it
    plans a cursor for its first tenth (``cursor_tuple_fraction``). Both roughly
    doubled the export's time. Inside a transaction (a test's, a caller's) it is
    left as it is.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield


def _cells(values, names, labels: _Labels, event: Event) -> Iterator[list[str]]:
    iso = partial(_iso, event=event)
    status, sector, country = labels.status, labels.sector, labels.country
    dietary, interpretation, category = labels.dietary, labels.interpretation, labels.category
    for row in values.iterator(chunk_size=FETCH_SIZE):
        (
            reference, state, honorific, family, given, japanese, organisation, position,
            sector_code, nationality, email, phone, diet, diet_details, accessibility,
            interpreting, created_at, checked_in_at, speaker_id, category_code, delegation,
            head, precedence,
        ) = row[: len(_FIELDS)]  # fmt: skip
        attends = row[len(_FIELDS) :]
        cells = [
            reference,
            status.get(state, state),
            honorific,
            family,
            given,
            japanese,
            organisation,
            position,
            sector.get(sector_code, sector_code),
            country.get(nationality, nationality),
            nationality,
            email,
            phone,
            "; ".join([name for name, yes in zip(names, attends, strict=True) if yes]),
            dietary.get(diet, diet),
            diet_details,
            accessibility,
            interpretation.get(interpreting, interpreting),
            iso(created_at),
            iso(checked_in_at),
            "yes" if speaker_id else "",
            category.get(category_code, category_code),
            delegation or "",
            "yes" if head else "",
            precedence or "",
        ]
        yield [neutralise(cell) if cell else cell for cell in cells]


# The protocol list (README, "Protocol"): participants in protocol order, numbered
# within their delegation, names as each language writes them. Stable columns.
PROTOCOL_HEADER = [
    "Delegation",
    "Number",
    "Role",
    "Precedence",
    "Rank within category",
    "Honorific",
    "Family name",
    "Given name",
    "Name as written in English",
    "Name in Japanese script",
    "Position",
    "Organisation",
    "Nationality",
    "Reference",
    "Status",
]


def protocol_rows(queryset: QuerySet, *, event: Event) -> Iterator[list[str]]:
    """The header, then each participant of ``selectors.protocol_list`` in its order.

    One query (delegation and category joined), streamed through a cursor.
    """
    with translation.override("en"):
        status = {value: str(label) for value, label in Registration.Status.choices}
        country = {code: str(name) for code, name in countries}
        yield PROTOCOL_HEADER
        number, current = 0, object()
        for r in queryset.iterator(chunk_size=FETCH_SIZE):
            number = number + 1 if r.delegation_id == current else 1
            current = r.delegation_id
            cells = [
                r.delegation.name_en if r.delegation_id else "",
                str(number),
                str(r.badge_category),
                r.precedence.name_en if r.precedence_id else "",
                "" if r.precedence_rank is None else str(r.precedence_rank),
                r.honorific,
                r.family_name,
                r.given_name,
                r.display_name,
                r.japanese_name,
                r.position,
                r.organisation,
                country.get(r.nationality.code, r.nationality.code) if r.nationality else "",
                r.reference,
                status.get(r.status, r.status),
            ]
            yield [neutralise(cell) for cell in cells]


def csv_chunks(
    queryset: QuerySet,
    *,
    event: Event,
    log: ExportLog | None = None,
    rows_of: Callable[..., Iterator[list[str]]] = rows,
) -> Iterator[bytes]:
    """A list of registrations as CSV: UTF-8 bytes with a BOM, a batch of rows at a time.

    ``rows_of`` makes the rows: the attendee list's (``rows``) unless another is given
    (``protocol_rows``).
    """
    return table_chunks(rows_of(queryset, event=event), log=log)


def table_chunks(table: Iterable[list[str]], *, log: ExportLog | None = None) -> Iterator[bytes]:
    """Any export's rows (the header first, cells already neutralised) as UTF-8 bytes
    with a BOM, a batch of rows at a time.

    With ``log``, the number of rows written is recorded when the stream ends; an
    export that stops half-way keeps its row count and no completion time.
    """
    writer = csv.writer(_Line())
    batch = [BOM]
    written = -1  # the header is not a row
    completed = False
    try:
        for row in table:
            batch.append(writer.writerow(row))
            written += 1
            if len(batch) >= ROWS_PER_CHUNK:
                yield "".join(batch).encode("utf-8")
                batch = []
        if batch:
            yield "".join(batch).encode("utf-8")
        completed = True
    finally:
        # The rows' transaction (``_read_whole_result``) ends first, also when the
        # download stopped half-way, so that the count below is not rolled back with it.
        close = getattr(table, "close", None)
        if close is not None:
            close()
        if log is not None:
            ExportLog.objects.filter(pk=log.pk).update(
                row_count=max(written, 0),
                completed_at=timezone.now() if completed else None,
            )


def log_export(
    *, event: Event, source: str, filters: dict, user=None, username: str = ""
) -> ExportLog:
    """Record who exports what, and when, before the first row leaves."""
    return ExportLog.objects.create(
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        username=username or (user.get_username() if user is not None else ""),
        source=source,
        filters=filters,
    )


def start_export(
    *,
    event: Event,
    queryset: QuerySet,
    source: str,
    filters: dict,
    user=None,
    username: str = "",
    rows_of: Callable[..., Iterator[list[str]]] = rows,
) -> Iterator[bytes]:
    """Log the export now, then hand back the stream of the CSV's bytes."""
    log = log_export(event=event, source=source, filters=filters, user=user, username=username)
    return csv_chunks(queryset, event=event, log=log, rows_of=rows_of)


def filename(event: Event, kind: str = "attendees") -> str:
    today = timezone.localtime(timezone.now(), event.tzinfo).date()
    return f"{event.slug}-{kind}-{today.isoformat()}.csv"


def csv_response(
    chunks: Iterable[bytes], *, event: Event, kind: str = "attendees"
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(event, kind)}"'
    # A list of who attends a security dialogue stays out of shared caches.
    response["Cache-Control"] = "no-store"
    return response


# --- the interpretation sheet, for the interpretation provider -----------------------------

INTERPRETATION_HEADER = [
    "Date",
    "Start",
    "End",
    "Session",
    "Room",
    "Attribution",
    "Brief interpreters",
    "Participants",
    "Into English",
    "Into Japanese",
    "Receivers to hire for this room",
    "Speakers",
]


def _speaker_cell(role) -> str:
    """'Admiral Umio Otsuka (Keynote speaker; speaks Japanese)', in English."""
    language = {"en": "speaks English", "ja": "speaks Japanese"}.get(
        role.speaking_language, "language not set"
    )
    details = [str(role.get_role_display()), language]
    if not role.is_confirmed:
        details.append("unconfirmed")
    return f"{person_name(role.speaker, 'en')} ({'; '.join(details)})"


def interpretation_rows(plan: selectors.InterpretationPlan, *, event: Event) -> list[list[str]]:
    """The header, then one row per session of the plan, in English, cells neutralised.

    Every session of a room carries the room's receiver figure (its busiest session's
    needs plus the spare), so a filter on one room keeps the figure in view. A plan has
    tens of sessions: the rows are made at once, in English, before streaming starts.
    """
    receivers = {room.key: room.receivers for room in plan.rooms}
    table = [INTERPRETATION_HEADER]
    with translation.override("en"):
        for row in plan.sessions:
            session = row.session
            start = timezone.localtime(session.starts_at, event.tzinfo)
            end = timezone.localtime(session.ends_at, event.tzinfo)
            cells = [
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                session.title_en,
                session.room_en,
                str(session.get_attribution_display()),
                "yes" if row.needs_briefing else "no",
                str(row.attending),
                str(row.into_english),
                str(row.into_japanese),
                str(receivers[session.room_en or ""]),
                "; ".join(_speaker_cell(role) for role in row.speakers),
            ]
            table.append([neutralise(cell) for cell in cells])
    return table


def start_interpretation_export(*, event: Event, user=None) -> Iterator[bytes]:
    """Log the export now, then hand back the interpretation sheet's CSV bytes."""
    log = log_export(event=event, source=ExportLog.Source.INTERPRETATION, filters={}, user=user)
    plan = selectors.interpretation_plan(event)
    return table_chunks(interpretation_rows(plan, event=event), log=log)
