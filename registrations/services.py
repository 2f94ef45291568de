"""Operations that change registrations.

Each runs in one transaction. Whatever takes a seat locks the event row (and any
attendance option with a capacity of its own) with ``select_for_update`` right
before counting seats, so concurrent sign-ups queue on the lock instead of
overbooking. Emails are queued in the same transaction and sent after commit.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from conference.formats import long_date, person_name
from conference.models import Event, SessionRole
from protocol.models import Delegation
from protocol.selectors import delegation_for_nationality
from registrations import emails, hooks
from registrations.exceptions import (
    AlreadyCheckedIn,
    DeletionNotAllowed,
    DuplicateRegistration,
    EventFull,
    InvalidInvitation,
    InvalidTransition,
    NotCheckedIn,
    NotConfirmed,
    OptionFull,
    ParticipantError,
    RegistrationClosed,
    StaleDetails,
)
from registrations.models import (
    AttendanceOption,
    ExportLog,
    Invitation,
    ManageLinkRequest,
    OutgoingEmail,
    Registration,
    RegistrationStatusChange,
)
from registrations.validators import normalise_email, validate_deliverable_email
from speakers.models import Speaker

Status = Registration.Status

logger = logging.getLogger(__name__)

ALLOWED_TRANSITIONS = {
    Status.PENDING: {Status.CONFIRMED, Status.WAITLISTED, Status.DECLINED, Status.CANCELLED},
    Status.WAITLISTED: {Status.CONFIRMED, Status.PENDING, Status.DECLINED, Status.CANCELLED},
    Status.CONFIRMED: {Status.WAITLISTED, Status.DECLINED, Status.CANCELLED},
    # Declined and cancelled are final: a delegate who comes back registers anew.
    Status.DECLINED: set(),
    Status.CANCELLED: set(),
}

# The email each status change sends the delegate.
EMAIL_ON_CHANGE = {
    Status.CONFIRMED: emails.Kind.CONFIRMED,
    Status.WAITLISTED: emails.Kind.WAITLISTED,
    Status.DECLINED: emails.Kind.DECLINED,
    Status.CANCELLED: emails.Kind.CANCELLED,
    Status.PENDING: emails.Kind.PENDING,
}

# Fields a delegate gives on the form and may later change on the manage page.
DETAIL_FIELDS = (
    "honorific",
    "given_name",
    "family_name",
    "japanese_name",
    "phone",
    "organisation",
    "position",
    "sector",
    "nationality",
    "dietary_requirement",
    "dietary_details",
    "accessibility_needs",
    "interpretation",
)


@dataclass
class RegistrationData:
    """What a delegate submits, already validated by the form."""

    given_name: str
    family_name: str
    email: str
    organisation: str
    sector: str
    nationality: str
    honorific: str = ""
    japanese_name: str = ""
    phone: str = ""
    position: str = ""
    dietary_requirement: str = Registration.Dietary.NONE
    dietary_details: str = ""
    accessibility_needs: str = ""
    interpretation: str = Registration.Interpretation.NONE
    attendance_options: list = field(default_factory=list)
    delegate_list_consent: bool = False
    invitation_code: str = ""

    def as_fields(self):
        return {name: getattr(self, name) for name in (*DETAIL_FIELDS, "email")}


# ---------------------------------------------------------------------------
# Reads used inside the transactions below


def confirmed_count(event: Event, *, ignoring: Registration | None = None) -> int:
    """Seats taken: confirmed participants who are not speakers (but ``ignoring``).

    Speakers are the organisers' guests, invited for the programme: they never take a
    delegate's seat (refusing a keynote speaker because delegates filled the room
    would be absurd), in the event or in a capped attendance option.
    """
    taken = Registration.objects.filter(event=event, status=Status.CONFIRMED, speaker__isnull=True)
    if ignoring is not None:
        taken = taken.exclude(pk=ignoring.pk)
    return taken.count()


def _locked_event(event_id) -> Event:
    # FOR NO KEY UPDATE: it queues every seat-taker behind the others all the same, and
    # does not conflict with the key-share locks that checks of foreign keys to the
    # event take (Django's PostgreSQL foreign keys are deferred: checked at commit), so
    # rows that point at the event (another sign-up's, a seat's) are not held up by it.
    return Event.objects.select_for_update(no_key=True).get(pk=event_id)


def _check_options(options, *, ignoring=None):
    """Raise OptionFull if any capped option has no confirmed seat left.

    Options are locked first, so two confirmations cannot take the last place at once.
    """
    if not options:
        return
    # Lock in primary-key order (no deadlocks between two delegates), then count.
    # NO KEY, as the event's lock (``_locked_event``): a sign-up's option rows already
    # hold the key-share locks of its ticks. The capacities are the locked rows', not
    # the options passed in: a sign-up's come from the cache, which may be older than
    # an organiser's edit.
    capacities = dict(
        AttendanceOption.objects.select_for_update(no_key=True)
        .filter(pk__in=[option.pk for option in options], capacity__isnull=False)
        .order_by("pk")
        .values_list("pk", "capacity")
    )
    if not capacities:
        return
    confirmed = Q(registrations__status=Status.CONFIRMED, registrations__speaker__isnull=True)
    if ignoring is not None:
        confirmed &= ~Q(registrations__pk=ignoring.pk)
    counts = dict(
        AttendanceOption.objects.filter(pk__in=capacities)
        .annotate(taken=Count("registrations", filter=confirmed))
        .values_list("pk", "taken")
    )
    for option in options:
        if option.pk in capacities and counts[option.pk] >= capacities[option.pk]:
            raise OptionFull(
                _("%(option)s is full. Please untick it to register for the rest.")
                % {"option": option.name}
            )


def _has_seat(event: Event, *, ignoring: Registration | None = None) -> bool:
    return confirmed_count(event, ignoring=ignoring) < event.capacity


def _locked_registration(pk, *, refuse_with=InvalidTransition) -> Registration:
    """Lock one registration for a change; an anonymised one takes part in nothing more.

    Every service that changes a single registration comes through here (after
    locking the event, where it does), so no status change, detail change or
    check-in, and hence no email, ever reaches an anonymised registration.
    """
    registration = Registration.objects.select_for_update().get(pk=pk)
    if registration.anonymised_at is not None:
        raise refuse_with(
            _("%(reference)s has been anonymised: it takes no further part in registration.")
            % {"reference": registration.reference}
        )
    return registration


def record_status_change(*, registration, from_status, by=None, note=""):
    return RegistrationStatusChange.objects.create(
        registration=registration,
        from_status=from_status or "",
        to_status=registration.status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )


# ---------------------------------------------------------------------------
# Sign-up


def _use_invitation(*, event, code, email):
    invitation = (
        Invitation.objects.select_for_update()
        .annotate(code_lower=Lower("code"))
        .filter(event=event, code_lower=code.strip().lower())
        .first()
    )
    if invitation is None:
        raise InvalidInvitation(_("This invitation code is not valid for this event."))
    if invitation.email and normalise_email(invitation.email) != normalise_email(email):
        raise InvalidInvitation(_("This invitation code was issued for another email address."))
    if invitation.uses >= invitation.max_uses:
        raise InvalidInvitation(_("This invitation code has already been used."))
    invitation.uses += 1
    invitation.save(update_fields=["uses"])
    return invitation


def _status_for_new_registration(event: Event, *, ignoring: Registration | None = None) -> str:
    if event.registration_mode == Event.RegistrationMode.APPROVAL:
        return Status.PENDING
    if _has_seat(event, ignoring=ignoring):
        return Status.CONFIRMED
    if event.waiting_list_enabled:
        return Status.WAITLISTED
    raise EventFull(_("%(event)s is fully booked and has no waiting list.") % {"event": event.name})


def _expected_status(event: Event) -> str:
    """What a sign-up will most likely get, read without the lock: its rows and email
    are written as that, and put right under the lock in the rare case it was not."""
    try:
        return _status_for_new_registration(event)
    except EventFull:
        return Status.WAITLISTED  # refused under the lock, where it counts


def register_delegate(
    *,
    event: Event,
    data: RegistrationData,
    language: str = "en",
    submission_key: str | None = None,
    now=None,
) -> tuple[Registration, bool]:
    """Register a delegate. Returns ``(registration, created)``.

    A resubmission of the same form (same ``submission_key``) returns the
    registration it already made, with ``created`` False.

    Every sign-up queues on the event's lock, so the time it holds it bounds how many
    sign-ups a second the site takes. Everything that does not decide the seat is done
    before: the checks, the rows and the email are written for the status the seats
    taken suggest; then the lock, the count that decides, and the commit. In the rare
    case the count decides otherwise (the last seat went meanwhile), the status, its
    history row and the email are put right before the commit. A twin submission
    racing past the checks is stopped by the database's unique constraints and
    answered as the checks would have.
    """
    now = now or timezone.now()
    mailbox = normalise_email(data.email)
    try:
        return _register(
            event=event,
            data=data,
            language=language,
            submission_key=submission_key,
            now=now,
            mailbox=mailbox,
        )
    except IntegrityError:
        # The transaction is gone; what beat it to the constraint is committed now.
        if submission_key:
            existing = Registration.objects.filter(submission_key=submission_key).first()
            if existing and existing.event_id == event.pk and existing.email_normalised == mailbox:
                return existing, False
        if Registration.objects.active().filter(event=event, email_normalised=mailbox).exists():
            raise DuplicateRegistration() from None
        raise


def _register(*, event, data, language, submission_key, now, mailbox):
    with transaction.atomic():
        if submission_key:
            existing = Registration.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                if existing.event_id == event.pk and existing.email_normalised == mailbox:
                    return existing, False
                # Not this delegate's form: never hand out another's registration.
                submission_key = None
        active = Registration.objects.active().filter(event=event, email_normalised=mailbox)
        holder = active.first()
        if holder is not None:
            if submission_key and holder.submission_key == submission_key:
                # The same form, committed by its twin since the key was looked up.
                return holder, False
            raise DuplicateRegistration()
        expected = _expected_status(event)
        options = list(data.attendance_options)
        registration = Registration(
            event=event,
            status=expected,
            category=suggested_category(data.sector),
            language=language,
            submission_key=submission_key,
            privacy_consent_at=now,
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
            delegate_list_consent_at=now if data.delegate_list_consent else None,
            **data.as_fields(),
        )
        # Field checks and clean() only. What the rest of full_clean() would look up
        # again is settled otherwise: the event is the row locked below; the form has
        # checked the delegate's fields against the same check constraints (and the
        # database enforces them all at the INSERT); one active registration per
        # mailbox was checked just above, and the database's unique constraints stop a
        # twin that raced past that check, as they do a clash of reference or
        # submission key (an IntegrityError, answered in ``register_delegate``).
        registration.full_clean(
            exclude=["event"], validate_unique=False, validate_constraints=False
        )
        registration.save()
        if options:
            through = Registration.attendance_options.through
            through.objects.bulk_create(
                [through(registration=registration, attendanceoption=o) for o in options]
            )
        history = record_status_change(registration=registration, from_status="", note="Registered")
        email = emails.queue(registration, EMAIL_ON_CHANGE[expected])

        # Now the lock, and what decides: the window, the invitation, the seats (this
        # registration's own row, not yet committed, is visible only to this count).
        locked = _locked_event(event.pk)
        window = locked.registration_window(now)
        if window != Event.RegistrationWindow.OPEN:
            raise RegistrationClosed(closed_message(locked, now=now))
        if locked.registration_mode == Event.RegistrationMode.INVITATION:
            _use_invitation(event=locked, code=data.invitation_code, email=data.email)
        status = _status_for_new_registration(locked, ignoring=registration)
        if status == Status.CONFIRMED:
            _check_options(options, ignoring=registration)
        if status != expected:
            registration.status = status
            registration.save(update_fields=["status", "updated_at"])
            RegistrationStatusChange.objects.filter(pk=history.pk).update(to_status=status)
            if email is not None:
                emails.rewrite(email, registration, EMAIL_ON_CHANGE[status])
    return registration, True


def suggested_category(sector: str) -> str:
    """A participant's category from their sector: journalists are press."""
    if sector == Registration.Sector.MEDIA:
        return Registration.Category.PRESS
    return Registration.Category.DELEGATE


