"""Reads that the staff pages, the exports and the admin share.

Every function returns a queryset (or a small summary) with its joins already
decided, so a page or an export costs the same few queries however many
registrations it shows.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from django.core.cache import cache
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Replace, Trunc
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from conference.cache import PAGE_TIMEOUT, current_version
from conference.models import Event, Session, SessionRole, Venue
from conference.selectors import get_public_event
from protocol.models import Delegation, PrecedenceCategory
from protocol.selectors import balance_threshold, delegations, precedence_list
from registrations.models import AttendanceOption, Registration

Status = Registration.Status

# The order of every attendee list and export: how a printed list is read.
ATTENDEE_ORDER = ("family_name", "given_name", "pk")

# Protocol order: wherever people of an event are listed for protocol purposes (the
# protocol list, the participant list, badges when asked, the speakers page when
# asked, seating). Delegations in their display order (none last), the head of each
# delegation first, then precedence category (none last), the manual rank within it
# (none last), then the name. The one statement of it: use ``in_protocol_order``.
PROTOCOL_ORDER = (
    F("delegation__order").asc(nulls_last=True),
    F("delegation_id").asc(nulls_last=True),
    F("is_head_of_delegation").desc(),
    F("precedence__order").asc(nulls_last=True),
    F("precedence_rank").asc(nulls_last=True),
    "family_name",
    "given_name",
    "pk",
)


def in_protocol_order(queryset: QuerySet) -> QuerySet:
    """Registrations in protocol order, with the delegation, the category and the
    speaker (whose translated profile lists print) joined."""
    return queryset.select_related("delegation", "precedence", "speaker").order_by(*PROTOCOL_ORDER)


_REFERENCE_WITHOUT_DASH = re.compile(r"^[A-Za-z0-9]{8}$")
_IDEOGRAPHIC_SPACE = "\u3000"


@dataclass(frozen=True)
class AttendeeFilter:
    """What the staff attendee list, the CSV download and the command filter on."""

    statuses: tuple[str, ...] = ()
    sector: str = ""
    nationality: str = ""
    option: AttendanceOption | None = None
    checked_in: bool | None = None
    search: str = ""

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.statuses:
            queryset = queryset.filter(status__in=self.statuses)
        if self.sector:
            queryset = queryset.filter(sector=self.sector)
        if self.nationality:
            queryset = queryset.filter(nationality=self.nationality)
        if self.option is not None:
            queryset = queryset.filter(attendance_options=self.option)
        if self.checked_in is not None:
            queryset = queryset.filter(checked_in_at__isnull=not self.checked_in)
        if self.search.strip():
            queryset = search_registrations(queryset, self.search)
        return queryset

    def describe(self) -> dict:
        """The filters that were set, as JSON for the export log."""
        described = {
            "status": list(self.statuses),
            "sector": self.sector,
            "nationality": self.nationality,
            "attendance_option": self.option.name_en if self.option is not None else "",
            "checked_in": {True: "yes", False: "no", None: ""}[self.checked_in],
            "search": self.search.strip(),
        }
        return {key: value for key, value in described.items() if value}


def search_registrations(queryset: QuerySet, text: str) -> QuerySet:
    """Every word must match a name (Latin or Japanese script), organisation, email or reference.

    Japanese names are also matched with their spaces taken out, since people type
    大塚海夫 for 大塚 海夫 (and the other way round).
    """
    queryset = queryset.alias(
        japanese_name_compact=Replace(
            Replace(F("japanese_name"), Value(" "), Value("")), Value(_IDEOGRAPHIC_SPACE), Value("")
        )
    )
    for typed in text.split():  # str.split() also splits on the ideographic space
        matches = Q()
        # A Japanese keyboard types ＳＵＺＵＫＩ or ｽｽﾞｷ: look for what was typed and for
        # its NFKC form (suzuki, スズキ).
        for term in dict.fromkeys((typed, unicodedata.normalize("NFKC", typed))):
            matches |= (
                Q(reference__icontains=term)
                | Q(given_name__icontains=term)
                | Q(family_name__icontains=term)
                | Q(japanese_name__icontains=term)
                | Q(japanese_name_compact__icontains=term)
                | Q(organisation__icontains=term)
                | Q(email__icontains=term)
            )
            if _REFERENCE_WITHOUT_DASH.match(term):
                matches |= Q(reference__iexact=f"{term[:4]}-{term[4:]}")
        queryset = queryset.filter(matches)
    return queryset


def attendees(*, event: Event, filters: AttendeeFilter | None = None) -> QuerySet:
    """The event's registrations, filtered, in list order, with their options prefetched."""
    queryset = Registration.objects.for_event(event)
    if filters is not None:
        queryset = filters.apply(queryset)
    return queryset.prefetch_related("attendance_options").order_by(*ATTENDEE_ORDER)


