"""The admin site: django-otp's two-factor admin when ``ADMIN_OTP_REQUIRED`` is on.

Production turns it on (settings: on whenever ``DEBUG`` is off); the local demo
and the tests leave it off, and a test can switch it on with the ``settings``
fixture because the choice is made on each request rather than at import.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminSite


class ConferenceAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OTPAdminSite.login_form if settings.ADMIN_OTP_REQUIRED else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_OTP_REQUIRED else None

    def has_permission(self, request):
        if settings.ADMIN_OTP_REQUIRED:
            # Signed in with a password but no one-time password: treated as not staff.
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)