def closed_message(event: Event, *, now=None) -> str:
    """Why the form is not taking sign-ups, with the relevant date in the event's zone."""
    window = event.registration_window(now)
    if window == Event.RegistrationWindow.NOT_YET_OPEN:
        if event.registration_opens_at is None:
            return _("Registration for %(event)s has not opened yet.") % {"event": event.name}
        opens = timezone.localtime(event.registration_opens_at, event.tzinfo)
        return _("Registration for %(event)s opens on %(date)s (%(zone)s).") % {
            "event": event.name,
            "date": formats.date_format(opens, "DATETIME_FORMAT"),
            "zone": opens.tzname(),
        }
    if window == Event.RegistrationWindow.CLOSED and not event.closes_before_the_end:
        return _(
            "Registration for %(event)s closed when the event ended, at the end of "
            "%(date)s (%(zone)s)."
        ) % {
            "event": event.name,
            "date": long_date(event.end_date),
            "zone": event.time_zone,
        }
    if window == Event.RegistrationWindow.CLOSED:
        closed = timezone.localtime(event.registration_closes_at, event.tzinfo)
        return _("Registration for %(event)s closed on %(date)s (%(zone)s).") % {
            "event": event.name,
            "date": formats.date_format(closed, "DATETIME_FORMAT"),
            "zone": closed.tzname(),
        }
    return ""


