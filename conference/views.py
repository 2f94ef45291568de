"""The public site: event home, agenda, sessions, speakers, venue and calendar feeds.

Thin views over ``conference.selectors``; caching is applied in
``conference.urls_public``. Staff who may view events see unpublished
content with a preview notice (``can_preview``).
"""

from datetime import timedelta
from functools import lru_cache
from itertools import groupby

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from conference import hooks, selectors
from conference.cache import PAGE_TIMEOUT, fragments
from conference.calendar import build_calendar
from conference.formats import (
    date_range,
    join_list,
    person_name,
    venue_address,
    zone_description,
)
from conference.models import Event
from speakers.thumbnails import thumbnail_url


class PreviewMixin:
    @cached_property
    def preview(self):
        return selectors.can_preview(self.request.user)


class PublicPageMixin(PreviewMixin):
    """Context every public page shares: title and description for <head>."""

    page_title = ""
    page_description = ""

    def get_page_title(self):
        return self.page_title

    def get_page_description(self):
        return self.page_description

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            preview=self.preview,
            page_title=self.get_page_title(),
            page_description=self.get_page_description(),
        )
        return context


class EventPageMixin(PublicPageMixin):
    nav = ""

    @cached_property
    def _event_and_preview(self):
        return selectors.event_for_visitor(self.kwargs["event_slug"], self.request.user)

    @cached_property
    def event(self):
        return self._event_and_preview[0]

    @cached_property
    def preview(self):
        """Unpublished parts are shown to staff who work on this event only."""
        return self._event_and_preview[1]

    def get_page_description(self):
        return self.event.summary

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(event=self.event, nav=self.nav)
        if self.event.logo and not context.get("og_image"):
            # A shared link to an event's page shows the organiser's logo.
            context.update(
                og_image=self.request.build_absolute_uri(self.event.logo.url),
                og_image_alt=self.event.logo_alt,
            )
        return context


def home(request):
    """`/`: the latest published edition, or the archive while there is none."""
    event = selectors.current_event()
    if event is None:
        return redirect("conference:event_list")
    return redirect("conference:event", event_slug=event.slug)


class EventListView(PublicPageMixin, TemplateView):
    template_name = "conference/event_list.html"

    def get_page_title(self):
        return _("All editions")

    def get_page_description(self):
        return _("Every edition of the dialogue: dates, venues and agendas.")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        events = list(selectors.published_events())
        return super().get_context_data(
            upcoming=[event for event in events if event.end_date >= today],
            past=[event for event in events if event.end_date < today],
            **kwargs,
        )


def _local_date(value, event):
    return localtime(value, event.tzinfo).date() if value else None


def registration_state(event: Event, now=None) -> dict:
    """What the event page says about signing up, and until when that holds."""
    now = now or timezone.now()
    window = event.registration_window(now)
    changes_at = None
    if window == Event.RegistrationWindow.NOT_YET_OPEN:
        changes_at = event.registration_opens_at
    elif window == Event.RegistrationWindow.OPEN:
        changes_at = event.registration_ends_at
    return {
        "window": window,
        "is_open": window == Event.RegistrationWindow.OPEN,
        "is_closed": window == Event.RegistrationWindow.CLOSED,
        "invitation_only": event.registration_mode == Event.RegistrationMode.INVITATION,
        "approval_required": event.registration_mode == Event.RegistrationMode.APPROVAL,
        "opens_on": _local_date(event.registration_opens_at, event),
        "closes_on": event.registration_last_day,
        "changes_at": changes_at,
    }


class EventDetailView(EventPageMixin, TemplateView):
    template_name = "conference/event_detail.html"
    nav = "event"

    def get_page_title(self):
        return self.event.name

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        changes_at = self.registration["changes_at"]
        if changes_at is not None:
            # Never serve "registration opens on …" from the cache once it has opened.
            seconds = (changes_at - timezone.now()) // timedelta(seconds=1)
            response.cache_timeout = max(0, min(PAGE_TIMEOUT, seconds))
        return response

    @cached_property
    def registration(self):
        return registration_state(self.event)

    def get_context_data(self, **kwargs):
        event = self.event
        speakers = list(selectors.featured_speakers(event))
        return super().get_context_data(
            themes=selectors.event_themes(event),
            speakers=speakers,
            registration=self.registration,
            jsonld=self.event_jsonld(event, speakers),
            **kwargs,
        )

    def event_jsonld(self, event, speakers):
        request = self.request
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.name,
            "description": event.summary,
            "startDate": event.start_date.isoformat(),
            "endDate": event.end_date.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": request.build_absolute_uri(),
            "inLanguage": request.LANGUAGE_CODE,
        }
        if event.organiser_name:
            data["organizer"] = {"@type": "Organization", "name": event.organiser_name}
        venue = event.venue
        if venue is not None:
            data["location"] = {
                "@type": "Place",
                "name": ", ".join(part for part in (venue.name, venue.building) if part),
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.address,
                    "addressLocality": venue.city,
                    "postalCode": venue.postcode,
                    "addressCountry": str(venue.country),
                },
            }
        performers = [{"@type": "Person", "name": person_name(speaker)} for speaker in speakers]
        if performers:
            data["performer"] = performers
        return data


