"""Admin pages that show one app's rows on another app's page.

The event's page in the admin gains its attendance options (registrations), its
seat counts, and the rate and page of its messages to participants (messaging);
raising a capacity there moves the waiting list up. The
conference app's own ``EventAdmin`` knows nothing of registrations.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline

from conference.admin import EventAdmin as BaseEventAdmin
from conference.models import Event, Session
from registrations import services as registration_services
from registrations.forms import AttendanceOptionAdminForm
from registrations.models import AttendanceOption, Registration


class AttendanceOptionInline(TranslationTabularInline):
    model = AttendanceOption
    form = AttendanceOptionAdminForm
    extra = 0
    fields = ["order", "name", "capacity", "sessions"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        sessions = formset.form.base_fields.get("sessions")
        if sessions is not None:
            # The event's own sessions only (none yet while the event is being created).
            sessions.queryset = Session.objects.filter(event=obj).order_by("starts_at", "pk")
        return formset


SEAT_FIELDS = ("seats", "pending_count", "waitlisted_count")


def _with_seat_counts(fieldsets):
    """The event's fieldsets, with the seat counts under the registration settings."""
    return [
        (name, {**options, "fields": [*options["fields"], SEAT_FIELDS]})
        if "registration_mode" in options["fields"]
        else (name, options)
        for name, options in fieldsets
    ]


def _with_messages(fieldsets):
    """The event's fieldsets, with the messages' rate and page before the record."""
    messages_fieldset = (
        _("Messages to participants"),
        {"fields": ["messages_per_minute", "messages_page"]},
    )
    return [*fieldsets[:-1], messages_fieldset, fieldsets[-1]]


admin.site.unregister(Event)


@admin.register(Event)
class EventAdmin(BaseEventAdmin):
    list_display = [*BaseEventAdmin.list_display, *SEAT_FIELDS]
    inlines = [*BaseEventAdmin.inlines, AttendanceOptionInline]
    readonly_fields = [*SEAT_FIELDS, "messages_page", *BaseEventAdmin.readonly_fields]
    fieldsets = _with_messages(_with_seat_counts(BaseEventAdmin.fieldsets))

    @admin.display(description=_("messages"))
    def messages_page(self, obj):
        if obj.pk is None:
            return "—"
        link = reverse("messaging:list", kwargs={"event_slug": obj.slug})
        return format_html('<a href="{}">{}</a>', link, _("Write to participants, and the history"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # More seats, in the event or in one of its options: the waiting list moves
        # up, first come first served. After the inlines, so new option capacities count.
        option_capacity_changed = any(
            "capacity" in inline.changed_data
            for formset in formsets
            if formset.model is AttendanceOption
            for inline in formset.forms
        )
        if change and ("capacity" in form.changed_data or option_capacity_changed):
            promoted = registration_services.promote_from_waiting_list(
                event=form.instance, by=request.user
            )
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d delegate promoted from the waiting list and emailed.",
                        "%(count)d delegates promoted from the waiting list and emailed.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                    messages.SUCCESS,
                )

    def get_queryset(self, request):
        status = Registration.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Count(
                    "registrations", filter=Q(registrations__status=status.CONFIRMED)
                ),
                pending_total=Count(
                    "registrations", filter=Q(registrations__status=status.PENDING)
                ),
                waitlisted_total=Count(
                    "registrations", filter=Q(registrations__status=status.WAITLISTED)
                ),
            )
        )

    @admin.display(description=_("seats taken"), ordering="confirmed_total")
    def seats(self, obj):
        if obj.pk is None:
            return "—"
        return f"{obj.confirmed_total} / {obj.capacity}"

    @admin.display(description=_("pending"), ordering="pending_total")
    def pending_count(self, obj):
        return obj.pending_total if obj.pk else "—"

    @admin.display(description=_("waiting list"), ordering="waitlisted_total")
    def waitlisted_count(self, obj):
        return obj.waitlisted_total if obj.pk else "—"
