from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from conference.admin_inlines import ReadOnlyInline
from conference.admin_mixins import (
    EventScopedAdminMixin,
    EventTimeZoneAdminMixin,
    event_local,
)
from conference.models import Event
from conference.selectors import staff_events, works_on_every_event
from protocol.models import Delegation
from protocol.selectors import delegations as event_delegations
from protocol.selectors import precedence_choices
from registrations import exporters, selectors, services
from registrations.exceptions import RegistrationError
from registrations.forms import AttendanceOptionAdminForm, RegistrationAdminForm
from registrations.models import (
    AttendanceOption,
    ExportLog,
    Invitation,
    OutgoingEmail,
    Registration,
    RegistrationStatusChange,
)


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Checked in")), ("no", _("Not checked in"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


class SpeakerFilter(admin.SimpleListFilter):
    title = _("speaker")
    parameter_name = "speaker"

    def lookups(self, request, model_admin):
        return [("yes", _("Speakers")), ("no", _("Not speakers"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(speaker__isnull=False)
        if self.value() == "no":
            return queryset.filter(speaker__isnull=True)
        return queryset


class DelegationFilter(admin.RelatedFieldListFilter):
    """Every edition has its Japanese and its British delegation: each choice names its
    event, unless the list is already filtered to one event (then only its delegations)."""

    def field_choices(self, field, request, model_admin):
        delegations = Delegation.objects.select_related("event").order_by(
            "-event__start_date", "event", "order", "pk"
        )
        if not works_on_every_event(request.user):  # staff: their events' delegations only
            delegations = delegations.filter(event__in=staff_events(request.user))
        event_id = request.GET.get("event__id__exact", "")
        if event_id.isdigit():
            return [(d.pk, d.name) for d in delegations.filter(event_id=event_id)]
        return [(d.pk, f"{d.name} ({d.event.name})") for d in delegations]


class OutgoingEmailInline(ReadOnlyInline):
    model = OutgoingEmail
    fields = ["created_at", "kind", "subject", "state", "attempts", "sent_at", "last_error"]
    verbose_name_plural = _("emails to the delegate")


class StatusChangeInline(ReadOnlyInline):
    model = RegistrationStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    verbose_name_plural = _("history")


def _status_action(to_status, description):
    def action(modeladmin, request, queryset):
        changed = 0
        for registration in queryset.select_related("event").order_by("created_at", "pk"):
            try:
                services.change_status(
                    registration=registration, to_status=to_status, by=request.user
                )
            except RegistrationError as error:
                modeladmin.message_user(request, error.message, messages.ERROR)
            else:
                changed += 1
        if changed:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d registration set to %(status)s.",
                    "%(count)d registrations set to %(status)s.",
                    changed,
                )
                % {"count": changed, "status": Registration.Status(to_status).label},
                messages.SUCCESS,
            )

    action.__name__ = f"mark_{to_status}"
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


WAITING = (Registration.Status.PENDING, Registration.Status.WAITLISTED)


def _newly_confirmed(registrations) -> dict[int, Counter]:
    """{event pk: {delegation pk or None: how many approving these would confirm}}."""
    per_event: dict[int, Counter] = {}
    for registration in registrations:
        if registration.status in WAITING and registration.anonymised_at is None:
            per_event.setdefault(registration.event_id, Counter())[registration.delegation_id] += 1
    return per_event


def _balance_messages(event_ids, touched) -> list[tuple[str, int]]:
    """After approving: where each delegation touched now stands against its target."""
    found = []
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        balance = selectors.delegation_balance(event)
        for column in balance.delegations:
            if column.delegation.pk not in touched.get(event.pk, ()):
                continue
            values = {"delegation": column.delegation.name, "confirmed": column.confirmed}
            if column.target is None:
                text = gettext("This takes %(delegation)s to %(confirmed)s confirmed.") % values
            else:
                text = gettext("This takes %(delegation)s to %(confirmed)s of %(target)s.") % {
                    **values,
                    "target": column.target,
                }
            found.append((text, messages.WARNING if column.over_target else messages.INFO))
    return found


@admin.action(description=_("Approve (confirm) selected"), permissions=["change"])
def mark_confirmed(modeladmin, request, queryset):
    """Approve, but first say what it does to the balance of the delegations.

    When approving would take a delegation over its target, or the countries'
    delegations further apart than the event's threshold, an intermediate page
    says so and asks again; afterwards each delegation touched is reported
    ("This takes the United Kingdom delegation to 43 of 40.").
    """
    selected = list(queryset.select_related("event", "delegation").order_by("created_at", "pk"))
    newly = _newly_confirmed(selected)
    if request.POST.get("balance_confirmed") != "yes":
        warnings = []
        for event in Event.objects.filter(pk__in=newly).order_by("pk"):
            warnings += selectors.delegation_balance(event).approval_warnings(newly[event.pk])
        if warnings:
            context = {
                **modeladmin.admin_site.each_context(request),
                "title": _("Approving these would unbalance the delegations"),
                "opts": modeladmin.model._meta,
                "warnings": warnings,
                "registrations": selected,
                "action": "mark_confirmed",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
            }
            return TemplateResponse(
                request, "admin/registrations/registration/approve_balance.html", context
            )
    _status_action(Registration.Status.CONFIRMED, "")(modeladmin, request, queryset)
    touched = {
        event_id: {delegation for delegation in counts if delegation is not None}
        for event_id, counts in newly.items()
    }
    for text, level in _balance_messages(newly, touched):
        modeladmin.message_user(request, text, level)
    return None


class AssignDelegationForm(forms.Form):
    """The intermediate page of *Assign to delegation…*."""

    BY_NATIONALITY = "nationality"
    NONE = "none"

    delegation = forms.ChoiceField(label=_("Delegation"))

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegations = {str(d.pk): d for d in delegations}
        self.fields["delegation"].choices = [
            *[(str(d.pk), d.name) for d in delegations],
            (self.BY_NATIONALITY, _("Each to the delegation of their nationality")),
            (self.NONE, _("No delegation (take them out)")),
        ]


@admin.action(description=_("Assign to delegation…"), permissions=["change"])
def assign_delegation(modeladmin, request, queryset):
    """Choose a delegation on an intermediate page, the one of the selection's most
    common nationality suggested; or place each participant by their nationality."""
    events = list(queryset.order_by().values_list("event", flat=True).distinct()[:2])
    if len(events) != 1:
        modeladmin.message_user(
            request,
            _("Select participants of one event at a time to assign them to a delegation."),
            messages.ERROR,
        )
        return None
    event = Event.objects.get(pk=events[0])
    delegations = event_delegations(event)
    if not delegations:
        modeladmin.message_user(
            request,
            _("%(event)s has no delegations yet: add them on the event's page.")
            % {"event": event.name},
            messages.ERROR,
        )
        return None
    selected = list(queryset.select_related("delegation").order_by("family_name", "pk"))
    if "apply" in request.POST:
        form = AssignDelegationForm(request.POST, delegations=delegations)
        if form.is_valid():
            return _apply_assignment(modeladmin, request, selected, delegations, form)
    else:
        form = AssignDelegationForm(
            initial={"delegation": _suggested_choice(selected, delegations)},
            delegations=delegations,
        )
    suggestions = {r.pk: services.delegation_by_nationality(r, delegations) for r in selected}
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Assign to delegation"),
        "opts": modeladmin.model._meta,
        "event": event,
        "form": form,
        "rows": [(r, suggestions[r.pk]) for r in selected],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(
        request, "admin/registrations/registration/assign_delegation.html", context
    )


def _suggested_choice(selected, delegations) -> str:
    """The delegation of the selection's most common nationality, if it has one."""
    suggestions = Counter(
        getattr(services.delegation_by_nationality(r, delegations), "pk", None) for r in selected
    )
    for pk, _count in suggestions.most_common():
        if pk is not None:
            return str(pk)
    return str(delegations[0].pk)


def _apply_assignment(modeladmin, request, selected, delegations, form):
    choice = form.cleaned_data["delegation"]
    if choice == AssignDelegationForm.BY_NATIONALITY:
        assignments = {r: services.delegation_by_nationality(r, delegations) for r in selected}
        left = [r.reference for r, d in assignments.items() if d is None]
        assignments = {r: d for r, d in assignments.items() if d is not None}
    else:
        target = form.delegations.get(choice)  # None: take them out
        assignments = dict.fromkeys(selected, target)
        left = []
    try:
        changed = services.assign_delegations(assignments=assignments, by=request.user)
    except RegistrationError as error:
        modeladmin.message_user(request, error.message, messages.ERROR)
        return None
    per_delegation = Counter(r.delegation.name if r.delegation else "" for r in changed)
    for name, count in sorted(per_delegation.items()):
        if name:
            text = ngettext(
                "%(count)d participant assigned to %(delegation)s.",
                "%(count)d participants assigned to %(delegation)s.",
                count,
            ) % {"count": count, "delegation": name}
        else:
            text = ngettext(
                "%(count)d participant taken out of their delegation.",
                "%(count)d participants taken out of their delegation.",
                count,
            ) % {"count": count}
        modeladmin.message_user(request, text, messages.SUCCESS)
    if not changed:
        modeladmin.message_user(request, _("Nothing changed."), messages.INFO)
    if left:
        modeladmin.message_user(
            request,
            _("Left as they were, no delegation being of their nationality: %(references)s.")
            % {"references": ", ".join(sorted(left))},
            messages.WARNING,
        )
    return None


@admin.action(
    description=_("Export selected registrations to CSV"), permissions=["export_registrations"]
)
def export_registrations_csv(modeladmin, request, queryset):
    events = list(queryset.order_by().values_list("event", flat=True).distinct()[:2])
    if len(events) != 1:
        modeladmin.message_user(
            request,
            _("Select registrations of one event at a time to export them."),
            messages.ERROR,
        )
        return None
    event = Event.objects.get(pk=events[0])
    selected = queryset.order_by().values_list("pk", flat=True)
    chunks = exporters.start_export(
        event=event,
        queryset=Registration.objects.filter(pk__in=selected),
        source=ExportLog.Source.ADMIN,
        filters={"admin_filters": request.GET.urlencode(), "selected": queryset.count()},
        user=request.user,
    )
    return exporters.csv_response(chunks, event=event)


def _refuse_deleting_active(references) -> str:
    return gettext(
        "Not deleted: %(references)s still pending, confirmed or on the waiting list. "
        "Use the action “Cancel selected” instead: cancelling keeps the registration's "
        "history, emails the delegate and offers the seat to the waiting list. A "
        "cancelled or declined registration can then be deleted."
    ) % {"references": ", ".join(references)}


@admin.action(description=delete_selected.short_description, permissions=["delete"])
def delete_inactive_selected(modeladmin, request, queryset):
    """Django's "Delete selected", for cancelled and declined registrations only."""
    active = list(
        queryset.filter(status__in=Registration.ACTIVE_STATUSES)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    if active:
        modeladmin.message_user(request, _refuse_deleting_active(active), messages.ERROR)
        return None
    return delete_selected(modeladmin, request, queryset)


@admin.register(Registration)
class RegistrationAdmin(EventScopedAdminMixin, EventTimeZoneAdminMixin, admin.ModelAdmin):
    """Registrations. Active ones (pending, confirmed, waiting list) are never deleted.

    Deleting a confirmed registration would free a seat that nobody is offered and
    erase its history; the Cancel action does it through the service instead
    (history kept, delegate emailed, waiting list promoted). Cancelled and declined
    registrations may be deleted.
    """

    form = RegistrationAdminForm
    list_display = [
        "reference",
        "display_name",
        "japanese_name",
        "organisation",
        "event",
        "status",
        "delegation",
        "precedence",
        "sector",
        "nationality",
        "checked_in",
        "registered",
    ]
    list_display_links = ["reference", "display_name"]

    class Media:
        css = {"all": ["css/admin.css"]}

    list_filter = [
        "event",
        "status",
        ("delegation", DelegationFilter),
        "category",
        SpeakerFilter,
        "sector",
        "nationality",
        CheckedInFilter,
        "interpretation",
    ]
    list_select_related = ["event", "delegation", "precedence"]
    search_fields = [
        "reference",
        "given_name",
        "family_name",
        "japanese_name",
        "email",
        "organisation",
    ]
    date_hierarchy = "created_at"
    autocomplete_fields = ["event"]
    filter_horizontal = ["attendance_options"]
    readonly_fields = [
        "reference",
        "status",
        "speaker",
        "checked_in_at",
        "privacy_consent_at",
        "privacy_notice_version",
        "delegate_list_consent_at",
        "created_at",
        "updated_at",
    ]
    inlines = [StatusChangeInline, OutgoingEmailInline]
    actions = [
        mark_confirmed,
        _status_action(Registration.Status.DECLINED, _("Decline selected")),
        _status_action(Registration.Status.WAITLISTED, _("Move selected to the waiting list")),
        _status_action(Registration.Status.CANCELLED, _("Cancel selected")),
        assign_delegation,
        export_registrations_csv,
        delete_inactive_selected,
    ]
    fieldsets = [
        (None, {"fields": ["event", "reference", "status", "checked_in_at"]}),
        (
            _("Delegate"),
            {
                "fields": [
                    "honorific",
                    ("given_name", "family_name"),
                    "japanese_name",
                    ("email", "phone"),
                    ("organisation", "position"),
                    ("sector", "nationality"),
                ]
            },
        ),
        (
            _("Protocol"),
            {
                "fields": [
                    ("category", "speaker"),
                    ("delegation", "is_head_of_delegation"),
                    ("precedence", "precedence_rank"),
                    "participant_list_consent",
                ],
                "description": _(
                    "Where the participant stands: delegation (the head comes first in it), "
                    "precedence category and, within it, a rank (1 first). Speakers become "
                    "participants through their confirmed appearances, not here."
                ),
            },
        ),
        (
            _("Attendance"),
            {
                "fields": [
                    "attendance_options",
                    ("dietary_requirement", "dietary_details"),
                    "accessibility_needs",
                    ("interpretation", "language"),
                ]
            },
        ),
        (
            _("Consent and record"),
            {
                "fields": [
                    "privacy_consent_at",
                    "privacy_notice_version",
                    "delegate_list_consent_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("Name"), ordering="family_name")
    def display_name(self, obj):
        return obj.display_name

    @admin.display(description=_("checked in"), ordering="checked_in_at")
    def checked_in(self, obj):
        return event_local(obj.checked_in_at, obj.event)

    @admin.display(description=_("registered"), ordering="created_at")
    def registered(self, obj):
        return event_local(obj.created_at, obj.event)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # replaced by delete_inactive_selected
        return actions

    def has_change_permission(self, request, obj=None):
        # Cancelled, declined and anonymised registrations are records: read-only, as
        # the service that saves an edit refuses them.
        if obj is not None and not obj.is_active:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status in Registration.ACTIVE_STATUSES:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        registration = self.get_object(request, object_id)
        if registration is not None and registration.status in Registration.ACTIVE_STATUSES:
            self.message_user(
                request, _refuse_deleting_active([registration.reference]), messages.ERROR
            )
            return redirect(
                reverse("admin:registrations_registration_change", args=[registration.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        if obj.status in Registration.ACTIVE_STATUSES:
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(status__in=Registration.ACTIVE_STATUSES).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def has_export_registrations_permission(self, request):
        return request.user.has_perm("registrations.export_registrations")

    def get_readonly_fields(self, request, obj=None):
        # A registration's seat belongs to its event: moving it to another event
        # would bypass that event's capacity, so it is fixed once saved.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "event"] if obj is not None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            # Offer only the options, delegations and precedence list of its own event.
            fields = form.base_fields
            if "attendance_options" in fields:
                fields["attendance_options"].queryset = AttendanceOption.objects.filter(
                    event_id=obj.event_id
                )
            if "delegation" in fields:
                fields["delegation"].queryset = Delegation.objects.filter(event_id=obj.event_id)
            if "precedence" in fields:
                fields["precedence"].queryset = precedence_choices(obj.event)
        return form

    def save_model(self, request, obj, form, change):
        # Through the services, like the delegate's own edits: an option given up
        # moves the waiting list up, and the rows are locked in the usual order.
        consent = form.cleaned_data.get("participant_list_consent")
        if change:
            services.update_registration_details(
                registration=obj,
                details=form.cleaned_data,
                attendance_options=form.cleaned_data.get("attendance_options", []),
                fields=services.ORGANISER_FIELDS,
                participant_list_consent=consent,
                by=request.user,
            )
        else:
            services.add_registration_by_organiser(
                registration=obj, by=request.user, participant_list_consent=bool(consent)
            )


@admin.register(AttendanceOption)
class AttendanceOptionAdmin(EventScopedAdminMixin, TranslationAdmin):
    form = AttendanceOptionAdminForm
    list_display = ["name", "event", "capacity", "order"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name_en", "name_ja"]
    autocomplete_fields = ["event"]
    filter_horizontal = ["sessions"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        sessions = form.base_fields.get("sessions")
        if sessions is not None and obj is not None:
            # Offer only the sessions of the option's own event.
            sessions.queryset = sessions.queryset.filter(event_id=obj.event_id)
        return form


@admin.register(Invitation)
class InvitationAdmin(EventScopedAdminMixin, EventTimeZoneAdminMixin, admin.ModelAdmin):
    list_display = ["code", "event", "email", "uses", "max_uses", "note", "created"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["code", "email", "note"]
    autocomplete_fields = ["event"]
    readonly_fields = ["uses", "created_at"]

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj):
        return event_local(obj.created_at, obj.event)


@admin.register(ExportLog)
class ExportLogAdmin(EventScopedAdminMixin, EventTimeZoneAdminMixin, admin.ModelAdmin):
    """Read-only: the record of who exported which attendee list, and when."""

    list_display = ["started", "username", "event", "source", "filters", "row_count"]
    list_filter = ["event", "source"]
    list_select_related = ["event"]
    search_fields = ["username"]
    date_hierarchy = "started_at"
    fields = [
        "event",
        "user",
        "username",
        "source",
        "filters",
        "row_count",
        "started_at",
        "completed_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("started"), ordering="started_at")
    def started(self, obj):
        return event_local(obj.started_at, obj.event)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