class AgendaView(EventPageMixin, TemplateView):
    template_name = "conference/agenda.html"
    nav = "agenda"

    def get_page_title(self):
        if self.theme is not None:
            return _("Agenda: %(theme)s · %(event)s") % {
                "theme": self.theme.title,
                "event": self.event.name,
            }
        return _("Agenda · %(event)s") % {"event": self.event.name}

    def get_page_description(self):
        return _("Sessions, times (%(zone)s) and speakers of the %(event)s, %(dates)s.") % {
            "zone": self.event.time_zone,
            "event": self.event.name,
            "dates": date_range(self.event.start_date, self.event.end_date),
        }

    @cached_property
    def themes(self):
        return list(selectors.event_themes(self.event))

    @cached_property
    def theme(self):
        wanted = self.request.GET.get("theme", "")
        return next((theme for theme in self.themes if str(theme.pk) == wanted), None)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("theme") and self.theme is None:
            # No such theme: the whole agenda, but not stored under a made-up key,
            # so nobody can fill the cache by counting through ?theme=N.
            response.cache_timeout = 0
        return response

    def get_context_data(self, **kwargs):
        event = self.event
        sessions = list(
            selectors.agenda_sessions(
                event, theme=self.theme, preview=self.preview, with_roles=False
            )
        )
        main_room = selectors.main_room(sessions)
        self.attach_items(sessions, main_room)
        zone = event.tzinfo
        days = [
            (day, list(items))
            for day, items in groupby(sessions, key=lambda s: localtime(s.starts_at, zone).date())
        ]
        return super().get_context_data(
            days=days,
            main_room=main_room,
            themes=self.themes,
            selected_theme=self.theme,
            zone_name=zone_description(event),
            **kwargs,
        )

    def attach_items(self, sessions, main_room: str):
        """Each session's agenda entry as ``session.agenda_item``: kept per language
        under the session's update time (``conference.cache.fragments``), so only
        sessions changed since are rendered (and only their roles read). Staff
        previews are rendered afresh and never kept."""
        event, preview = self.event, self.preview
        template = get_template("conference/_agenda_item.html")
        language = get_language()

        def render(missing):
            prefetch_related_objects(missing, selectors.session_roles(preview=preview))
            context = {"event": event, "main_room": main_room, "preview": preview}
            context["LANGUAGE_CODE"] = language
            return [template.render({**context, "session": session}) for session in missing]

        if preview:
            items = dict(zip([s.pk for s in sessions], render(sessions), strict=True))
        else:
            context = (event.pk, event.slug, event.time_zone, event.updated_at, main_room)
            items = fragments("agenda", sessions, context=context, render=render)
        for session in sessions:
            session.agenda_item = mark_safe(items[session.pk])


class SessionDetailView(EventPageMixin, TemplateView):
    template_name = "conference/session_detail.html"
    nav = "agenda"

    @cached_property
    def session(self):
        return selectors.get_public_session(
            self.event, self.kwargs["session_slug"], preview=self.preview
        )

    def get_page_title(self):
        return f"{self.session.title} · {self.event.name}"

    def get_page_description(self):
        return self.session.description[:300] or self.event.summary

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)


class EventSpeakersView(EventPageMixin, TemplateView):
    """The speakers of an edition: A to Z, or ``?order=precedence`` by delegation and
    precedence (when the protocol layer is installed: ``conference.hooks``).

    Alphabetical is the default: visitors look a speaker up by name, and a public
    page ranked by precedence would publish the organisers' protocol judgements
    (who outranks whom), which are theirs to print on their own lists.
    """

    template_name = "conference/event_speakers.html"
    nav = "speakers"

    def get_page_title(self):
        return _("Speakers · %(event)s") % {"event": self.event.name}

    @cached_property
    def by_precedence(self) -> bool:
        return (
            self.request.GET.get("order") == "precedence" and hooks.speakers_by_delegation.is_filled
        )

    def get_context_data(self, **kwargs):
        speakers = list(selectors.event_speakers(self.event, preview=self.preview))
        self.attach_cards(speakers, heading="h3" if self.by_precedence else "h2")
        groups = None
        if self.by_precedence:
            groups = hooks.speakers_by_delegation(self.event, speakers)
        return super().get_context_data(
            speakers=speakers,
            groups=groups,
            can_order_by_precedence=hooks.speakers_by_delegation.is_filled,
            **kwargs,
        )

    def attach_cards(self, speakers, *, heading: str):
        """Each speaker's card as ``speaker.card``, kept per language under the
        speaker's update time (``conference.cache.fragments``); previews afresh."""
        preview = self.preview
        template = get_template("conference/_speaker_card.html")
        context = {"heading": heading, "preview": preview, "LANGUAGE_CODE": get_language()}

        def render(missing):
            return [template.render({**context, "speaker": speaker}) for speaker in missing]

        if preview:
            cards = dict(zip([s.pk for s in speakers], render(speakers), strict=True))
        else:
            cards = fragments("speaker-card", speakers, context=(heading,), render=render)
        for speaker in speakers:
            speaker.card = mark_safe(cards[speaker.pk])


