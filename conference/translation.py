"""Fields that organisers write in both English and Japanese (django-modeltranslation).

Each adds ``<field>_en`` and ``<field>_ja`` columns; reading ``<field>`` gives
the current language, falling back to English where the Japanese is empty.
"""

from modeltranslation.translator import TranslationOptions, register

from conference.models import Event, Session, Theme, Venue


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "building", "address", "city", "directions")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = (
        "series_name",
        "name",
        "summary",
        "description",
        "organiser_name",
        "contact_name",
        "logo_alt",
        "partner_line",
    )


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "room")