# ---------------------------------------------------------------------------
# Status changes


def _promote_waiting(event: Event, *, by=None, passing_over=None) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served.

    Must run inside a transaction that holds the event lock. A waitlisted delegate
    whose chosen options are full is passed over for the next one, and so is one
    an organiser has just moved to the waiting list (``passing_over``).
    """
    promoted = []
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=Status.WAITLISTED, anonymised_at__isnull=True)
        .exclude(pk=getattr(passing_over, "pk", None))
        .order_by("created_at", "pk")
    )
    for registration in waiting:
        if not _has_seat(event):
            break
        try:
            _check_options(list(registration.attendance_options.all()))
        except OptionFull:
            continue
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        record_status_change(
            registration=registration,
            from_status=Status.WAITLISTED,
            by=by,
            note="Promoted from the waiting list",
        )
        emails.queue(registration, emails.Kind.PROMOTED)
        promoted.append(registration)
    return promoted


def change_status(
    *, registration: Registration, to_status: str, by=None, note: str = ""
) -> Registration:
    """Move a registration to another status, refusing what would overbook the event.

    A seat given up (cancelled, declined, moved to the waiting list) goes to the
    first delegate on the waiting list.
    """
    with transaction.atomic():
        # Lock the event first: every path that takes a seat locks it in this order.
        event = _locked_event(registration.event_id)
        registration = _locked_registration(registration.pk)
        from_status = registration.status
        if to_status == from_status:
            raise InvalidTransition(
                _("%(reference)s is already %(status)s.")
                % {"reference": registration.reference, "status": registration.get_status_display()}
            )
        if to_status not in ALLOWED_TRANSITIONS[from_status]:
            raise InvalidTransition(
                _("%(reference)s cannot go from %(from)s to %(to)s.")
                % {
                    "reference": registration.reference,
                    "from": registration.get_status_display(),
                    "to": Status(to_status).label,
                }
            )
        if registration.checked_in_at is not None:
            raise InvalidTransition(
                _("%(reference)s has already been checked in; undo the check-in first.")
                % {"reference": registration.reference}
            )
        if to_status == Status.CONFIRMED and not registration.is_speaker:
            if not _has_seat(event):
                raise EventFull(
                    _("%(event)s is full (%(capacity)s seats); %(reference)s was not confirmed.")
                    % {
                        "event": event.name,
                        "capacity": event.capacity,
                        "reference": registration.reference,
                    }
                )
            _check_options(list(registration.attendance_options.all()))
        registration.status = to_status
        registration.full_clean()
        registration.save(update_fields=["status", "updated_at"])
        record_status_change(registration=registration, from_status=from_status, by=by, note=note)
        if from_status == Status.CONFIRMED:
            hooks.participation_changed(registration)  # e.g. frees their seats
        emails.queue(registration, EMAIL_ON_CHANGE[to_status])
        if from_status == Status.CONFIRMED:
            _promote_waiting(event, by=by, passing_over=registration)
    return registration


def cancel_registration(*, registration: Registration, by=None) -> Registration:
    """The delegate (or an organiser) cancels; a confirmed seat passes to the waiting list."""
    return change_status(
        registration=registration,
        to_status=Status.CANCELLED,
        by=by,
        note="Cancelled by the delegate" if by is None else "",
    )


def promote_from_waiting_list(*, event: Event, by=None) -> list[Registration]:
    """Give free seats to waitlisted delegates, e.g. after capacity was raised."""
    with transaction.atomic():
        event = _locked_event(event.pk)
        return _promote_waiting(event, by=by)


# ---------------------------------------------------------------------------
# Self-service


def check_attendance_change(*, registration: Registration, attendance_options) -> None:
    """Raise OptionFull if a confirmed delegate would take a place in a full option.

    Options the registration already holds are theirs to keep. Locks the options it
    checks, so call it inside the transaction that then saves the change.
    """
    if registration.status != Status.CONFIRMED or registration.is_speaker:
        return
    current = set(registration.attendance_options.values_list("pk", flat=True))
    added = [option for option in attendance_options if option.pk not in current]
    if added:
        _check_options(added, ignoring=registration)


# Where a participant stands for protocol purposes: set by organisers only.
PROTOCOL_FIELDS = (
    "category",
    "delegation",
    "is_head_of_delegation",
    "precedence",
    "precedence_rank",
)

# What an organiser may change in the admin besides: the email (the delegate's key),
# the language their emails are written in, and the protocol fields.
ORGANISER_FIELDS = (*DETAIL_FIELDS, "email", "language", *PROTOCOL_FIELDS)


def details_version(registration: Registration) -> str:
    """A digest of what a delegate may change on the manage page, as stored now: the
    page carries it, and a save from an older page is refused (``expected_version``)."""
    values = [str(getattr(registration, name)) for name in DETAIL_FIELDS]
    options = sorted(registration.attendance_options.values_list("pk", flat=True))
    values.append(",".join(map(str, options)))
    values.append(str(registration.delegate_list_consent_at is not None))
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


def update_registration_details(
    *,
    registration: Registration,
    details: dict,
    attendance_options,
    fields: tuple[str, ...] = DETAIL_FIELDS,
    participant_list_consent: bool | None = None,
    expected_version: str = "",
    by=None,
    now=None,
) -> Registration:
    """Change contact, dietary, accessibility details and attendance options.

    The delegate (manage page) may change ``DETAIL_FIELDS``; an organiser (admin)
    ``ORGANISER_FIELDS``. A place given up in a capped option goes to the waiting list.
    ``participant_list_consent`` (when not ``None``) gives or withdraws the agreement to
    appear in the participant list: withdrawn, the entry is gone from the next page
    anyone loads. Each change of that answer is a line in the history. With
    ``expected_version`` (``details_version`` as the page was drawn), a registration
    changed since is refused with ``StaleDetails``, checked under the row's lock.
    """
    with transaction.atomic():
        event = _locked_event(registration.event_id)
        registration = _locked_registration(registration.pk)
        if not registration.is_active:
            raise InvalidTransition(_("A cancelled or declined registration cannot be changed."))
        if expected_version and expected_version != details_version(registration):
            raise StaleDetails()
        options = list(attendance_options)
        check_attendance_change(registration=registration, attendance_options=options)
        dropped_capped = registration.attendance_options.exclude(
            pk__in=[option.pk for option in options]
        ).filter(capacity__isnull=False)
        frees_a_place = registration.status == Status.CONFIRMED and dropped_capped.exists()
        for name in fields:
            if name in details:
                setattr(registration, name, details[name])
        if registration.is_head_of_delegation and registration.delegation_id is None:
            # Taken out of their delegation: no longer its head.
            registration.is_head_of_delegation = False
        consent_note = _set_consent(registration, participant_list_consent, now=now)
        registration.full_clean()
        registration.save()
        registration.attendance_options.set(options)
        hooks.participation_changed(registration)  # an option given up frees its seats
        if consent_note:
            record_status_change(
                registration=registration,
                from_status=registration.status,
                by=by,
                note=consent_note,
            )
        if frees_a_place:
            # A waitlisted delegate passed over for want of that place may now fit.
            _promote_waiting(event)
    return registration


def _set_consent(registration: Registration, consent: bool | None, *, now=None) -> str:
    """Give or withdraw the participant-list agreement; returns the history note, if any."""
    if consent is None or consent == (registration.delegate_list_consent_at is not None):
        return ""
    registration.delegate_list_consent_at = (now or timezone.now()) if consent else None
    return "Agreed to the participant list" if consent else "Withdrew from the participant list"


def add_registration_by_organiser(
    *, registration: Registration, by, participant_list_consent: bool = False
) -> Registration:
    """An organiser enters a registration in the admin: it starts pending, like any other.

    ``participant_list_consent``: the organiser records that the person agreed to
    appear in the participant list.
    """
    with transaction.atomic():
        registration.status = Status.PENDING
        if registration.is_head_of_delegation and registration.delegation_id is None:
            registration.is_head_of_delegation = False
        if participant_list_consent:
            registration.delegate_list_consent_at = timezone.now()
        registration.full_clean()
        registration.save()
        record_status_change(
            registration=registration, from_status="", by=by, note="Added in the admin"
        )
    return registration


def active_registration_for_email(*, event: Event, email: str) -> Registration | None:
    """The active registration ``email`` holds for ``event``, if any: the one place an
    address typed by someone is matched to a registration."""
    mailbox = normalise_email(email)
    if not mailbox:  # a speaker participant without an address is nobody's match
        return None
    return (
        Registration.objects.active()
        .filter(event=event, email_normalised=mailbox, anonymised_at=None)
        .first()
    )


def request_manage_link(*, event: Event, email: str, now=None) -> ManageLinkRequest:
    """Note that someone asked for the manage link of ``email``; look nothing up.

    The request that calls this does the same work whether or not the address is
    registered, so neither its answer nor its timing tells who is. The lookup and the
    email follow in ``send_requested_manage_link``: after the response has been sent
    (on_commit delivery), or in the mail worker, which also picks up any request
    left over after EMAIL_WORKER_GRACE_SECONDS.
    """
    now = now or timezone.now()
    on_commit = settings.EMAIL_DELIVERY == "on_commit"
    grace = timedelta(seconds=settings.EMAIL_WORKER_GRACE_SECONDS if on_commit else 0)
    return ManageLinkRequest.objects.create(event=event, email=email, process_after=now + grace)


def send_requested_manage_link(*, request_id: int, now=None) -> bool:
    """Email a fresh manage link for a noted request, if the address is registered.

    The request row (which holds the address as typed) is deleted either way. The new
    link replaces every earlier one (``manage_token_version``). At most
    MANAGE_LINK_EMAILS_PER_HOUR such emails go to one address in an hour, however
    many people ask and from wherever: nobody can flood a delegate's inbox, and
    nobody can keep a delegate's links changing faster than that.
    """
    now = now or timezone.now()
    with transaction.atomic():
        link_request = (
            ManageLinkRequest.objects.select_for_update(skip_locked=True)
            .select_related("event")
            .filter(pk=request_id)
            .first()
        )
        if link_request is None:  # done already, or another process has it
            return False
        link_request.delete()
        found = active_registration_for_email(event=link_request.event, email=link_request.email)
        if found is None:
            return False
        # Locked, so two requests for the same delegate count the emails one after the other.
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        recent = OutgoingEmail.objects.filter(
            kind=emails.Kind.MANAGE_LINK,
            to__iexact=registration.email,
            created_at__gte=now - timedelta(hours=1),
        ).count()
        if recent >= settings.MANAGE_LINK_EMAILS_PER_HOUR:
            logger.info(
                "manage link for registration %s not sent: %s sent in the last hour",
                registration.pk,
                recent,
            )
            return False
        registration.manage_token_version += 1
        registration.save(update_fields=["manage_token_version", "updated_at"])
        emails.queue(registration, emails.Kind.MANAGE_LINK)
    return True


def send_requested_manage_links(*, limit: int = 100, now=None) -> int:
    """The mail worker's part: every noted link request whose time has come."""
    now = now or timezone.now()
    due = ManageLinkRequest.objects.filter(process_after__lte=now).order_by("pk")
    return sum(
        send_requested_manage_link(request_id=request_id, now=now)
        for request_id in list(due.values_list("pk", flat=True)[:limit])
    )


