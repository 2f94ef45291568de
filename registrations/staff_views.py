"""Staff pages for one event: dashboard, attendee list and CSV, door check-in, catering, badges,
protocol list and CSV, delegation balance, participant list; and ``/staff/``, the events the
signed-in account works on.

Every page needs a login (the admin's) and a permission; anonymous visitors are sent
to the login page and staff without the permission get a 403, never data. An event's
pages also need the account to work on that event (``conference.selectors.can_work_on``:
Organisers work on every event, event staff on those they are assigned to); staff of
another event get the same 403.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries

from conference.formats import display_width, person_name
from conference.models import Event
from conference.selectors import can_work_on, staff_events, works_on_every_event
from protocol.models import Delegation
from registrations import exporters, hooks, qr, selectors, services
from registrations.exceptions import CheckInError
from registrations.models import ExportLog, Registration
from registrations.staff_forms import AttendeeFilterForm, CheckInSearchForm


class StaffPageMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A staff page: the admin's login, its one-time password where it asks for one,
    and a permission."""

    permission_required = "registrations.view_registration"

    def dispatch(self, request, *args, **kwargs):
        # Where the admin demands a one-time password, so do the staff pages: a
        # session signed in with a password alone is sent back to the admin login.
        user = request.user
        if (
            settings.ADMIN_OTP_REQUIRED
            and user.is_authenticated
            and not (hasattr(user, "is_verified") and user.is_verified())
        ):
            return redirect_to_login(
                request.get_full_path(), self.get_login_url(), self.get_redirect_field_name()
            )
        return super().dispatch(request, *args, **kwargs)


class EventTimeZoneMixin:
    """Run the view, and render its page, in the event's own time zone, so every time
    shown (checked in at 09:05) is the event's local time. Reached only once the
    login and permission checks above it in the MRO have passed."""

    def dispatch(self, request, *args, **kwargs):
        with timezone.override(self.event.tzinfo):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


