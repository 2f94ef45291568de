"""The VIP arrivals sheet's place in the staff navigation (registered in composition/apps.py)."""

from django.utils.translation import gettext_lazy as _

from registrations.hooks import StaffLink

ARRIVALS = StaffLink(
    section="arrivals",
    label=_("VIP arrivals"),
    url_name="vip:arrivals",
    permission="vip.view_speakerlogistics",
)
