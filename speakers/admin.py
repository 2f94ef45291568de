from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from conference.models import SessionRole
from speakers.images import reencode_photo
from speakers.models import Speaker


class SpeakerRoleInline(admin.TabularInline):
    model = SessionRole
    extra = 0
    fields = ["session", "role", "appearance_title", "is_confirmed"]
    autocomplete_fields = ["session"]
    verbose_name = _("appearance")
    verbose_name_plural = _("appearances")


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin):
    list_display = [
        "thumbnail",
        "display_name",
        "japanese_name",
        "position",
        "organisation",
        "country",
        "appearances",
        "is_published",
    ]
    list_display_links = ["thumbnail", "display_name"]
    list_filter = ["is_published", "country", "roles__session__event"]
    search_fields = [
        "given_name",
        "family_name",
        "japanese_name",
        "organisation_en",
        "organisation_ja",
        "slug",
    ]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    readonly_fields = ["photo_preview", "created_at", "updated_at"]
    inlines = [SpeakerRoleInline]
    fieldsets = [
        (
            _("Name"),
            {
                "fields": [
                    "honorific",
                    ("given_name", "family_name"),
                    "post_nominals",
                    "japanese_name",
                    "slug",
                ]
            },
        ),
        (_("Profile"), {"fields": ["position", "organisation", "country", "biography"]}),
        (_("Photo"), {"fields": ["photo", "photo_preview"]}),
        (_("Publication"), {"fields": ["is_published", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("roles"))

    def save_model(self, request, obj, form, change):
        # Store Pillow's clean copy of a new photo, never the uploaded bytes.
        if "photo" in form.changed_data and obj.photo:
            obj.photo = reencode_photo(obj.photo)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("sessions"), ordering="appearance_total")
    def appearances(self, obj):
        return obj.appearance_total

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        if not obj.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="height:48px;width:48px;object-fit:cover;'
            'border-radius:4px">',
            obj.photo.url,
        )

    @admin.display(description=_("preview"))
    def photo_preview(self, obj):
        if not obj.photo:
            return _("No photo yet.")
        return format_html(
            '<img src="{}" alt="{}" style="max-height:240px;max-width:240px">',
            obj.photo.url,
            obj.display_name,
        )
