"""django.contrib.admin, with the site from conference.admin_site as ``admin.site``.

Kept apart from that module: an app config is imported before models are ready,
and the site's imports (django-otp's forms) need them.
"""

from django.contrib.admin.apps import AdminConfig


class ConferenceAdminConfig(AdminConfig):
    default_site = "conference.admin_site.ConferenceAdminSite"
