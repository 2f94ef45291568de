"""The messages page's place in the staff navigation (registered in composition/apps.py)."""

from django.utils.translation import gettext_lazy as _

from registrations.hooks import StaffLink

MESSAGES = StaffLink(
    section="messages",
    label=_("Messages"),
    url_name="messaging:list",
    permission="messaging.view_message",
)
