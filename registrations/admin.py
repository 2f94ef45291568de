from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
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
from registrations import exporters, services
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
        "sector",
        "nationality",
        "checked_in",
        "registered",
    ]
    list_display_links = ["reference", "display_name"]
    list_filter = ["event", "status", "sector", "nationality", CheckedInFilter, "interpretation"]
    list_select_related = ["event"]
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
        "checked_in_at",
        "privacy_consent_at",
        "privacy_notice_version",
        "delegate_list_consent_at",
        "created_at",
        "updated_at",
    ]
    inlines = [StatusChangeInline, OutgoingEmailInline]
    actions = [
        _status_action(Registration.Status.CONFIRMED, _("Approve (confirm) selected")),
        _status_action(Registration.Status.DECLINED, _("Decline selected")),
        _status_action(Registration.Status.WAITLISTED, _("Move selected to the waiting list")),
        _status_action(Registration.Status.CANCELLED, _("Cancel selected")),
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
        options = form.base_fields.get("attendance_options")
        if options is not None and obj is not None:
            # Offer only the options of the registration's own event.
            options.queryset = AttendanceOption.objects.filter(event_id=obj.event_id)
        return form

    def save_model(self, request, obj, form, change):
        # Through the services, like the delegate's own edits: an option given up
        # moves the waiting list up, and the rows are locked in the usual order.
        if change:
            services.update_registration_details(
                registration=obj,
                details=form.cleaned_data,
                attendance_options=form.cleaned_data.get("attendance_options", []),
                fields=services.ORGANISER_FIELDS,
            )
        else:
            services.add_registration_by_organiser(registration=obj, by=request.user)


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
