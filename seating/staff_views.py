"""The seating pages: the event's plans, one plan drawn with its seats, the printable
chart, its CSV and the place cards.

Event staff view them (``seating.view_seatingplan``); Organisers change them
(``seating.change_seatingplan``, ``seating.add_seatingplan``); nobody else: the
staff pages' login, permission and per-event membership checks apply
(``registrations.staff_views.StaffEventMixin``).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from protocol.selectors import delegations
from registrations import exporters as registration_exporters
from registrations.models import ExportLog
from registrations.staff_views import StaffEventMixin
from seating import charts, exporters, layouts, selectors, services
from seating.exceptions import PlanChanged, SeatingError
from seating.forms import PlanForm, SeatActionForm
from seating.models import SeatingPlan

VIEW = "seating.view_seatingplan"
CHANGE = "seating.change_seatingplan"
ADD = "seating.add_seatingplan"


class SeatingMixin(StaffEventMixin):
    staff_section = "seating"
    permission_required = VIEW
    # What a POST needs besides viewing.
    post_permission = CHANGE

    def get_permission_required(self):
        if self.request.method == "POST":
            return (VIEW, self.post_permission)
        return (VIEW,)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_change=self.request.user.has_perm(CHANGE),
            **kwargs,
        )


class PlanListView(SeatingMixin, TemplateView):
    """The event's seating plans, and (Organisers) a new one."""

    template_name = "seating/plans.html"
    post_permission = ADD

    @cached_property
    def form(self) -> PlanForm:
        data = self.request.POST if self.request.method == "POST" else None
        return PlanForm(data, event=self.event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plans=list(selectors.plans(self.event)),
            form=self.form,
            can_add=self.request.user.has_perm(ADD),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form
        if form.is_valid():
            data = form.cleaned_data
            if data["session"] is None and data["occasion"] is None:
                form.add_error("target", _("Choose the session or the occasion to seat."))
            else:
                try:
                    plan = services.create_plan(
                        event=self.event,
                        session=data["session"],
                        occasion=data["occasion"],
                        layout=data["layout"],
                        options=data["options"],
                        name_en=data["name_en"],
                        name_ja=data["name_ja"],
                    )
                except layouts.LayoutError as error:
                    form.add_error(None, str(error))
                except ValidationError as error:  # the plan's constraints (one per session)
                    for message in error.messages:
                        form.add_error(None, message)
                else:
                    messages.success(
                        request,
                        _("Seating plan “%(plan)s” created: assign it automatically, then adjust.")
                        % {"plan": plan.title},
                    )
                    return HttpResponseRedirect(plan_url(plan))
        return self.render_to_response(self.get_context_data(), status=400)


def plan_url(plan: SeatingPlan, name: str = "seating:plan", **query) -> str:
    url = reverse(name, kwargs={"event_slug": plan.event.slug, "pk": plan.pk})
    if query:
        url += "?" + urlencode(query)
    return url


class PlanMixin(SeatingMixin):
    @cached_property
    def plan(self) -> SeatingPlan:
        try:
            return selectors.plan_with_seats(self.event, self.kwargs["pk"])
        except SeatingPlan.DoesNotExist:
            raise Http404 from None

    def drawing(self):
        """The plan's seats (with occupants) drawn, and its delegations' legend."""
        seats = list(self.plan.seats.all())
        present = {seat.occupant.delegation_id for seat in seats if seat.occupant_id}
        return {
            **charts.draw(self.plan, seats),
            "legend": [d for d in delegations(self.event) if d.pk in present],
            "no_delegation": None in present,
            "taken": sum(1 for seat in seats if seat.occupant_id),
            "seat_count": sum(1 for seat in seats if seat.kind == "seat"),
        }


class PlanView(PlanMixin, TemplateView):
    """One plan drawn (server-rendered SVG: each seat a link that selects it, so it
    works by keyboard and without script), the selected seat's actions, and a table
    of every seat."""

    template_name = "seating/plan.html"

    def selected_seat(self):
        label = self.request.GET.get("seat") or self.request.POST.get("seat", "")
        return next((seat for seat in self.plan.seats.all() if seat.label == label), None)

    def get_context_data(self, form=None, **kwargs):
        plan = self.plan
        participants = list(selectors.confirmed_for(plan))
        seated = {seat.occupant_id: seat for seat in plan.seats.all() if seat.occupant_id}
        for participant in participants:
            participant.seat = seated.get(participant.pk)
        return super().get_context_data(
            plan=plan,
            drawing=self.drawing(),
            selected=self.selected_seat(),
            participants=participants,
            unseated=[p for p in participants if p.seat is None],
            review_lines=[line for line in plan.review_note.splitlines() if line],
            form=form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = SeatActionForm(request.POST, plan=self.plan)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            message, selected = self.perform(data)
        except SeatingError as error:
            messages.error(request, error.message)
            # Draw the plan as it stands now (a stale form's version is not reused).
            self.__dict__.pop("plan", None)
            status = 409 if isinstance(error, PlanChanged) else 400
            return self.render_to_response(self.get_context_data(), status=status)
        messages.success(request, message)
        query = {"seat": selected} if selected else {}
        return HttpResponseRedirect(plan_url(self.plan, **query))

    def perform(self, data) -> tuple[str, str]:
        plan, version, label = self.plan, data["version"], data.get("seat", "")
        action = data["action"]
        if action == "assign":
            result = services.assign_automatically(plan=plan, version=version)
            parts = [
                ngettext(
                    "Assigned by the rules: %(count)s participant seated.",
                    "Assigned by the rules: %(count)s participants seated.",
                    result.placed,
                )
                % {"count": result.placed}
            ]
            for person, reason in result.left_out:
                parts.append(
                    _("%(name)s is left out: %(reason)s")
                    % {"name": person.display_name, "reason": reason}
                )
            for table in result.single_delegation_tables:
                parts.append(
                    _("%(table)s seats one delegation only: too few of the other side to go round.")
                    % {"table": layouts.table_name(table)}
                )
            return " ".join(parts), ""
        if action == "place":
            person = data["participant"]
            services.place(plan=plan, version=version, label=label, registration=person)
            return (
                _("%(name)s now sits at %(seat)s.") % {"name": person.display_name, "seat": label},
                label,
            )
        if action == "swap":
            other = data["other_seat"]
            services.swap(plan=plan, version=version, label=label, other_label=other)
            return _("Seats %(seat)s and %(other)s swapped.") % {
                "seat": label,
                "other": other,
            }, label
        if action in ("pin", "unpin"):
            services.set_pinned(plan=plan, version=version, label=label, pinned=action == "pin")
            if action == "pin":
                return _("Seat %(seat)s pinned: assigning again keeps it.") % {"seat": label}, label
            return _("Seat %(seat)s unpinned.") % {"seat": label}, label
        if action == "empty":
            services.empty_seat(plan=plan, version=version, label=label)
            return _("Seat %(seat)s is empty.") % {"seat": label}, label
        if action in ("publish", "unpublish"):
            services.set_published(plan=plan, version=version, published=action == "publish")
            if action == "publish":
                return (
                    _("Published: participants see their table and seat on their manage page.")
                ), ""
            return _("Back to draft: for staff only."), ""
        services.mark_reviewed(plan=plan, version=version)
        return _("Marked as reviewed."), ""


class ChartView(PlanMixin, TemplateView):
    """The seating chart to print: drawn to scale, names in both scripts, delegation
    colours and a legend; A4 landscape, or A3 with ``?paper=a3``."""

    template_name = "seating/chart.html"

    def get_context_data(self, **kwargs):
        paper = "a3" if self.request.GET.get("paper") == "a3" else "a4"
        return super().get_context_data(
            plan=self.plan,
            drawing=self.drawing(),
            paper=paper,
            printed_at=timezone.localtime(timezone.now(), self.event.tzinfo),
            **kwargs,
        )


class PlaceCardsView(PlanMixin, TemplateView):
    """Tent cards, two to an A4 sheet, in seat order (table by table)."""

    template_name = "seating/place_cards.html"
    per_sheet = 2

    def get_context_data(self, **kwargs):
        cards = [seat for seat in self.plan.seats.all() if seat.occupant_id]
        sheets = [cards[i : i + self.per_sheet] for i in range(0, len(cards), self.per_sheet)]
        return super().get_context_data(
            plan=self.plan, sheets=sheets, card_count=len(cards), **kwargs
        )


class ExportView(SeatingMixin, View):
    """The plan as CSV, through the attendee CSV's conventions and export log."""

    permission_required = ("seating.view_seatingplan", "registrations.export_registrations")

    def get_permission_required(self):
        return self.permission_required

    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(
            SeatingPlan.objects.for_event(self.event).select_related("session", "occasion"),
            pk=kwargs["pk"],
        )
        chunks = registration_exporters.start_export(
            event=self.event,
            queryset=selectors.seats(plan),
            source=ExportLog.Source.SEATING_PLAN,
            filters={"plan": plan.pk},
            user=request.user,
            rows_of=exporters.seat_rows,
        )
        return registration_exporters.csv_response(chunks, event=self.event, kind="seating-plan")
