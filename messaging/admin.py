"""Messages in the back office: a read-only list that leads to the staff pages, where
messages are written, previewed, sent and followed (/staff/<event>/messages/)."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from conference.admin_mixins import EventScopedAdminMixin, event_local
from conference.selectors import staff_events
from messaging.models import Message


@admin.register(Message)
class MessageAdmin(EventScopedAdminMixin, admin.ModelAdmin):
    list_display = ["subject_en", "event", "state", "sent", "sent_by_name", "recipients", "page"]
    list_filter = ["event", "state"]
    list_select_related = ["event"]
    search_fields = ["subject_en", "subject_ja"]
    fields = [
        "event",
        "state",
        "subject_en",
        "body_en",
        "subject_ja",
        "body_ja",
        "created_by_name",
        "created_at",
        "sent_by_name",
        "sent_at",
        "page",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recipient_total=Count("recipients"))

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, obj):
        return event_local(obj.sent_at, obj.event)

    @admin.display(description=_("recipients"), ordering="recipient_total")
    def recipients(self, obj):
        return getattr(obj, "recipient_total", "—")

    @admin.display(description=_("staff page"))
    def page(self, obj):
        name = "messaging:preview" if obj.is_draft else "messaging:detail"
        link = reverse(name, kwargs={"event_slug": obj.event.slug, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', link, _("Open"))

    def changelist_view(self, request, extra_context=None):
        """Where to write a message: the staff page of each event the account works on."""
        events = staff_events(request.user).order_by("-start_date", "pk")[:6]
        compose_links = [
            (event, reverse("messaging:compose", kwargs={"event_slug": event.slug}))
            for event in events
        ]
        can_send = request.user.has_perm("messaging.send_message")
        return super().changelist_view(
            request,
            extra_context={
                **(extra_context or {}),
                "compose_links": compose_links if can_send else [],
            },
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Drafts are discarded, and sent messages kept, on the staff pages.
        return False