# ---------------------------------------------------------------------------
# Participants: speakers, delegations


@dataclass(frozen=True)
class SpeakerParticipation:
    """What ``sync_speaker_participation`` did, for the organiser's message."""

    class Outcome:
        CREATED = "created"  # a participant registration made for the speaker
        LINKED = "linked"  # the speaker's own registration, now linked to the profile
        KEPT = "kept"  # already a participant: options brought up to date
        CANCELLED = "cancelled"  # made for the speaker, no appearance left: cancelled
        UNLINKED = "unlinked"  # their own registration, no appearance left: a delegate again
        NONE = "none"  # no appearance and no registration: nothing to do

    outcome: str
    registration: Registration | None = None


def _speaker_sessions(event: Event, speaker: Speaker) -> list[int]:
    return list(
        SessionRole.objects.filter(speaker=speaker, session__event=event, is_confirmed=True)
        .order_by("session_id")
        .values_list("session_id", flat=True)
        .distinct()
    )


def _covering_options(event: Event, session_ids: list[int]) -> list[AttendanceOption]:
    """The attendance options that admit to any of these sessions."""
    return list(
        AttendanceOption.objects.filter(event=event, sessions__in=session_ids)
        .distinct()
        .order_by("order", "pk")
    )


def _speaker_email(speaker: Speaker) -> str:
    """The speaker's private address, if a delegate's address could be it."""
    try:
        validate_deliverable_email(speaker.email)
    except ValidationError:
        return ""
    return speaker.email


