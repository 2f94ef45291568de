"""The seating plans' place in the staff navigation (registered in composition/apps.py)."""

from django.utils.translation import gettext_lazy as _

from registrations.hooks import StaffLink

SEATING = StaffLink(
    section="seating",
    label=_("Seating"),
    url_name="seating:plans",
    permission="seating.view_seatingplan",
)
