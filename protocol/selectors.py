"""Reads of delegations and precedence that registrations, the admin and the demo share."""

from django.db.models import Q

from conference.models import Event
from protocol.models import Delegation, PrecedenceCategory, ProtocolSettings


def precedence_list(event: Event) -> list[PrecedenceCategory]:
    """The categories ``event`` ranks by, in order: its own list, else the site-wide one.

    One query whatever the lists' lengths.
    """
    rows = list(
        PrecedenceCategory.objects.filter(Q(event=event) | Q(event__isnull=True)).order_by(
            "order", "pk"
        )
    )
    own = [row for row in rows if row.event_id == event.pk]
    return own or [row for row in rows if row.event_id is None]


def precedence_choices(event: Event):
    """The categories a participant of ``event`` may be given (a queryset, for forms)."""
    own = PrecedenceCategory.objects.filter(event=event)
    if own.exists():
        return own.order_by("order", "pk")
    return PrecedenceCategory.objects.site_wide().order_by("order", "pk")


def delegations(event: Event) -> list[Delegation]:
    return list(Delegation.objects.filter(event=event).order_by("order", "pk"))


def delegation_for_nationality(delegations: list[Delegation], code: str) -> Delegation | None:
    """The first (in display order) delegation of the country ``code``, if there is one."""
    return next(
        (d for d in delegations if d.is_country and d.country and d.country.code == code), None
    )


def balance_threshold(event: Event) -> int:
    settings = ProtocolSettings.objects.filter(event=event).first()
    return settings.balance_threshold if settings else ProtocolSettings.DEFAULT_BALANCE_THRESHOLD