def sync_speaker_participation(*, event: Event, speaker: Speaker, by=None) -> SpeakerParticipation:
    """Make a speaker a participant of ``event`` while they have a confirmed appearance
    there, and stop when they have none. Idempotent.

    With at least one confirmed appearance: the speaker's active registration is
    confirmed (if it was not) and holds the attendance options covering their
    sessions. Without one, the registration found first by the speaker's address
    (their own sign-up: one person, one participant) is linked; failing that, one is
    made, confirmed, from the speaker's profile (names, organisation, position,
    country) with those options. With no confirmed appearance left: a registration
    made for the speaker is cancelled (the history says why); the speaker's own is
    only unlinked, and they remain a delegate.

    Speakers take no delegate seat (``confirmed_count``), so nothing here is refused
    for want of one. A registration made for a speaker gets none of the delegate
    emails (``emails.queue``): organisers speak to speakers themselves.
    """
    with transaction.atomic():
        event = _locked_event(event.pk)
        sessions = _speaker_sessions(event, speaker)
        linked = (
            Registration.objects.select_for_update()
            .filter(event=event, speaker=speaker, anonymised_at=None)
            .active()
            .first()
        )
        if not sessions:
            if linked is None:
                return SpeakerParticipation(SpeakerParticipation.Outcome.NONE)
            return _end_participation(event, linked, by=by)
        options = _covering_options(event, sessions)
        if linked is not None:
            _confirm_speaker(linked, by=by, note="Confirmed as a speaker of this event")
            _give_options(linked, options)
            return SpeakerParticipation(SpeakerParticipation.Outcome.KEPT, linked)
        own = active_registration_for_email(event=event, email=speaker.email)
        if own is not None and own.speaker_id is not None:
            raise ParticipantError(
                _(
                    "%(reference)s, registered with this speaker's email address, is already "
                    "another speaker's participant registration: correct the speakers' "
                    "email addresses first."
                )
                % {"reference": own.reference}
            )
        if own is not None:
            return _link_own_registration(event, own, speaker, options, by=by)
        return _create_speaker_participant(event, speaker, options, by=by)


