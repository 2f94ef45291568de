from itertools import groupby

from django.utils.functional import cached_property
from django.views.generic import TemplateView

from conference import selectors
from conference.formats import person_name
from conference.views import PublicPageMixin
from speakers.thumbnails import thumbnail_url


class SpeakerDetailView(PublicPageMixin, TemplateView):
    """A speaker's biography and every session they speak in, across editions."""

    template_name = "speakers/speaker_detail.html"

    @cached_property
    def speaker(self):
        return selectors.get_public_speaker(self.kwargs["speaker_slug"], preview=self.preview)

    def get_page_title(self):
        return person_name(self.speaker)

    def get_page_description(self):
        parts = [self.speaker.position, self.speaker.organisation]
        return ", ".join(part for part in parts if part)

    def get_context_data(self, **kwargs):
        roles = selectors.speaker_appearances(self.speaker, preview=self.preview)
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
