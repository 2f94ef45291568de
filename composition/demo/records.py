"""The shapes of the demo's data: each record is built with keywords, so a line of
data says what it is ("given_name='Stephen'"), and the loader (``loader.py``) is the
only code that turns records into rows."""

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True, kw_only=True)
class ThemeRecord:
    key: str  # how agenda items name their theme
    title_en: str
    title_ja: str
    description_en: str
    description_ja: str


@dataclass(frozen=True, kw_only=True)
class SpeakerRecord:
    slug: str
    honorific_en: str = ""
    honorific_ja: str = ""
    given_name: str
    family_name: str
    japanese_name: str = ""
    post_nominals: str = ""
    position_en: str = ""
    position_ja: str = ""
    organisation_en: str = ""
    organisation_ja: str = ""
    country: str
    email: str = ""  # private; example.org addresses only in the demo
    biography_en: str = ""
    biography_ja: str = ""


@dataclass(frozen=True, kw_only=True)
class RoleRecord:
    speaker: str  # a SpeakerRecord's slug
    role: str
    confirmed: bool = True
    speaking_language: str = ""


@dataclass(frozen=True, kw_only=True)
class SessionRecord:
    slug: str
    day: int  # 1 for the event's first day
    start: str  # "09:15", in the event's zone
    end: str
    type: str
    title_en: str
    title_ja: str
    attribution: str
    theme: str | None = None  # a ThemeRecord's key
    roles: tuple[RoleRecord, ...] = ()


@dataclass(frozen=True, kw_only=True)
class OptionRecord:
    """An attendance option and the sessions it admits to: every session of ``day``
    that no other option claims by slug, plus the sessions named in ``sessions``."""

    name_en: str
    name_ja: str
    capacity: int | None = None
    day: int | None = None
    sessions: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class InvitationRecord:
    code: str
    note: str
    max_uses: int = 20


@dataclass(frozen=True, kw_only=True)
class DelegationRecord:
    key: str  # how people and speakers name their delegation
    name_en: str
    name_ja: str
    side: str = "country"
    country: str = ""
    order: int
    colour: str
    target: int | None = None


@dataclass(frozen=True, kw_only=True)
class PlacementRecord:
    """Where a speaker stands as a participant of an edition (the organisers' call)."""

    speaker: str  # a SpeakerRecord's slug
    delegation: str  # a DelegationRecord's key
    precedence: str  # a category of the default order of precedence, by its English name
    rank: int | None = None
    head: bool = False
    list_consent: bool = True  # asked by the organisers
    sector: str  # a speaker's profile has none: the organisers fill it in


@dataclass(frozen=True, kw_only=True)
class PersonRecord:
    """One fictional registration."""

    reference: str
    status: str
    honorific: str
    given_name: str
    family_name: str
    japanese_name: str = ""
    email: str
    phone: str = ""
    organisation: str
    position: str = ""
    sector: str
    nationality: str
    dietary_requirement: str = "none"
    dietary_details: str = ""
    accessibility_needs: str = ""
    interpretation: str = "none"
    language: str = "en"
    registered_at: datetime
    privacy_notice_version: str
    list_consent: bool = False
    options: tuple[int, ...] = ()  # indexes into the edition's options
    category: str = "delegate"
    delegation: str = ""  # a DelegationRecord's key
    precedence: str = ""  # a default precedence category's English name

    def fields(self) -> dict:
        """The Registration fields this record sets (reference and options aside)."""
        return {
            "status": self.status,
            "honorific": self.honorific,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "japanese_name": self.japanese_name,
            "email": self.email,
            "phone": self.phone,
            "organisation": self.organisation,
            "position": self.position,
            "sector": self.sector,
            "nationality": self.nationality,
            "dietary_requirement": self.dietary_requirement,
            "dietary_details": self.dietary_details,
            "accessibility_needs": self.accessibility_needs,
            "interpretation": self.interpretation,
            "language": self.language,
            "privacy_consent_at": self.registered_at,
            "privacy_notice_version": self.privacy_notice_version,
            "delegate_list_consent_at": self.registered_at if self.list_consent else None,
            "category": self.category,
        }


@dataclass(frozen=True, kw_only=True)
class MessageRecord:
    """A message the organisers sent to the edition's participants, delivered to all.

    The audience is the message's filters: ``statuses``, and ``options`` as indexes
    into the edition's options (anyone holding any of them).
    """

    subject_en: str
    body_en: str
    subject_ja: str = ""
    body_ja: str = ""
    statuses: tuple[str, ...] = ("confirmed",)
    options: tuple[int, ...] = ()
    sent_at: datetime
    sent_by: str  # the organiser's name as the history shows it


@dataclass(frozen=True, kw_only=True)
class SpeakerInvitationRecord:
    """A speaker's invitation to the edition and where it stands: every appearance in
    ``sessions`` carries the same ``answer`` (accepted, declined or pending). The
    agenda's ``RoleRecord.confirmed`` must agree (accepted ones confirmed, others not)."""

    speaker: str  # a SpeakerRecord's slug
    language: str
    sessions: tuple[str, ...]  # the sessions (slugs) of the appearances invited to
    sent_at: datetime
    opened_at: datetime | None = None
    answer: str = "pending"
    answered_at: datetime | None = None
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class TravelRecord:
    """A speaker's travel and arrival (vip.SpeakerLogistics), local times at the event."""

    speaker: str  # a SpeakerRecord's slug
    arrival_date: date
    arrival_time: time
    arrival_mode: str
    arrival_number: str
    arrival_point: str
    departure_date: date
    departure_time: time
    departure_mode: str
    departure_number: str
    departure_point: str
    hotel: str
    car_meets: bool
    car_details: str = ""
    escort: str = ""
    venue_entrance: str = ""
    aide_name: str = ""
    aide_contact: str = ""
    dietary_needs: str = ""
    access_needs: str = ""
    restricted_note: str = ""


@dataclass(frozen=True, kw_only=True)
class SeatingPlanRecord:
    """A seating plan: for a session (its slug) or an occasion (an option's English
    name), laid out, assigned by the rules once when first loaded, with pinned seats
    (seat label → the reference of the participant pinned there) placed first."""

    session: str = ""
    occasion: str = ""
    name_en: str = ""
    name_ja: str = ""
    layout: str
    options: dict
    pins: tuple[tuple[str, str], ...] = ()
    published: bool = False


@dataclass(frozen=True, kw_only=True)
class EditionRecord:
    """Everything one edition of the demo holds."""

    slug: str
    event: dict  # Event fields (translated ones as name_en / name_ja)
    start_date: date
    themes: tuple[ThemeRecord, ...]
    agenda: tuple[SessionRecord, ...]
    options: tuple[OptionRecord, ...]
    people: tuple[PersonRecord, ...]
    invitations: tuple[InvitationRecord, ...] = field(default=())
    delegations: tuple[DelegationRecord, ...] = field(default=())
    speaker_places: tuple[PlacementRecord, ...] = field(default=())
    messages: tuple[MessageRecord, ...] = field(default=())
    # Speakers and VIPs (vip): invitations, travel, and whether speakers' own changes
    # wait for an organiser's review.
    speaker_invitations: tuple[SpeakerInvitationRecord, ...] = field(default=())
    travel: tuple[TravelRecord, ...] = field(default=())
    review_speaker_changes: bool = False
    seating_plans: tuple[SeatingPlanRecord, ...] = field(default=())