def _confirm_speaker(registration: Registration, *, by, note: str) -> None:
    if registration.status == Status.CONFIRMED:
        return
    from_status = registration.status
    registration.status = Status.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    record_status_change(registration=registration, from_status=from_status, by=by, note=note)
    emails.queue(registration, EMAIL_ON_CHANGE[Status.CONFIRMED])


def _give_options(registration: Registration, options: list[AttendanceOption]) -> None:
    """Made for the speaker: exactly the options of their sessions. Their own: those
    are added to what they chose."""
    if registration.created_for_speaker:
        registration.attendance_options.set(options)
        hooks.participation_changed(registration)  # a session dropped frees its seat
    else:
        registration.attendance_options.add(*options)


def _link_own_registration(event, own, speaker, options, *, by) -> SpeakerParticipation:
    own = Registration.objects.select_for_update().get(pk=own.pk)
    held_a_seat = own.status == Status.CONFIRMED
    own.speaker = speaker
    own.full_clean()
    own.save(update_fields=["speaker", "updated_at"])
    record_status_change(
        registration=own,
        from_status=own.status,
        by=by,
        note="Linked to the speaker's profile: one person, one participant",
    )
    _confirm_speaker(own, by=by, note="Confirmed as a speaker of this event")
    _give_options(own, options)
    if held_a_seat:
        # A speaker takes no delegate seat: the one this delegate held is free.
        _promote_waiting(event, by=by)
    return SpeakerParticipation(SpeakerParticipation.Outcome.LINKED, own)


def _create_speaker_participant(event, speaker, options, *, by) -> SpeakerParticipation:
    country = speaker.country.code if speaker.country else ""
    registration = Registration(
        event=event,
        status=Status.CONFIRMED,
        speaker=speaker,
        created_for_speaker=True,
        category=Registration.Category.DELEGATE,
        honorific=speaker.honorific_en or "",
        given_name=speaker.given_name,
        family_name=speaker.family_name,
        japanese_name=speaker.japanese_name,
        email=_speaker_email(speaker),
        organisation=speaker.organisation_en or "",
        position=speaker.position_en or "",
        nationality=country,
        language="ja" if country == "JP" else "en",
    )
    registration.full_clean()
    registration.save()
    registration.attendance_options.set(options)
    record_status_change(
        registration=registration,
        from_status="",
        by=by,
        note="Participant as a speaker: confirmed appearance",
    )
    return SpeakerParticipation(SpeakerParticipation.Outcome.CREATED, registration)


