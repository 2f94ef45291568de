"""The VIP arrivals sheet: who arrives where and when, who meets them, per day.

Event staff read it (``vip.view_speakerlogistics``) without the restricted notes;
the Organisers' printable variant (``vip.view_restricted_note`` as well) is the one
place outside the admin where those notes appear: the dedicated VIP sheet.
"""

from django.views.generic import TemplateView

from conference.formats import zone_description
from registrations.staff_views import StaffEventMixin
from vip import selectors


class ArrivalsView(StaffEventMixin, TemplateView):
    template_name = "vip/arrivals.html"
    staff_section = "arrivals"
    permission_required = "vip.view_speakerlogistics"
    restricted = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sheet=selectors.arrivals_sheet(self.event),
            restricted=self.restricted,
            zone=zone_description(self.event),
            can_see_restricted=self.request.user.has_perm("vip.view_restricted_note"),
            **kwargs,
        )


class RestrictedArrivalsView(ArrivalsView):
    """The Organisers' VIP sheet: the same, with the restricted notes."""

    permission_required = ("vip.view_speakerlogistics", "vip.view_restricted_note")
    restricted = True
