from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from speakers import services
from speakers.models import Speaker


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin):
    list_display = [
        "thumbnail",
        "display_name",
        "japanese_name",
        "position",
        "organisation",
        "country",
        "is_published",
    ]
    list_display_links = ["thumbnail", "display_name"]
    list_filter = ["is_published", "country"]
    search_fields = [
        "given_name",
        "family_name",
        "japanese_name",
        "organisation_en",
        "organisation_ja",
        "slug",
        "email",
    ]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    readonly_fields = ["photo_preview", "created_at", "updated_at"]
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
        (_("Contact (private)"), {"fields": ["email"]}),
        (_("Photo"), {"fields": ["photo", "photo_preview"]}),
        (_("Publication"), {"fields": ["is_published", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        services.save_speaker(speaker=obj, photo_changed="photo" in form.changed_data)

    def delete_model(self, request, obj):
        services.delete_speaker(speaker=obj)

    def delete_queryset(self, request, queryset):
        # One by one, so each speaker's photo files go with them.
        for speaker in queryset:
            services.delete_speaker(speaker=speaker)

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
