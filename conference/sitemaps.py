"""sitemap.xml: every public page, in English and Japanese (hreflang alternates)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from conference import selectors
from conference.models import Session
from speakers.models import Speaker

EVENT_PAGES = ("event", "agenda", "speakers", "venue")


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class EventPagesSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return [(event, page) for event in selectors.published_events() for page in EVENT_PAGES]

    def location(self, item):
        event, page = item
        return reverse(f"conference:{page}", kwargs={"event_slug": event.slug})

    def lastmod(self, item):
        return item[0].updated_at


class SessionSitemap(PublicSitemap):
    def items(self):
        return (
            Session.objects.public()
            .filter(event__is_published=True)
            .select_related("event")
            .order_by("event__start_date", "starts_at", "pk")
        )

    def location(self, session):
        return reverse(
            "conference:session",
            kwargs={"event_slug": session.event.slug, "session_slug": session.slug},
        )


class SpeakerSitemap(PublicSitemap):
    def items(self):
        return Speaker.objects.published().order_by("family_name", "given_name", "pk")

    def location(self, speaker):
        return reverse("conference:speaker", kwargs={"speaker_slug": speaker.slug})

    def lastmod(self, speaker):
        return speaker.updated_at


sitemaps = {"events": EventPagesSitemap, "sessions": SessionSitemap, "speakers": SpeakerSitemap}
