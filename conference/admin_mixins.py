"""What every admin page about an event's rows shares.

``EventTimeZoneAdminMixin``: datetimes typed and shown in the event's own zone.
``EventScopedAdminMixin``: staff see only the events they are assigned to.
"""

import functools
import zoneinfo
from datetime import date

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.formats import zone_abbreviations
from conference.models import Event
from conference.selectors import staff_events, works_on_every_event


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())  # reads the zone files: once


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone of that name; ``None`` for a missing or unknown name (a forged POST)."""
    if not name or name not in _zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


def describe_zone(name: str, year: int | None = None) -> str:
    """'Europe/London (GMT/BST)'."""
    year = year or date.today().year
    return f"{name} ({zone_abbreviations(zoneinfo.ZoneInfo(name), year)})"


class EventTimeZoneAdminMixin:
    """Every datetime on the change form is typed and shown in its event's own zone.

    Django's form fields read a typed date and time in the *current* time zone and
    show stored instants in it; in the admin that is ``settings.TIME_ZONE``
    (Tokyo), so a London session's 10:00 would be stored as 01:00 UTC. This mixin
    makes the event's zone the current one around the whole change form —
    building the form, validating it (the model's ``clean()`` included), saving,
    and rendering the page, which a ``TemplateResponse`` would otherwise do after
    the zone is gone. Which event: the one chosen in the posted form (a new
    session's event arrives with its times), else the one in the add page's
    query string (``?event=<id>``), else the saved object's. For an event itself
    (``event_field = None``) its own posted or saved ``time_zone`` decides.

    Every datetime field on the form says which zone it is in (help text).
    """

    #: The form field holding the event; ``None`` when the model is ``Event``.
    event_field: str | None = "event"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.event_time_zone(request, object_id)
        if zone is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def event_time_zone(self, request, object_id=None) -> zoneinfo.ZoneInfo | None:
        """The zone the form's datetimes mean, or ``None`` while no event is known."""
        cache = request.__dict__.setdefault("_event_time_zones", {})
        key = (self.model._meta.label, object_id)
        if key not in cache:
            cache[key] = self._find_time_zone(request, object_id)
        return cache[key]

    def _find_time_zone(self, request, object_id):
        if self.event_field is None:
            chosen = _zone(request.POST.get("time_zone")) if request.method == "POST" else None
            return (
                chosen
                or _zone(self._saved(object_id, "time_zone"))
                or _zone(Event._meta.get_field("time_zone").default)
            )
        source = request.POST if request.method == "POST" else request.GET
        chosen = self._event_zone_name(source.get(self.event_field))
        return _zone(chosen) or _zone(self._saved(object_id, f"{self.event_field}__time_zone"))

    def _saved(self, object_id, lookup):
        if object_id is None:
            return None
        try:
            return (
                self.model._default_manager.filter(pk=unquote(object_id))
                .values_list(lookup, flat=True)
                .first()
            )
        except (ValueError, ValidationError):
            return None

    @staticmethod
    def _event_zone_name(event_id):
        if not event_id:
            return None
        try:
            return Event.objects.filter(pk=event_id).values_list("time_zone", flat=True).first()
        except (ValueError, ValidationError):
            return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = self.event_time_zone(request, str(obj.pk) if obj is not None else None)
        if zone is not None:
            year = self._event_year(obj)
            help_text = _("Local time in the event's time zone: %(zone)s.") % {
                "zone": describe_zone(zone.key, year)
            }
        else:
            help_text = _("Local time in the time zone of the event chosen above.")
        for field in form.base_fields.values():
            if isinstance(field, (forms.DateTimeField, forms.SplitDateTimeField)):
                field.help_text = help_text
        return form

    def _event_year(self, obj):
        event = obj if self.event_field is None else getattr(obj, self.event_field, None)
        return event.start_date.year if event is not None and event.start_date else None


def event_local(value, event) -> str:
    """An instant as a list column shows it, in the event's zone: '2024-03-31 10:00 BST'."""
    if value is None:
        return "—"
    return timezone.localtime(value, event.tzinfo).strftime("%Y-%m-%d %H:%M %Z")


class StaffEventListFilter(admin.RelatedFieldListFilter):
    """The event filter, offering only the events the signed-in account works on."""

    def field_choices(self, field, request, model_admin):
        return [
            (event.pk, str(event))
            for event in staff_events(request.user).order_by("-start_date", "pk")
        ]


class EventScopedAdminMixin:
    """Rows of events the signed-in account is not assigned to do not exist for it.

    Organisers (the ``work_on_all_events`` permission) see every event; event staff
    see, filter, export and open only the rows of the events they are assigned to
    (Event › Event staff). Everything the admin does with rows goes through
    ``get_queryset`` — the list, its actions (the CSV export), the change page and
    the autocomplete — so filtering it closes them all; a row of another event is
    "not found". Event choices in forms and filters are narrowed the same way.
    """

    #: The path from the model to its event; "pk" for ``Event`` itself.
    event_lookup = "event"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if works_on_every_event(request.user):
            return queryset
        return queryset.filter(**{f"{self.event_lookup}__in": staff_events(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event" and not works_on_every_event(request.user):
            kwargs["queryset"] = staff_events(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        return [
            ("event", StaffEventListFilter) if name == "event" else name
            for name in super().get_list_filter(request)
        ]
