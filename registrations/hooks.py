"""Extension points: where registrations lets a higher app act or show something.

Registrations must not import the apps above it (messaging, and those to come),
yet its mail worker, its privacy purge and its staff pages must take part in
what they own. Each hook below is a plain list that ``composition/apps.py`` fills
in ``ready()``; registrations calls whatever is in it and knows nothing more.
Keep them few: each one is a promise to the apps above.
"""

from collections.abc import Callable
from dataclasses import dataclass

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
#: Registered: ``messaging.nav.MESSAGES`` (the messages page).
staff_links: list[StaffLink] = []


def staff_links_for(user) -> list[StaffLink]:
    """The registered links the account may follow (permissions are cached per request)."""
    return [link for link in staff_links if user.has_perm(link.permission)]
