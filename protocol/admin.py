from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from conference.admin_mixins import EventScopedAdminMixin
from conference.selectors import staff_events, works_on_every_event
from protocol.models import ColourField, Delegation, PrecedenceCategory


def colour_swatch(delegation: Delegation):
    """The delegation's name on its colour, as a badge shows it."""
    return format_html(
        '<span class="delegation-swatch" style="background:{};color:{};padding:0 .4em">{}</span>',
        delegation.colour,
        delegation.text_colour,
        delegation.colour,
    )


# The browser's colour picker, which always gives #rrggbb in lower case.
COLOUR_WIDGET = {ColourField: {"widget": forms.TextInput(attrs={"type": "color"})}}


@admin.register(Delegation)
class DelegationAdmin(EventScopedAdminMixin, TranslationAdmin):
    formfield_overrides = COLOUR_WIDGET
    list_display = ["name", "event", "side", "country", "order", "swatch", "target"]
    list_filter = ["event", "side"]
    list_select_related = ["event"]
    search_fields = ["name_en", "name_ja"]
    autocomplete_fields = ["event"]
    fields = ["event", "name", "side", "country", "order", "colour", "target"]

    @admin.display(description=_("colour"), ordering="colour")
    def swatch(self, obj):
        return colour_swatch(obj)


@admin.register(PrecedenceCategory)
class PrecedenceCategoryAdmin(EventScopedAdminMixin, TranslationAdmin):
    """The site-wide order of precedence and events' own lists."""

    list_display = ["order", "name", "list_name"]
    list_display_links = ["name"]
    list_editable = ["order"]
    list_filter = [("event", admin.EmptyFieldListFilter), "event"]
    list_select_related = ["event"]
    search_fields = ["name_en", "name_ja"]
    autocomplete_fields = ["event"]
    fields = ["event", "order", "name"]

    @admin.display(description=_("list"), ordering="event")
    def list_name(self, obj):
        return obj.event.name if obj.event_id else _("Site-wide")

    def get_queryset(self, request):
        # The site-wide list belongs to no event: everyone who may see the lists sees it.
        queryset = super(EventScopedAdminMixin, self).get_queryset(request)
        if works_on_every_event(request.user):
            return queryset
        return queryset.filter(Q(event__isnull=True) | Q(event__in=staff_events(request.user)))