def _end_participation(event, registration, *, by) -> SpeakerParticipation:
    if registration.created_for_speaker:
        if registration.checked_in_at is not None:
            # Already in the building: they stay a participant for the day.
            return SpeakerParticipation(SpeakerParticipation.Outcome.KEPT, registration)
        from_status = registration.status
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        record_status_change(
            registration=registration,
            from_status=from_status,
            by=by,
            note="No confirmed appearance left at this event",
        )
        hooks.participation_changed(registration)
        return SpeakerParticipation(SpeakerParticipation.Outcome.CANCELLED, registration)
    registration.speaker = None
    registration.save(update_fields=["speaker", "updated_at"])
    record_status_change(
        registration=registration,
        from_status=registration.status,
        by=by,
        note="No confirmed appearance left: a delegate again, no longer a speaker",
    )
    return SpeakerParticipation(SpeakerParticipation.Outcome.UNLINKED, registration)


def sync_event_speakers(*, event: Event, by=None) -> dict[str, int]:
    """``sync_speaker_participation`` for every speaker of the event: those with a
    confirmed appearance, and those still linked to a participant registration.
    Returns how many of each outcome."""
    speaker_ids = set(
        SessionRole.objects.filter(session__event=event, is_confirmed=True).values_list(
            "speaker_id", flat=True
        )
    ) | set(
        Registration.objects.active()
        .filter(event=event, speaker__isnull=False)
        .values_list("speaker_id", flat=True)
    )
    counts: dict[str, int] = {}
    for speaker in Speaker.objects.filter(pk__in=speaker_ids).order_by("pk"):
        outcome = sync_speaker_participation(event=event, speaker=speaker, by=by).outcome
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def assign_delegations(*, assignments: dict, by=None) -> list[Registration]:
    """Place participants in delegations: ``{registration: delegation or None}``.

    One transaction. A delegation must be of the participant's own event; an
    anonymised registration takes part in nothing. A head of delegation moved
    elsewhere is no longer a head. Returns the registrations that changed; each
    change is a line in the history.
    """
    changed = []
    with transaction.atomic():
        wanted = {registration.pk: delegation for registration, delegation in assignments.items()}
        locked = Registration.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        for registration in locked:
            delegation = wanted[registration.pk]
            if registration.anonymised_at is not None:
                continue
            if delegation is not None and delegation.event_id != registration.event_id:
                raise ParticipantError(
                    _("%(delegation)s is not a delegation of %(reference)s's event.")
                    % {"delegation": delegation.name, "reference": registration.reference}
                )
            if registration.delegation_id == getattr(delegation, "pk", None):
                continue
            registration.delegation = delegation
            registration.is_head_of_delegation = False
            registration.save(update_fields=["delegation", "is_head_of_delegation", "updated_at"])
            note = (
                f"Delegation: {delegation.name_en}"[:250]
                if delegation is not None
                else "Taken out of the delegation"
            )
            record_status_change(
                registration=registration, from_status=registration.status, by=by, note=note
            )
            changed.append(registration)
    return changed


def delegation_by_nationality(registration: Registration, delegations: list[Delegation]):
    """The delegation a participant's nationality suggests: the first country
    delegation (in display order) of that country, if there is one."""
    code = registration.nationality.code if registration.nationality else ""
    return delegation_for_nationality(delegations, code) if code else None


# ---------------------------------------------------------------------------
# Privacy

ANONYMISED_FIELDS = {
    "honorific": "",
    "given_name": "Anonymised",
    "family_name": "Delegate",
    "japanese_name": "",
    "phone": "",
    "organisation": "—",
    "position": "",
    "dietary_details": "",
    "accessibility_needs": "",
}


def anonymise(registration: Registration, *, now=None) -> Registration:
    """Remove what identifies a delegate; keep what statistics count.

    Sector, nationality, dietary category, attendance options, dates and a
    confirmed or final status stay, so seat counts and breakdowns remain right
    after the purge. A registration still pending or on the waiting list leaves
    the workflow first: it becomes cancelled (a line in its history says why), so
    nothing ever promotes, approves or writes to it again (a check constraint
    holds this). Every copy of the delegate's details goes too: queued and sent
    emails, notes in the history, the admin's record of changes made to it, and
    whatever the apps above keep (``hooks.on_anonymise``: messages' recipients).
    Must run inside a transaction holding the registration's row lock.
    """
    now = now or timezone.now()
    for name, value in ANONYMISED_FIELDS.items():
        setattr(registration, name, value)
    if registration.dietary_requirement == Registration.Dietary.OTHER:
        registration.dietary_requirement = Registration.Dietary.NONE
    registration.email = f"anonymised+{registration.reference.lower()}@invalid.invalid"
    registration.submission_key = None
    # What would still single the person out: the speaker they are, their place at the
    # head of a delegation or in its order, and their entry in the participant list.
    # Their delegation and category stay, as sector and nationality do, for counts.
    registration.speaker = None
    registration.is_head_of_delegation = False
    registration.precedence = None
    registration.precedence_rank = None
    registration.delegate_list_consent_at = None
    registration.anonymised_at = now
    from_status = registration.status
    if from_status in Registration.WAITING_STATUSES:
        registration.status = Status.CANCELLED
    registration.save()
    # The apps above forget what they keep about the person before the emails they
    # rendered for them go (registrations.hooks).
    for forget in hooks.on_anonymise:
        forget(registration)
    hooks.participation_changed(registration)
    registration.emails.all().delete()
    registration.status_changes.update(note="")
    if registration.status != from_status:
        record_status_change(registration=registration, from_status=from_status, note="Anonymised")
    _scrub_admin_history(Registration, [registration])
    return registration