class StaffEventMixin(StaffPageMixin, EventTimeZoneMixin):
    """The event named in the URL, for staff who work on it."""

    staff_section = ""

    def has_permission(self):
        # The permission first: an account without it learns nothing about the event.
        return super().has_permission() and can_work_on(self.request.user, self.event)

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(Event, slug=self.kwargs["event_slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            staff_section=self.staff_section,
            staff_links=hooks.staff_links_for(self.request.user),
            **kwargs,
        )


class StaffIndexView(StaffPageMixin, TemplateView):
    """``/staff/``: the events the signed-in account works on, with their pages."""

    template_name = "staff/index.html"
    permission_required = ()  # either of the two below will do

    def has_permission(self):
        user = self.request.user
        return user.has_perm("registrations.view_registration") or user.has_perm(
            "registrations.check_in_registration"
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        events = list(staff_events(user).select_related("venue").order_by("-start_date", "pk"))
        return super().get_context_data(
            upcoming=[event for event in events if event.end_date >= today],
            past=[event for event in events if event.end_date < today],
            can_view=user.has_perm("registrations.view_registration"),
            can_check_in=user.has_perm("registrations.check_in_registration"),
            every_event=works_on_every_event(user),
            staff_links=hooks.staff_links_for(user),
            **kwargs,
        )


class DashboardView(StaffEventMixin, TemplateView):
    template_name = "staff/dashboard.html"
    staff_section = "dashboard"

    def get_context_data(self, **kwargs):
        event = self.event
        # A speaker participant may have no sector or nationality on file yet.
        sectors = selectors.breakdown(event, "sector")
        for row in sectors:
            row["label"] = (
                Registration.Sector(row["sector"]).label if row["sector"] else _("Not given")
            )
        nations = selectors.breakdown(event, "nationality")
        for row in nations:
            code = row["nationality"]
            row["label"] = (countries.name(code) or code) if code else _("Not given")
        return super().get_context_data(
            seats=selectors.seat_summary(event),
            balance=selectors.delegation_balance(event),
            chart=bar_chart(selectors.registrations_over_time(event)),
            sectors=sectors,
            nationalities=nations,
            notices=hooks.notices_for_dashboard(event, self.request.user),
            **kwargs,
        )


# The chart's words for each period: (unit in a sentence, table column heading).
PERIOD_WORDS = {
    "day": (pgettext_lazy("chart period", "day"), pgettext_lazy("chart column", "Day")),
    "week": (
        pgettext_lazy("chart period", "week"),
        pgettext_lazy("chart column", "Week beginning"),
    ),
    "month": (pgettext_lazy("chart period", "month"), pgettext_lazy("chart column", "Month")),
    "quarter": (pgettext_lazy("chart period", "quarter"), pgettext_lazy("chart column", "Quarter")),
    "year": (pgettext_lazy("chart period", "year"), pgettext_lazy("chart column", "Year")),
}


def period_label(start, unit: str, *, with_year: bool) -> str:
    """A bar's label under the axis: '3 Oct', 'Oct 2016', 'Q4 2016', '2016' (or Japanese)."""
    if unit in ("day", "week"):
        if with_year:
            return dateformat.format(start, pgettext("chart label: a day with its year", "j M Y"))
        return dateformat.format(start, pgettext("chart label: a day", "j M"))
    if unit == "month":
        if with_year:
            return dateformat.format(start, pgettext("chart label: a month with its year", "M Y"))
        return dateformat.format(start, pgettext("chart label: a month", "M"))
    if unit == "quarter":
        return _("Q%(quarter)s %(year)s") % {"quarter": (start.month + 2) // 3, "year": start.year}
    return dateformat.format(start, pgettext("chart label: a year", "Y"))


def period_name(start, unit: str) -> str:
    """The period in full, for the table and the bar's tooltip: '2016-10-03', '2016-10'."""
    if unit in ("day", "week"):
        return start.isoformat()
    if unit == "month":
        return f"{start:%Y-%m}"
    if unit == "quarter":
        return period_label(start, unit, with_year=True)
    return str(start.year)


def bar_chart(timeline, *, width=640, height=220, margin=28, labels=8):
    """Coordinates for a server-rendered SVG column chart of a ``SignUpTimeline``.

    The timeline has at most ~60 periods (``selectors.registrations_over_time``
    picks the period), so the chart's size does not grow with the event's age.
    """
    if timeline is None:
        return None
    periods = timeline.bins
    peak = max(count for _start, count in periods) or 1
    plot_width = width - 2 * margin
    plot_height = height - 2 * margin
    slot = plot_width / len(periods)
    bar_width = max(slot * 0.8, 1)
    label_every = -(-len(periods) // labels)  # at most ``labels`` labels along the axis
    with_year = timeline.spans_years
    bars = []
    for index, (start, count) in enumerate(periods):
        bar_height = plot_height * count / peak
        bars.append(
            {
                "start": start,
                "count": count,
                "name": period_name(start, timeline.unit),
                "label": period_label(start, timeline.unit, with_year=with_year),
                "x": round(margin + index * slot + (slot - bar_width) / 2, 1),
                "y": round(margin + plot_height - bar_height, 1),
                "width": round(bar_width, 1),
                "height": round(bar_height, 1),
                "label_x": round(margin + index * slot + slot / 2, 1),
                "show_label": index % label_every == 0,
            }
        )
    unit_name, column = PERIOD_WORDS[timeline.unit]
    return {
        "unit": timeline.unit,
        "unit_name": unit_name,
        "column": column,
        "width": width,
        "height": height,
        "bars": bars,
        "peak": peak,
        "baseline": margin + plot_height,
        "top": margin,
        "left": margin,
        "right": width - margin,
        "label_y": height - margin / 3,
        "total": sum(count for _start, count in periods),
    }


class AttendeeFilterMixin(StaffEventMixin):
    @cached_property
    def filter_form(self) -> AttendeeFilterForm:
        return AttendeeFilterForm(self.request.GET or None, event=self.event)

    def filters(self) -> selectors.AttendeeFilter | None:
        """The filters asked for; ``None`` when the query string does not make sense."""
        form = self.filter_form
        if not form.is_bound:
            return selectors.AttendeeFilter()
        return form.to_filter() if form.is_valid() else None


class AttendeeListView(AttendeeFilterMixin, ListView):
    template_name = "staff/attendees.html"
    staff_section = "attendees"
    paginate_by = 50
    context_object_name = "registrations"

    def get_queryset(self):
        filters = self.filters()
        if filters is None:
            return Registration.objects.none()
        return selectors.attendees(event=self.event, filters=filters)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.filter_form,
            filter_query=query.urlencode(),
            can_export=self.request.user.has_perm("registrations.export_registrations"),
            **kwargs,
        )


class AttendeeExportView(AttendeeFilterMixin, View):
    """The attendee list exactly as filtered on the staff page, as CSV."""

    permission_required = "registrations.export_registrations"

    def get(self, request, *args, **kwargs):
        filters = self.filters()
        if filters is None:
            return HttpResponseBadRequest(
                _("These filters are not valid; go back to the list and choose again."),
                content_type="text/plain; charset=utf-8",
            )
        chunks = exporters.start_export(
            event=self.event,
            queryset=selectors.attendees(event=self.event, filters=filters),
            source=ExportLog.Source.STAFF_PAGE,
            filters=filters.describe(),
            user=request.user,
        )
        return exporters.csv_response(chunks, event=self.event)


class CheckInView(StaffEventMixin, TemplateView):
    """The door: search, then check in or undo from the result, one tap each."""

    template_name = "staff/check_in.html"
    staff_section = "check_in"
    permission_required = "registrations.check_in_registration"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        # A search the form refuses (too long, a NUL) says why, with a 400.
        return self.render_to_response(context, status=400 if context["form"].errors else 200)

    def get_context_data(self, **kwargs):
        form = CheckInSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        results = selectors.check_in_candidates(event=self.event, search=query) if query else []
        return super().get_context_data(
            form=form,
            query=query,
            results=results,
            counts=selectors.check_in_counts(self.event),
            **kwargs,
        )


class CheckInCardView(StaffEventMixin, DetailView):
    """One delegate's card: where a scanned QR code lands."""

    template_name = "staff/check_in_card.html"
    staff_section = "check_in"
    permission_required = "registrations.check_in_registration"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Registration.objects.for_event(self.event).prefetch_related("attendance_options"),
            reference__iexact=self.kwargs["reference"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=selectors.check_in_counts(self.event),
            qr_code=qr.qr_svg(self.object, request=self.request),
            notices=hooks.notices_for_participant(self.object),
            **kwargs,
        )


class CheckInActionView(StaffEventMixin, View):
    """POST ``action=check_in`` or ``action=undo``; back to where the button was."""

    permission_required = "registrations.check_in_registration"
    http_method_names = ["post"]
    actions = {"check_in": services.check_in, "undo": services.undo_check_in}

    def post(self, request, *args, **kwargs):
        registration = get_object_or_404(
            Registration.objects.for_event(self.event), reference__iexact=self.kwargs["reference"]
        )
        action = self.actions.get(request.POST.get("action", ""))
        if action is None:
            return HttpResponseBadRequest(_("Unknown action."))
        try:
            registration = action(registration=registration, by=request.user)
        except CheckInError as error:
            messages.error(request, error.message)
        else:
            if registration.checked_in_at is not None:
                text = _("%(name)s is checked in.")
            else:
                text = _("Check-in undone for %(name)s.")
            messages.success(request, text % {"name": person_name(registration)})
        return HttpResponseRedirect(self._next_url(registration))

    def _next_url(self, registration):
        next_url = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return reverse(
            "staff:check_in_card",
            kwargs={"event_slug": self.event.slug, "reference": registration.reference},
        )


class CateringView(StaffEventMixin, TemplateView):
    template_name = "staff/catering.html"
    staff_section = "catering"

    def get_context_data(self, **kwargs):
        summary = selectors.catering_summary(self.event)
        diets = Registration.Dietary
        per_diet = [
            {"label": label, "count": summary["per_diet"].get(value, 0)}
            for value, label in diets.choices
        ]
        options = [
            {
                "option": option,
                "total": sum(summary["per_option_diet"].get(option.pk, {}).values()),
                "per_diet": [
                    summary["per_option_diet"].get(option.pk, {}).get(value, 0)
                    for value, _label in diets.choices
                ],
            }
            for option in selectors.attendance_options(self.event)
        ]
        return super().get_context_data(
            per_diet=per_diet,
            confirmed_total=sum(row["count"] for row in per_diet),
            diet_labels=[label for _value, label in diets.choices],
            options=options,
            special=summary["special"],
            **kwargs,
        )


class BadgesView(StaffEventMixin, TemplateView):
    """Name badges for confirmed participants, eight to an A4 sheet when printed.

    A to Z by default, as the registration desk lays them out to be found;
    ``?order=precedence`` prints them in protocol order.
    """

    template_name = "staff/badges.html"
    staff_section = "badges"
    per_sheet = 8

    def get_context_data(self, **kwargs):
        by_precedence = self.request.GET.get("order") == "precedence"
        delegates = list(
            selectors.confirmed_delegates(
                self.event, protocol_order=by_precedence
            ).prefetch_related(None)
        )
        sheets = [
            delegates[start : start + self.per_sheet]
            for start in range(0, len(delegates), self.per_sheet)
        ]
        # The partner line's one 7.5 pt line holds about 50 characters beside a logo, 70
        # alone (a Japanese character counts two); a longer one takes two smaller lines.
        room = 50 if self.event.logo else 70
        return super().get_context_data(
            sheets=sheets,
            delegate_count=len(delegates),
            by_precedence=by_precedence,
            partner_line_long=display_width(self.event.partner_line) > room,
            **kwargs,
        )


class ProtocolListView(StaffEventMixin, TemplateView):
    """Participants by delegation and precedence, names as each language writes them;
    printable on A4. Confirmed ones, or ``?include=waiting`` also pending and waiting."""

    template_name = "staff/protocol_list.html"
    staff_section = "protocol"

    def get_context_data(self, **kwargs):
        include_waiting = self.request.GET.get("include") == "waiting"
        participants = selectors.protocol_list(self.event, include_waiting=include_waiting)
        groups = selectors.grouped_by_delegation(participants)
        return super().get_context_data(
            groups=groups,
            participant_count=sum(len(group["participants"]) for group in groups),
            include_waiting=include_waiting,
            can_export=self.request.user.has_perm("registrations.export_registrations"),
            printed_at=timezone.localtime(timezone.now(), self.event.tzinfo),
            **kwargs,
        )


class ProtocolExportView(StaffEventMixin, View):
    """The protocol list as CSV, through the attendee CSV's conventions and export log."""

    permission_required = "registrations.export_registrations"

    def get(self, request, *args, **kwargs):
        include_waiting = request.GET.get("include") == "waiting"
        chunks = exporters.start_export(
            event=self.event,
            queryset=selectors.protocol_list(self.event, include_waiting=include_waiting),
            source=ExportLog.Source.PROTOCOL_LIST,
            filters={"include": "waiting"} if include_waiting else {},
            user=request.user,
            rows_of=exporters.protocol_rows,
        )
        return exporters.csv_response(chunks, event=self.event, kind="protocol-list")


class BalanceView(StaffEventMixin, TemplateView):
    """The delegations side by side: statuses, precedence, sectors, heads, warnings."""

    template_name = "staff/balance.html"
    staff_section = "balance"

    def get_context_data(self, **kwargs):
        balance = selectors.delegation_balance(self.event)
        return super().get_context_data(
            balance=balance,
            precedence_rows=balance.precedence_rows(),
            sector_rows=balance.sector_rows(),
            **kwargs,
        )


class StaffParticipantListView(StaffEventMixin, TemplateView):
    """The participant list exactly as confirmed participants see it."""

    template_name = "staff/participants.html"
    staff_section = "participants"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=selectors.grouped_by_delegation(selectors.participant_list(self.event)), **kwargs
        )


class DelegationColoursView(StaffEventMixin, View):
    """The event's delegation colours as a stylesheet: pages carry no inline style
    (Content-Security-Policy), so a band takes its colour from a class,
    ``delegation-<pk>``. Colours are ``#rrggbb`` (a check constraint holds it), so
    nothing else can reach the CSS."""

    def get(self, request, *args, **kwargs):
        rules = [
            f".delegation-{d.pk}{{--delegation-colour:{d.colour};"
            f"--delegation-text:{d.text_colour}}}"
            for d in Delegation.objects.filter(event=self.event).order_by("pk")
        ]
        return HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")


class InterpretationView(StaffEventMixin, TemplateView):
    """Interpretation per session and direction, receivers per room: for the provider,
    printable on A4."""

    template_name = "staff/interpretation.html"
    staff_section = "interpretation"

    def get_context_data(self, **kwargs):
        plan = selectors.interpretation_plan(self.event)
        days: dict = {}
        for row in plan.sessions:
            day = timezone.localtime(row.session.starts_at, self.event.tzinfo).date()
            days.setdefault(day, []).append(row)
        return super().get_context_data(
            plan=plan,
            days=list(days.items()),
            spare_percent=selectors.RECEIVER_SPARE_PERCENT,
            can_export=self.request.user.has_perm("registrations.export_registrations"),
            **kwargs,
        )


class InterpretationExportView(StaffEventMixin, View):
    """The interpretation sheet as CSV, in English, logged like every export."""

    permission_required = "registrations.export_registrations"

    def get(self, request, *args, **kwargs):
        chunks = exporters.start_interpretation_export(event=self.event, user=request.user)
        return exporters.csv_response(chunks, event=self.event, kind="interpretation")
