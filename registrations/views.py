from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from conference.models import Event


class RegisterView(TemplateView):
    """Placeholder until the sign-up form lands (issue 4)."""

    template_name = "registrations/register.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(Event.objects.published(), slug=self.kwargs["event_slug"])
        return super().get_context_data(event=event, **kwargs)