def _scrub_admin_history(model, objects) -> None:
    """Leave only the reference (or code) in the admin's history of these objects.

    Django's admin keeps ``str(obj)`` of what it changed (``object_repr``, shown
    under "Recent actions"); before str() became the reference alone it held the
    delegate's name. The change messages list changed fields by label only.
    """
    content_type = ContentType.objects.get_for_model(model)
    for obj in objects:
        LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).exclude(
            object_repr=str(obj)
        ).update(object_repr=str(obj))


def delete_personal_data(*, registration: Registration, now=None) -> Registration:
    """A delegate asks for deletion: allowed after the event, or once no longer active."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        event_over = now.astimezone(registration.event.tzinfo).date() > registration.event.end_date
        if registration.is_active and not event_over:
            raise DeletionNotAllowed(
                _("Please cancel your registration first, or ask again after the event.")
            )
        return anonymise(registration, now=now)


def purge_personal_data(*, older_than_days: int, now=None) -> int:
    """Anonymise registrations of events that ended more than ``older_than_days`` ago.

    Also removes the other copies of their details: searches typed into the export
    log, link requests not yet processed, and invitations' bound addresses and notes
    (``anonymise`` does the rest); then the apps above remove theirs
    (``hooks.on_purge``), in the same transaction.
    """
    now = now or timezone.now()
    cutoff = (now - timedelta(days=older_than_days)).date()
    count = 0
    with transaction.atomic():
        stale = (
            Registration.objects.select_for_update()
            .filter(event__end_date__lt=cutoff, anonymised_at__isnull=True)
            .order_by("pk")
        )
        for registration in stale:
            anonymise(registration, now=now)
            count += 1
        # The export log stays (who exported, when, how many rows), but a search typed
        # into the attendee list may be a delegate's name or email.
        logs = ExportLog.objects.select_for_update().filter(event__end_date__lt=cutoff)
        for log in logs:
            filters = dict(log.filters or {})
            typed = [key for key in SEARCH_FILTER_KEYS if filters.get(key)]
            if typed:
                filters.update(dict.fromkeys(typed, "[removed]"))
                log.filters = filters
                log.save(update_fields=["filters"])
        # A link request not yet processed holds the address someone typed.
        ManageLinkRequest.objects.filter(event__end_date__lt=cutoff).delete()
        # An invitation bound to an address is an invitee's email; its note, who it
        # was sent to. The code and its use count stay.
        Invitation.objects.filter(event__end_date__lt=cutoff).exclude(email="", note="").update(
            email="", note=""
        )
        # What the apps above keep about the same events (speakers' travel details…).
        hooks.run_purge(cutoff=cutoff, now=now)
    return count


# Export-log filter entries that hold free text typed by staff.
SEARCH_FILTER_KEYS = ("search", "admin_filters")


# ---------------------------------------------------------------------------
# At the door


def check_in(*, registration: Registration, by, now=None) -> Registration:
    """Mark a confirmed delegate as arrived. Checking in twice changes nothing and says so.

    No ``full_clean()`` here on purpose: only ``checked_in_at`` changes, its rule is
    checked below (and backed by a check constraint), and an unrelated data problem
    must not keep a delegate standing at the door.
    """
    with transaction.atomic():
        registration = _locked_registration(registration.pk, refuse_with=NotConfirmed)
        if registration.checked_in_at is not None:
            raise AlreadyCheckedIn(
                _("%(name)s (%(reference)s) was already checked in at %(time)s.")
                % {
                    "name": person_name(registration),
                    "reference": registration.reference,
                    "time": _local_time(registration),
                }
            )
        if registration.status != Status.CONFIRMED:
            raise NotConfirmed(
                _("%(name)s (%(reference)s) is %(status)s, not confirmed: not checked in.")
                % {
                    "name": person_name(registration),
                    "reference": registration.reference,
                    "status": registration.get_status_display(),
                }
            )
        registration.checked_in_at = now or timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
        record_status_change(
            registration=registration,
            from_status=registration.status,
            by=by,
            note="Checked in",
        )
    return registration


def undo_check_in(*, registration: Registration, by) -> Registration:
    """Take back a check-in made by mistake; the history keeps both."""
    with transaction.atomic():
        registration = _locked_registration(registration.pk, refuse_with=NotCheckedIn)
        if registration.checked_in_at is None:
            raise NotCheckedIn(
                _("%(name)s (%(reference)s) is not checked in.")
                % {"name": person_name(registration), "reference": registration.reference}
            )
        registration.checked_in_at = None
        registration.save(update_fields=["checked_in_at", "updated_at"])
        record_status_change(
            registration=registration,
            from_status=registration.status,
            by=by,
            note="Check-in undone",
        )
    return registration


def _local_time(registration: Registration) -> str:
    event_zone = Event.objects.only("time_zone").get(pk=registration.event_id).tzinfo
    return registration.checked_in_at.astimezone(event_zone).strftime("%H:%M")
