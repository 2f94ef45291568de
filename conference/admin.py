from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from conference import services
from conference.admin_mixins import (
    EventScopedAdminMixin,
    EventTimeZoneAdminMixin,
    event_local,
)
from conference.forms import LogoFormField
from conference.models import Event, EventStaffMembership, Session, SessionRole, Theme, Venue
from speakers.admin import SpeakerAdmin as BaseSpeakerAdmin
from speakers.models import Speaker


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


class EventStaffInline(admin.TabularInline):
    model = EventStaffMembership
    extra = 0
    fields = ["user", "added_at"]
    readonly_fields = ["added_at"]
    # A plain list of the staff accounts (the field's limit_choices_to), not an
    # autocomplete: that asks the user admin, which Organisers may not open.
    verbose_name = _("staff member")
    verbose_name_plural = _("Event staff (Organisers work on every event without being listed)")


@admin.register(Event)
class EventAdmin(EventScopedAdminMixin, EventTimeZoneAdminMixin, TranslationAdmin):
    event_field = None  # an event's own time zone field decides
    event_lookup = "pk"

    list_display = [
        "name",
        "start_date",
        "end_date",
        "venue",
        "is_published",
        "registration_mode",
    ]
    list_filter = ["is_published", "registration_mode", "series_name"]
    search_fields = ["name_en", "name_ja", "series_name_en", "slug"]
    date_hierarchy = "start_date"
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]
    formfield_overrides = {models.ImageField: {"form_class": LogoFormField}}
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ThemeInline, EventStaffInline]
    readonly_fields = ["logo_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["series_name", "edition", "name", "slug", "is_published"]}),
        (_("When and where"), {"fields": ["start_date", "end_date", "time_zone", "venue"]}),
        (_("About"), {"fields": ["summary", "description"]}),
        (_("Organiser"), {"fields": ["organiser_name", "contact_name", "contact_email"]}),
        (
            _("Logo and partners"),
            {"fields": ["logo", "logo_preview", "logo_alt", "partner_line"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_mode",
                    "capacity",
                    "waiting_list_enabled",
                    "registration_opens_at",
                    "registration_closes_at",
                    "registration_rate_limit",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        services.save_event(event=obj, logo_changed="logo" in form.changed_data)

    def delete_model(self, request, obj):
        services.delete_event(event=obj)

    def delete_queryset(self, request, queryset):
        # One by one, so each event's logo file goes with it.
        for event in queryset:
            services.delete_event(event=event)

    @admin.display(description=_("preview"))
    def logo_preview(self, obj):
        logo = obj.logo
        if logo and not logo._committed:
            # A refused upload is on the form's copy of the event, not stored: show the
            # logo that is (or none), never a link to a file that was not kept.
            stored = Event.objects.filter(pk=obj.pk).values_list("logo", flat=True).first()
            logo = Event(logo=stored or "").logo
        if not logo:
            return _("No logo yet.")
        # On the masthead's navy, as the public pages show it.
        return format_html(
            '<img src="{}" alt="{}" style="max-height:80px;max-width:320px;'
            'background:#fff;padding:6px;outline:8px solid #14213d">',
            logo.url,
            obj.logo_alt,
        )


@admin.register(Theme)
class ThemeAdmin(EventScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "event", "order"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["title_en", "title_ja"]
    autocomplete_fields = ["event"]


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = [
        "order",
        "role",
        "speaker",
        "appearance_title",
        "speaking_language",
        "is_confirmed",
    ]


@admin.register(Session)
class SessionAdmin(EventScopedAdminMixin, EventTimeZoneAdminMixin, TranslationAdmin):
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
        return event_local(obj.starts_at, obj.event)

    @admin.display(description=_("ends"), ordering="ends_at")
    def local_end(self, obj):
        return timezone.localtime(obj.ends_at, obj.event.tzinfo).strftime("%H:%M %Z")


class SpeakerRoleInline(admin.TabularInline):
    """A speaker's appearances, edited on the speaker's page."""

    model = SessionRole
    extra = 0
    fields = ["session", "role", "appearance_title", "speaking_language", "is_confirmed"]
    autocomplete_fields = ["session"]
    verbose_name = _("appearance")
    verbose_name_plural = _("appearances")


# The speakers app knows nothing of sessions: its admin page gains the appearances here.
admin.site.unregister(Speaker)


@admin.register(Speaker)
class SpeakerAdmin(BaseSpeakerAdmin):
    inlines = [*BaseSpeakerAdmin.inlines, SpeakerRoleInline]
    list_display = [*BaseSpeakerAdmin.list_display[:-1], "appearances", "is_published"]
    list_filter = [*BaseSpeakerAdmin.list_filter, "roles__session__event"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("roles"))

    @admin.display(description=_("sessions"), ordering="appearance_total")
    def appearances(self, obj):
        return obj.appearance_total