class SpeakerDetailView(PublicPageMixin, TemplateView):
    """A speaker's biography and every session they speak in, across editions."""

    template_name = "conference/speaker_detail.html"

    @cached_property
    def speaker(self):
        slug = self.kwargs["speaker_slug"]
        speaker = selectors.get_public_speaker(slug, preview=self.preview)
        if not speaker.is_published and not selectors.can_preview_speaker(
            self.request.user, speaker
        ):
            raise Http404("No such speaker.")
        return speaker

    def get_page_title(self):
        return person_name(self.speaker)

    def get_page_description(self):
        return join_list([self.speaker.position, self.speaker.organisation])

    def get_context_data(self, **kwargs):
        roles = selectors.speaker_appearances(
            self.speaker, preview_for=self.request.user if self.preview else None
        )
        editions = [
            (event, list(items)) for event, items in groupby(roles, key=lambda r: r.session.event)
        ]
        photo = thumbnail_url(self.speaker)
        return super().get_context_data(
            speaker=self.speaker,
            editions=editions,
            og_image=self.request.build_absolute_uri(photo) if photo else "",
            **kwargs,
        )


class VenueView(EventPageMixin, TemplateView):
    template_name = "conference/venue.html"
    nav = "venue"

    def get_page_title(self):
        return _("Venue · %(event)s") % {"event": self.event.name}

    def get_page_description(self):
        venue = self.event.venue
        if venue is None:
            return self.event.summary
        return _("How to get to %(address)s.") % {"address": venue_address(venue)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(venue=self.event.venue, **kwargs)


class CalendarMixin:
    def calendar_response(self, event, sessions, filename):
        request = self.request

        def absolute_url(session):
            return request.build_absolute_uri(
                reverse(
                    "conference:session",
                    kwargs={"event_slug": event.slug, "session_slug": session.slug},
                )
            )

        body = build_calendar(
            event,
            sessions,
            domain=request.get_host().split(":")[0],
            absolute_url=absolute_url,
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AgendaCalendarView(CalendarMixin, View):
    def get(self, request, event_slug):
        event, preview = selectors.event_for_visitor(event_slug, request.user)
        sessions = selectors.agenda_sessions(event, preview=preview)
        return self.calendar_response(event, sessions, f"{event.slug}.ics")


class SessionCalendarView(CalendarMixin, View):
    def get(self, request, event_slug, session_slug):
        event, preview = selectors.event_for_visitor(event_slug, request.user)
        session = selectors.get_public_session(event, session_slug, preview=preview)
        return self.calendar_response(event, [session], f"{event.slug}-{session.slug}.ics")


def _css_string(text: str) -> str:
    """``text`` as a CSS string: quotes, backslashes and line ends escaped."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\\n\r<>' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


class AgendaPrintStyleView(PreviewMixin, View):
    """The printed agenda's running header and footer, as a stylesheet: page-margin
    boxes take their text from CSS alone, and pages carry no inline style (CSP).
    Every printed page names the event, its dates and venue, and its page number."""

    def get(self, request, event_slug):
        event = selectors.get_public_event(event_slug, preview=self.preview)
        where = date_range(event.start_date, event.end_date)
        venue = event.venue
        if venue is not None and request.LANGUAGE_CODE == "ja":
            where = f"{where}、{venue.city}　{venue.name}"
        elif venue is not None:
            where = f"{where} · {venue.name}, {venue.city}"
        page = _("Page")
        box = "font-size: 8pt; color: #333;"
        css = (
            "@media print {\n"
            "  @page {\n"
            f"    @top-left {{ content: {_css_string(event.name)}; {box} }}\n"
            f"    @top-right {{ content: {_css_string(where)}; {box} }}\n"
            f'    @bottom-right {{ content: {_css_string(page)} " " counter(page) " / "'
            f" counter(pages); {box} }}\n"
            "  }\n"
            "}\n"
        )
        return HttpResponse(css, content_type="text/css; charset=utf-8")


@lru_cache(maxsize=1)
def _apple_touch_icon() -> bytes:
    return (settings.BASE_DIR / "static" / "img" / "apple-touch-icon.png").read_bytes()


def apple_touch_icon(request):
    """iOS asks the site's root for its icon when a page is added to the home screen
    (base.html links the static file too). The same bytes, kept in memory."""
    response = HttpResponse(_apple_touch_icon(), content_type="image/png")
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /staff/",
        "Disallow: /i18n/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
