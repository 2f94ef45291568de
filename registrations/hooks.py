"""Extension points: where registrations lets a higher app act or show something.

Registrations must not import the apps above it (messaging, and those to come),
yet its mail worker, its privacy purge and its staff pages must take part in
what they own. Each hook below is a plain list that ``composition/apps.py`` fills
in ``ready()``; registrations calls whatever is in it and knows nothing more.
Keep them few: each one is a promise to the apps above.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

#: Run once per round of the mail worker (``manage.py send_queued_emails``), before
#: the queued emails are sent, so what they queue goes out in the same round. Each is
#: called with no arguments and returns how many emails it queued. A task must keep
#: its own transactions short and must not send mail itself.
#: Registered: ``messaging.services.materialise_due`` (messages, at each event's rate).
worker_tasks: list[Callable[[], int]] = []

#: Called by ``services.anonymise`` with the registration being anonymised, inside
#: its transaction and while the registration's row is locked, *before* its emails
#: are deleted. What a higher app keeps about the person (an address, a rendered
#: body) must go here; what it counts may stay.
#: Registered: ``messaging.services.forget_recipient``.
on_anonymise: list[Callable[[object], None]] = []


#: Called by ``services.purge_personal_data`` inside its transaction, after the
#: registrations themselves, as ``hook(cutoff=<date>, now=<datetime>)``: remove the
#: personal data the app keeps about events that ended before ``cutoff`` (what is not
#: tied to one registration, so ``on_anonymise`` never sees it).
#: Registered: ``vip.services.purge_event_data`` (speakers' travel, restricted notes).
on_purge: list[Callable[..., None]] = []


#: Called with a registration, inside the transaction that changed it and while its
#: row is locked, after anything that may take the participant out of a session or
#: an occasion: a status change (cancelled, declined, moved to the waiting list), the
#: end of a speaker's participation, an anonymisation, a change of attendance
#: options. The hook checks what still holds; it must not move anyone else.
#: Registered: ``seating.services.release_seats`` (frees their seats, flags the plans).
on_participation_change: list[Callable[[object], None]] = []


def participation_changed(registration) -> None:
    for hook in on_participation_change:
        hook(registration)


@dataclass(frozen=True)
class Notice:
    """A line a higher app adds to a registrations page: ``text``, and a link if any."""

    text: str
    url: str = ""


#: Called as ``hook(registration)`` by the door's check-in card and the delegate's
#: manage page: lines about the participant to show there (their published seats).
#: Registered: ``seating.selectors.seat_notices``.
participant_notices: list[Callable[[object], list[Notice]]] = []


def notices_for_participant(registration) -> list[Notice]:
    return [notice for hook in participant_notices for notice in hook(registration)]


#: Called as ``hook(event, user)`` by the staff dashboard: warnings for the event's
#: staff (plans needing review), each with a link.
#: Registered: ``seating.selectors.dashboard_notices``.
dashboard_notices: list[Callable[[object, object], list[Notice]]] = []


def notices_for_dashboard(event, user) -> list[Notice]:
    return [notice for hook in dashboard_notices for notice in hook(event, user)]


def run_purge(*, cutoff: date, now: datetime) -> None:
    for hook in on_purge:
        hook(cutoff=cutoff, now=now)


@dataclass(frozen=True)
class StaffLink:
    """A page of a higher app in the staff pages' navigation of one event.

    ``url_name`` is reversed with ``event_slug``; ``section`` is the ``staff_section``
    that marks it as the current page; only accounts holding ``permission`` see it.
    """

    section: str
    label: str
    url_name: str
    permission: str


#: Links added to the staff navigation and to the event's entry on ``/staff/``, after
#: registrations' own pages.
#: Registered: ``messaging.nav.MESSAGES`` (the messages page), ``vip.staff_links.ARRIVALS``
#: (the VIP arrivals sheet), ``seating.staff_links.SEATING`` (the seating plans).
staff_links: list[StaffLink] = []


def staff_links_for(user) -> list[StaffLink]:
    """The registered links the account may follow (permissions are cached per request)."""
    return [link for link in staff_links if user.has_perm(link.permission)]
