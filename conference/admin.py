from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from conference.models import Event, Session, SessionRole, Theme, Venue
from registrations import services as registration_services
from registrations.models import AttendanceOption, Registration


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "building", "city", "country"]
    list_filter = ["country"]
    search_fields = ["name_en", "name_ja", "building_en", "building_ja", "city_en", "address_en"]


class ThemeInline(TranslationTabularInline):
    model = Theme
    extra = 0
    fields = ["order", "title", "description"]


class AttendanceOptionInline(TranslationTabularInline):
    model = AttendanceOption
    extra = 0
    fields = ["order", "name", "capacity"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = [
        "name",
        "start_date",
        "end_date",
        "venue",
        "is_published",
        "registration_mode",
        "seats",
        "pending_count",
        "waitlisted_count",
    ]
    list_filter = ["is_published", "registration_mode", "series_name"]
    search_fields = ["name_en", "name_ja", "series_name_en", "slug"]
    date_hierarchy = "start_date"
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ThemeInline, AttendanceOptionInline]
    readonly_fields = ["seats", "pending_count", "waitlisted_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["series_name", "edition", "name", "slug", "is_published"]}),
        (_("When and where"), {"fields": ["start_date", "end_date", "time_zone", "venue"]}),
        (_("About"), {"fields": ["summary", "description"]}),
        (_("Organiser"), {"fields": ["organiser_name", "contact_name", "contact_email"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_mode",
                    "capacity",
                    "waiting_list_enabled",
                    "registration_opens_at",
                    "registration_closes_at",
                    ("seats", "pending_count", "waitlisted_count"),
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

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


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["title", "event", "order"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["title_en", "title_ja"]
    autocomplete_fields = ["event"]


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = ["order", "role", "speaker", "appearance_title", "is_confirmed"]


class EventLocalTimeMixin:
    """Show session times in their event's own zone, not the server's."""

    @staticmethod
    def _local(obj, value):
        return timezone.localtime(value, obj.event.tzinfo)


@admin.register(Session)
class SessionAdmin(EventLocalTimeMixin, TranslationAdmin):
    list_display = [
        "title",
        "event",
        "local_start",
        "local_end",
        "type",
        "theme",
        "attribution",
        "is_public",
    ]
    list_filter = ["event", "type", "attribution", "is_public", "theme"]
    list_select_related = ["event", "theme"]
    search_fields = ["title_en", "title_ja", "slug", "roles__speaker__family_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event", "theme"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [SessionRoleInline]
    fieldsets = [
        (None, {"fields": ["event", "title", "slug", "type", "theme", "is_public"]}),
        (_("Time and place"), {"fields": ["starts_at", "ends_at", "room", "order"]}),
        (_("Content"), {"fields": ["description", "attribution"]}),
    ]

    @admin.display(description=_("starts"), ordering="starts_at")
    def local_start(self, obj):
        return self._local(obj, obj.starts_at).strftime("%Y-%m-%d %H:%M %Z")

    @admin.display(description=_("ends"), ordering="ends_at")
    def local_end(self, obj):
        return self._local(obj, obj.ends_at).strftime("%H:%M %Z")