def attendance_options(event: Event) -> list[AttendanceOption]:
    return list(AttendanceOption.objects.filter(event=event).order_by("order", "pk"))


def event_for_sign_up(slug: str) -> tuple[Event, list[AttendanceOption]]:
    """The published event (with its venue) and its attendance options, as the sign-up
    form draws and checks them: two queries, then none while the cache keeps them.

    Kept under the public pages' version (``conference.cache``), which any edit to an
    event, a venue or an option moves on, so an organiser's change is seen at once.
    Nothing is decided on this copy: the sign-up locks the event and reads it again
    inside its transaction (``services.register_delegate``).
    """
    key = f"sign-up-event:{current_version()}:{_sign_up_schema()}:{slug}"
    found = cache.get(key)
    if isinstance(found, tuple):
        return found
    event = get_public_event(slug)
    found = (event, attendance_options(event))
    cache.set(key, found, PAGE_TIMEOUT)
    return found


@lru_cache(maxsize=1)
def _sign_up_schema() -> str:
    """The cached rows' columns: a deploy that changes them never unpickles old rows."""
    columns = [
        column.attname
        for model in (Event, Venue, AttendanceOption)
        for column in model._meta.concrete_fields
    ]
    return hashlib.sha256(repr(columns).encode()).hexdigest()[:8]


def for_export(queryset: QuerySet, options: list[AttendanceOption]) -> QuerySet:
    """One streamed query: each option the delegate attends becomes a boolean column.

    A prefetch would cost a query per chunk of rows; an event has a handful of
    options, so one EXISTS per option keeps the export at a fixed number of queries
    and every row consistent with the same snapshot.
    """
    through = Registration.attendance_options.through
    flags = {
        option_flag(option): Exists(
            through.objects.filter(registration_id=OuterRef("pk"), attendanceoption_id=option.pk)
        )
        for option in options
    }
    return (
        queryset.select_related(None)
        .prefetch_related(None)
        # The raw ISO code: going through CountryField's descriptor for every row
        # costs more than the rest of the row together.
        .annotate(
            nationality_code=F("nationality"),
            delegation_name=F("delegation__name_en"),
            precedence_name=F("precedence__name_en"),
            **flags,
        )
        .order_by(*ATTENDEE_ORDER)
    )


def option_flag(option: AttendanceOption) -> str:
    return f"attends_option_{option.pk}"


def nationalities(event: Event) -> list[str]:
    """Country codes present among the event's registrations, for the filter."""
    return list(
        Registration.objects.for_event(event)
        .order_by()
        .values_list("nationality", flat=True)
        .distinct()
    )


# --- dashboard -------------------------------------------------------------------------


