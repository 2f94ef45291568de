"""Who a message goes to: the organiser's filters over one event's participants.

Every filter narrows the audience (a participant must pass all of them); within a
filter, any of the chosen values will do (status confirmed *or* waitlisted).
Nobody anonymised, and nobody without an address, is ever in an audience.
"""

from dataclasses import dataclass, fields

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from conference.models import Event
from protocol.models import Delegation
from registrations.models import AttendanceOption, Registration
from registrations.selectors import ATTENDEE_ORDER

Status = Registration.Status


@dataclass(frozen=True)
class Audience:
    statuses: tuple[str, ...] = (Status.CONFIRMED,)
    options: tuple[int, ...] = ()  # attendance options' pks: holds any of them
    interpretation: tuple[str, ...] = ()  # Registration.Interpretation values
    checked_in: bool | None = None
    delegations: tuple[int, ...] = ()  # the event's delegations' pks: member of any
    speakers: bool | None = None  # True: speakers only; False: nobody who speaks
    registrations: tuple[int, ...] = ()  # hand-picked participants' pks

    def as_json(self) -> dict:
        return {field.name: _json(getattr(self, field.name)) for field in fields(self)}

    @classmethod
    def from_json(cls, data: dict) -> "Audience":
        known = {field.name for field in fields(cls)}
        return cls(
            **{
                name: tuple(value) if isinstance(value, list) else value
                for name, value in (data or {}).items()
                if name in known
            }
        )

    def queryset(self, event: Event) -> QuerySet[Registration]:
        """The recipients, in list order (family name, given name)."""
        queryset = (
            Registration.objects.for_event(event)
            .filter(anonymised_at=None)
            .exclude(email="")
            .filter(status__in=self.statuses)
        )
        if self.options:
            through = Registration.attendance_options.through
            queryset = queryset.filter(
                Exists(
                    through.objects.filter(
                        registration_id=OuterRef("pk"), attendanceoption_id__in=self.options
                    )
                )
            )
        if self.interpretation:
            queryset = queryset.filter(interpretation__in=self.interpretation)
        if self.checked_in is not None:
            queryset = queryset.filter(checked_in_at__isnull=not self.checked_in)
        if self.delegations:
            queryset = queryset.filter(delegation_id__in=self.delegations)
        if self.speakers is not None:
            queryset = queryset.filter(speaker__isnull=not self.speakers)
        if self.registrations:
            queryset = queryset.filter(pk__in=self.registrations)
        return queryset.order_by(*ATTENDEE_ORDER)

    def describe(
        self,
        *,
        option_names: dict[int, str] | None = None,
        delegation_names: dict[int, str] | None = None,
    ) -> list[str]:
        """The filters in words, in the active language: one line per filter.

        ``option_names`` and ``delegation_names`` ({pk: name}) save queries per message
        where a page describes many; options or delegations deleted since show as such.
        """
        if option_names is None:
            option_names = option_names_for([self])
        if delegation_names is None:
            delegation_names = delegation_names_for([self])
        lines = [
            _("Status: %(statuses)s")
            % {"statuses": _list(str(Status(value).label) for value in self.statuses)}
        ]
        if self.options:
            names = [option_names.get(pk, _("(a deleted option)")) for pk in self.options]
            lines.append(_("Attending any of: %(options)s") % {"options": _list(names)})
        if self.interpretation:
            labels = (
                str(Registration.Interpretation(value).label) for value in self.interpretation
            )
            lines.append(_("Interpretation: %(needs)s") % {"needs": _list(labels)})
        if self.checked_in is True:
            lines.append(_("Checked in"))
        elif self.checked_in is False:
            lines.append(_("Not checked in"))
        if self.delegations:
            names = [
                delegation_names.get(pk, _("(a deleted delegation)")) for pk in self.delegations
            ]
            lines.append(_("In any of: %(delegations)s") % {"delegations": _list(names)})
        if self.speakers is True:
            lines.append(_("Speakers only"))
        elif self.speakers is False:
            lines.append(_("No speakers"))
        if self.registrations:
            count = len(self.registrations)
            lines.append(
                ngettext(
                    "Only %(count)d hand-picked participant",
                    "Only %(count)d hand-picked participants",
                    count,
                )
                % {"count": count}
            )
        return lines


def _json(value):
    return list(value) if isinstance(value, tuple) else value


def _list(items) -> str:
    return pgettext("between the items of a list", ", ").join(items)


def option_names_for(audiences) -> dict[int, str]:
    """{pk: name in the active language} of the options these audiences name: one query."""
    wanted = {pk for audience in audiences for pk in audience.options}
    if not wanted:
        return {}
    options = AttendanceOption.objects.filter(pk__in=wanted).order_by()
    return {option.pk: option.name for option in options}


def delegation_names_for(audiences) -> dict[int, str]:
    """{pk: name in the active language} of the delegations these audiences name: one
    query, none if no audience filters by delegation."""
    wanted = {pk for audience in audiences for pk in audience.delegations}
    if not wanted:
        return {}
    delegations = Delegation.objects.filter(pk__in=wanted).order_by()
    return {delegation.pk: delegation.name for delegation in delegations}
