"""Seating plans in the back office: find them, publish or withdraw them, delete them.

Plans are made, assigned and adjusted on the staff seating page (the drawing is
the tool); the admin links there. Times are the event's own (``event_local``).
"""

from django.contrib import admin
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from conference.admin_mixins import EventScopedAdminMixin, event_local
from seating.models import Seat, SeatingPlan


class SeatInline(admin.TabularInline):
    model = Seat
    fields = ["label", "table", "kind", "side", "rank", "occupant", "pinned", "rule"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("occupant")


@admin.register(SeatingPlan)
class SeatingPlanAdmin(EventScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "event", "layout", "status", "needs_review", "updated"]
    list_filter = ["event", "status", "needs_review", "layout"]
    list_select_related = ["event", "session", "occasion"]
    fields = [
        "event",
        "name",
        "session",
        "occasion",
        "layout",
        "layout_options",
        "status",
        "needs_review",
        "review_note",
        "staff_page",
    ]
    readonly_fields = [
        "event",
        "session",
        "occasion",
        "layout",
        "layout_options",
        "review_note",
        "staff_page",
    ]
    inlines = [SeatInline]
    actions = ["publish", "withdraw"]

    def has_add_permission(self, request):
        return False  # made on the staff seating page, from a layout

    @admin.display(description=_("plan"))
    def title(self, obj):
        return obj.title

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj):
        return event_local(obj.updated_at, obj.event)

    @admin.display(description=_("staff page"))
    def staff_page(self, obj):
        url = reverse("seating:plan", kwargs={"event_slug": obj.event.slug, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open the plan to assign and adjust it"))

    def save_model(self, request, obj, form, change):
        # Any edit here is a new version: a plan page open elsewhere becomes stale.
        obj.version += 1
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected plans"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(status=SeatingPlan.Status.PUBLISHED, version=F("version") + 1)
        message = ngettext("%(count)s plan published.", "%(count)s plans published.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Put the selected plans back to draft"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = queryset.update(status=SeatingPlan.Status.DRAFT, version=F("version") + 1)
        message = ngettext("%(count)s plan back to draft.", "%(count)s plans back to draft.", count)
        self.message_user(request, message % {"count": count})