def seat_summary(event: Event) -> dict:
    """Seats and statuses. ``confirmed`` counts delegates' seats: speakers, confirmed
    too, take none and are counted apart (``speakers``)."""
    delegate = Q(speaker__isnull=True)
    counts = Registration.objects.for_event(event).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED) & delegate),
        speakers=Count("pk", filter=Q(status=Status.CONFIRMED, speaker__isnull=False)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    counts["capacity"] = event.capacity
    counts["free"] = max(event.capacity - counts["confirmed"], 0)
    return counts


#: The periods the sign-up chart bins by, finest first.
TIMELINE_UNITS = ("day", "week", "month", "quarter", "year")
_MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class SignUpTimeline:
    """Registrations per period, every period from the first sign-up to the last."""

    unit: str  # one of TIMELINE_UNITS
    bins: list[tuple[date, int]]  # (first day of the period, registrations in it)

    @property
    def spans_years(self) -> bool:
        return self.bins[0][0].year != self.bins[-1][0].year


def period_start(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":  # ISO weeks, as the databases truncate: Monday
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(weeks=1)
    index = start.year * 12 + start.month - 1 + _MONTHS_PER_PERIOD[unit]
    return date(index // 12, index % 12 + 1, 1)


def _period_count(first: date, last: date, unit: str) -> int:
    start, end = period_start(first, unit), period_start(last, unit)
    if unit in ("day", "week"):
        return (end - start).days // (7 if unit == "week" else 1) + 1
    months = (end.year - start.year) * 12 + end.month - start.month
    return months // _MONTHS_PER_PERIOD[unit] + 1


def registrations_over_time(event: Event, *, max_bins: int = 60) -> SignUpTimeline | None:
    """Sign-ups per day, week, month, quarter or year in the event's zone: the finest
    period that fits the whole span in ``max_bins`` bars, empty periods included.

    Two queries whatever the span: its ends, then the counts, grouped by the
    database. ``None`` before the first registration.
    """
    registrations = Registration.objects.for_event(event).order_by()
    span = registrations.aggregate(first=Min("created_at"), last=Max("created_at"))
    if span["first"] is None:
        return None
    first = localtime(span["first"], event.tzinfo).date()
    last = localtime(span["last"], event.tzinfo).date()
    unit = next(
        (unit for unit in TIMELINE_UNITS if _period_count(first, last, unit) <= max_bins),
        TIMELINE_UNITS[-1],
    )
    rows = (
        registrations.annotate(
            period=Trunc("created_at", unit, output_field=DateField(), tzinfo=event.tzinfo)
        )
        .values("period")
        .annotate(count=Count("pk"))
        .order_by("period")
    )
    counts = {row["period"]: row["count"] for row in rows}
    bins = []
    start = period_start(first, unit)
    while start <= last:
        bins.append((start, counts.get(start, 0)))
        start = next_period(start, unit)
    return SignUpTimeline(unit=unit, bins=bins)


def breakdown(event: Event, field: str) -> list[dict]:
    """Active registrations (and how many of them confirmed) per value of ``field``."""
    return list(
        Registration.objects.for_event(event)
        .active()
        .order_by()
        .values(field)
        .annotate(
            active=Count("pk"),
            confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        )
        .order_by("-active", field)
    )


# --- door, catering and badges ---------------------------------------------------------


def check_in_counts(event: Event) -> dict:
    return Registration.objects.for_event(event).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def check_in_candidates(*, event: Event, search: str, limit: int = 25) -> list[Registration]:
    """Whoever matches, whatever their status: the door must see why someone is refused.

    Anonymised registrations are not people any more: the door never finds them.
    """
    queryset = search_registrations(
        Registration.objects.for_event(event).filter(anonymised_at=None), search
    )
    return list(queryset.select_related("delegation").order_by(*ATTENDEE_ORDER)[:limit])


def confirmed_delegates(event: Event, *, protocol_order: bool = False) -> QuerySet:
    """Confirmed participants (speakers included) to print badges for, A to Z or in
    protocol order (an anonymised one has no name to print)."""
    queryset = (
        Registration.objects.for_event(event)
        .filter(status=Status.CONFIRMED, anonymised_at=None)
        .select_related("delegation")
        .prefetch_related("attendance_options")
    )
    if protocol_order:
        return in_protocol_order(queryset)
    return queryset.order_by(*ATTENDEE_ORDER)


# --- protocol ----------------------------------------------------------------------------


def protocol_list(event: Event, *, include_waiting: bool = False) -> QuerySet:
    """The event's participants in protocol order: confirmed ones, or with
    ``include_waiting`` also those pending approval or on the waiting list."""
    statuses = Registration.ACTIVE_STATUSES if include_waiting else (Status.CONFIRMED,)
    return in_protocol_order(
        Registration.objects.for_event(event).filter(status__in=statuses, anonymised_at=None)
    )


def participant_list(event: Event) -> QuerySet:
    """What participants see of each other: confirmed participants who agreed to be
    listed, in protocol order. Withdrawing the agreement takes the entry out at once
    (nothing is copied anywhere); the purge empties it with the rest."""
    return in_protocol_order(
        Registration.objects.for_event(event).filter(
            status=Status.CONFIRMED,
            anonymised_at=None,
            delegate_list_consent_at__isnull=False,
        )
    )


def grouped_by_delegation(participants) -> list[dict]:
    """Participants in protocol order, cut into their delegations (none last):
    ``[{"delegation": Delegation | None, "participants": [...]}]``, each numbered
    from 1 within its delegation (``participant.number``)."""
    groups = []
    for participant in participants:
        if not groups or groups[-1]["delegation_id"] != participant.delegation_id:
            groups.append(
                {
                    "delegation_id": participant.delegation_id,
                    "delegation": participant.delegation,
                    "participants": [],
                }
            )
        participant.number = len(groups[-1]["participants"]) + 1
        groups[-1]["participants"].append(participant)
    return groups


def speakers_by_delegation(event: Event, speakers: list) -> list[tuple[str | None, list]]:
    """The public speakers page in protocol order (``conference.hooks``): ``speakers``
    cut into their delegations as their confirmed participant registrations place
    them, in protocol order; speakers who are not (confirmed) participants last, in
    the order given, under the heading ``None``. One query."""
    placed = in_protocol_order(
        Registration.objects.for_event(event).filter(
            status=Status.CONFIRMED,
            anonymised_at=None,
            speaker__in=[speaker.pk for speaker in speakers],
        )
    )
    by_pk = {speaker.pk: speaker for speaker in speakers}
    groups: list[tuple[str | None, list]] = []
    current = object()
    for registration in placed:
        if registration.delegation_id != current:
            current = registration.delegation_id
            heading = registration.delegation.name if registration.delegation_id else None
            groups.append((heading, []))
        speaker = by_pk.pop(registration.speaker_id, None)
        if speaker is not None:
            groups[-1][1].append(speaker)
    rest = [speaker for speaker in speakers if speaker.pk in by_pk]
    if rest:
        if groups and groups[-1][0] is None:
            groups[-1][1].extend(rest)
        else:
            groups.append((None, rest))
    return [(heading, members) for heading, members in groups if members]


def can_see_participant_list(registration: Registration, event: Event) -> bool:
    """Only a confirmed participant of that very event sees who else takes part."""
    return (
        registration.event_id == event.pk
        and registration.status == Status.CONFIRMED
        and registration.anonymised_at is None
    )


@dataclass
class DelegationFigures:
    """One column of the balance: a delegation (or nobody's, ``delegation=None``)."""

    delegation: Delegation | None
    confirmed: int = 0
    pending: int = 0
    waitlisted: int = 0
    speakers: int = 0
    head: Registration | None = None
    # {precedence category pk or None: {status: count}}, {sector: {status: count}}
    by_precedence: dict = field(default_factory=dict)
    by_sector: dict = field(default_factory=dict)

    @property
    def target(self) -> int | None:
        return self.delegation.target if self.delegation is not None else None

    @property
    def over_target(self) -> bool:
        return self.target is not None and self.confirmed > self.target

    @property
    def active(self) -> int:
        return self.confirmed + self.pending + self.waitlisted


@dataclass
class Balance:
    """The delegations side by side: how many of each status, per precedence category
    and per sector, their heads, and what an organiser should be warned of."""

    columns: list[DelegationFigures]
    categories: list[PrecedenceCategory]
    sectors: list[str]
    threshold: int

    @property
    def delegations(self) -> list[DelegationFigures]:
        return [column for column in self.columns if column.delegation is not None]

    @property
    def unassigned(self) -> DelegationFigures:
        return next(column for column in self.columns if column.delegation is None)

    @property
    def country_sides(self) -> list[DelegationFigures]:
        return [column for column in self.delegations if column.delegation.is_country]

    @property
    def gap(self) -> int:
        """The largest difference in confirmed participants between two countries."""
        counts = [column.confirmed for column in self.country_sides]
        return max(counts) - min(counts) if len(counts) >= 2 else 0

    @property
    def unbalanced(self) -> bool:
        return self.gap > self.threshold

    @property
    def over_target(self) -> list[DelegationFigures]:
        return [column for column in self.delegations if column.over_target]

    def figures_for(self, delegation_id) -> DelegationFigures:
        return next(
            column
            for column in self.columns
            if getattr(column.delegation, "pk", None) == delegation_id
        )

    def after_confirming(self, newly_confirmed: dict) -> "Balance":
        """The balance once ``{delegation pk or None: n}`` more are confirmed (moved from
        pending or the waiting list): what approving them would do."""
        columns = []
        for column in self.columns:
            extra = newly_confirmed.get(getattr(column.delegation, "pk", None), 0)
            columns.append(replace(column, confirmed=column.confirmed + extra))
        return replace(self, columns=columns)

    def warnings(self) -> list[str]:
        """What the organiser must see before approving more: delegations over their
        target, and countries' delegations further apart than the threshold."""
        found = [
            _("%(delegation)s: %(confirmed)s confirmed, over its target of %(target)s.")
            % {
                "delegation": column.delegation.name,
                "confirmed": column.confirmed,
                "target": column.target,
            }
            for column in self.over_target
        ]
        gap = self.gap_warning()
        return [*found, gap] if gap else found

    def gap_warning(self) -> str:
        if not self.unbalanced:
            return ""
        sides = sorted(self.country_sides, key=lambda column: column.confirmed)
        low, high = sides[0], sides[-1]
        return _(
            "%(high)s has %(high_count)s confirmed and %(low)s %(low_count)s: "
            "%(gap)s apart, more than the %(threshold)s allowed."
        ) % {
            "high": high.delegation.name,
            "high_count": high.confirmed,
            "low": low.delegation.name,
            "low_count": low.confirmed,
            "gap": self.gap,
            "threshold": self.threshold,
        }

    def approval_warnings(self, newly_confirmed: dict) -> list[str]:
        """What confirming ``{delegation pk or None: n}`` more would cause: a delegation
        it touches going over its target, or the countries drawing further apart than
        the threshold allows. Nothing for what is already so and does not get worse."""
        after = self.after_confirming(newly_confirmed)
        found = [
            _("This takes %(delegation)s to %(confirmed)s of %(target)s.")
            % {
                "delegation": column.delegation.name,
                "confirmed": column.confirmed,
                "target": column.target,
            }
            for column in after.delegations
            if newly_confirmed.get(column.delegation.pk) and column.over_target
        ]
        if after.unbalanced and after.gap > self.gap:
            found.append(after.gap_warning())
        return found

    def precedence_rows(self) -> list[tuple[str, list[dict]]]:
        """(category, one cell per column): confirmed and still waiting (pending or
        waiting list) for each precedence category, unranked last."""
        labels = [(category.pk, category.name) for category in self.categories]
        labels.append((None, _("Not ranked")))
        return [
            (label, [_cell(c.by_precedence.get(key, {})) for c in self.columns])
            for key, label in labels
        ]

    def sector_rows(self) -> list[tuple[str, list[dict]]]:
        labels = [
            (sector, Registration.Sector(sector).label if sector else _("Not given"))
            for sector in self.sectors
        ]
        return [
            (label, [_cell(c.by_sector.get(key, {})) for c in self.columns])
            for key, label in labels
        ]


def _cell(counts: dict) -> dict:
    return {
        "confirmed": counts.get(Status.CONFIRMED, 0),
        "waiting": counts.get(Status.PENDING, 0) + counts.get(Status.WAITLISTED, 0),
    }


def delegation_balance(event: Event) -> Balance:
    """The balance of the event's delegations; five queries whatever their sizes.

    Counts active participants (pending, confirmed, waiting list), speakers included
    (a delegation is the people it brings, whoever invited them); anonymised rows
    are out of it. ``threshold`` is the event's, or the default.
    """
    columns = [DelegationFigures(delegation) for delegation in delegations(event)]
    columns.append(DelegationFigures(None))
    by_id = {getattr(column.delegation, "pk", None): column for column in columns}
    rows = (
        Registration.objects.for_event(event)
        .active()
        .filter(anonymised_at=None)
        .order_by()
        .values_list("delegation_id", "status", "precedence_id", "sector")
        .annotate(
            count=Count("pk"),
            speakers=Count("pk", filter=Q(speaker__isnull=False, status=Status.CONFIRMED)),
        )
    )
    sectors = set()
    for delegation_id, status, precedence_id, sector, count, speakers in rows:
        column = by_id.get(delegation_id)
        if column is None:  # a delegation created since the first query
            continue
        setattr(column, status, getattr(column, status) + count)
        column.speakers += speakers
        per_category = column.by_precedence.setdefault(precedence_id, {})
        per_category[status] = per_category.get(status, 0) + count
        per_sector = column.by_sector.setdefault(sector, {})
        per_sector[status] = per_sector.get(status, 0) + count
        sectors.add(sector)
    heads = (
        Registration.objects.for_event(event)
        .active()
        .filter(is_head_of_delegation=True, anonymised_at=None)
    )
    for head in heads:
        if head.delegation_id in by_id:
            by_id[head.delegation_id].head = head
    order = [value for value, _label in Registration.Sector.choices] + [""]
    return Balance(
        columns=columns,
        categories=precedence_list(event),
        sectors=sorted(sectors, key=order.index),
        threshold=balance_threshold(event),
    )


def catering_summary(event: Event) -> dict:
    """Confirmed delegates per dietary requirement, overall and per attendance option."""
    confirmed = Registration.objects.for_event(event).filter(status=Status.CONFIRMED)
    per_diet = dict(
        confirmed.order_by()
        .values_list("dietary_requirement")
        .annotate(count=Count("pk"))
        .values_list("dietary_requirement", "count")
    )
    through = Registration.attendance_options.through
    per_option_diet: dict[int, dict[str, int]] = {}
    for option_id, diet, count in (
        through.objects.filter(registration__event=event, registration__status=Status.CONFIRMED)
        .order_by()
        .values_list("attendanceoption_id", "registration__dietary_requirement")
        .annotate(count=Count("pk"))
    ):
        per_option_diet.setdefault(option_id, {})[diet] = count
    special = confirmed.filter(
        ~Q(dietary_requirement=Registration.Dietary.NONE) | ~Q(accessibility_needs="")
    )
    return {
        "per_diet": per_diet,
        "per_option_diet": per_option_diet,
        "special": special.prefetch_related("attendance_options").order_by(
            "dietary_requirement", *ATTENDEE_ORDER
        ),
    }


# --- interpretation ----------------------------------------------------------------------

#: Sessions that are talks by their type; others count only when someone speaks at them.
INTERPRETED_TYPES = frozenset(
    {Session.Type.KEYNOTE, Session.Type.PANEL, Session.Type.ROUNDTABLE, Session.Type.BRIEFING}
)

#: Spare receivers hired on top of the busiest session's needs in each room, in percent.
RECEIVER_SPARE_PERCENT = 10


def receivers_for(needs: int) -> int:
    """Receivers to hire for ``needs`` listeners: 10 % spare, rounded up (integers only,
    so 10 gives 11, not the 12 that 10 * 1.1 = 11.000000000000002 would round up to)."""
    return needs + -(-needs * RECEIVER_SPARE_PERCENT // 100)


@dataclass
class SessionInterpretation:
    """One session's interpretation needs: confirmed participants admitted to it (through
    their attendance options) and how many of them need each direction."""

    session: Session
    attending: int
    into_english: int
    into_japanese: int

    @property
    def needs(self) -> int:
        return self.into_english + self.into_japanese

    @property
    def speakers(self) -> list[SessionRole]:
        return list(self.session.roles.all())

    @property
    def needs_briefing(self) -> bool:
        """Chatham House or closed: the interpreters must be briefed on the rule."""
        return self.session.attribution != Session.Attribution.ON_THE_RECORD


@dataclass
class RoomReceivers:
    """A room's receivers: enough for its busiest session, plus the spare."""

    key: str  # the room's English name, "" for sessions without a room
    room: str  # as the active language writes it
    busiest: SessionInterpretation | None
    needs: int

    @property
    def receivers(self) -> int:
        return receivers_for(self.needs)


@dataclass
class InterpretationPlan:
    sessions: list[SessionInterpretation]
    rooms: list[RoomReceivers]
    into_english: int  # confirmed participants needing interpretation into English
    into_japanese: int

    @property
    def receivers(self) -> int:
        return sum(room.receivers for room in self.rooms)


def interpretation_plan(event: Event) -> InterpretationPlan:
    """Per session and per direction, who needs interpretation; receivers per room.

    Four queries whatever the size: the sessions, their speakers, the counts per
    session and direction (grouped by the database), and the event's totals. Sessions
    where nobody is listed to speak are left out unless they are talks by their type
    (keynote, panel, roundtable, briefing): a coffee break or a reception needs
    interpreters only when someone speaks at it.
    """
    sessions = list(
        Session.objects.for_event(event)
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("speaker").order_by("order", "pk"),
            )
        )
        .order_by("starts_at", "order", "pk")
    )
    confirmed = Registration.objects.for_event(event).filter(status=Status.CONFIRMED).order_by()
    # Distinct: a participant holding two options that both cover a session counts once.
    # Each participant has one interpretation value, so the values add up to who attends.
    counts: dict[int, dict[str, int]] = {}
    for session_id, need, count in (
        confirmed.filter(attendance_options__sessions__isnull=False)
        .values_list("attendance_options__sessions", "interpretation")
        .annotate(count=Count("pk", distinct=True))
    ):
        counts.setdefault(session_id, {})[need] = count
    rows = []
    for session in sessions:
        if session.type not in INTERPRETED_TYPES and not session.roles.all():
            continue
        needs = counts.get(session.pk, {})
        rows.append(
            SessionInterpretation(
                session=session,
                attending=sum(needs.values()),
                into_english=needs.get(Registration.Interpretation.INTO_ENGLISH, 0),
                into_japanese=needs.get(Registration.Interpretation.INTO_JAPANESE, 0),
            )
        )
    rooms: dict[str, RoomReceivers] = {}
    for row in rows:
        key = row.session.room_en or ""
        room = rooms.setdefault(
            key, RoomReceivers(key=key, room=row.session.room, busiest=None, needs=0)
        )
        if room.busiest is None or row.needs > room.needs:
            room.busiest, room.needs = row, row.needs
    totals = dict(
        confirmed.values_list("interpretation")
        .annotate(count=Count("pk"))
        .values_list("interpretation", "count")
    )
    return InterpretationPlan(
        sessions=rows,
        rooms=sorted(rooms.values(), key=lambda room: (room.key == "", room.key)),
        into_english=totals.get(Registration.Interpretation.INTO_ENGLISH, 0),
        into_japanese=totals.get(Registration.Interpretation.INTO_JAPANESE, 0),
    )
