"""The admin site: django-otp's two-factor admin when ``ADMIN_OTP_REQUIRED`` is on.

Production turns it on (settings: on whenever ``DEBUG`` is off); the local demo
and the tests leave it off, and a test can switch it on with the ``settings``
fixture because the choice is made on each request rather than at import.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class OTPLoginForm(OTPAdminAuthenticationForm):
    """django-otp's admin sign-in, with the device chosen when there is only one.

    django-otp asks for the device on a second round ("Please select a device.") even
    when the account has one authenticator, so a first-time organiser types the code
    twice. It refuses to guess because trying a code against several devices counts a
    failure on each; with a single device there is nothing to guess, so we take it.
    An account with several devices still chooses, as django-otp intends.
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device


class ConferenceAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OTPLoginForm if settings.ADMIN_OTP_REQUIRED else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_OTP_REQUIRED else None

    def has_permission(self, request):
        if settings.ADMIN_OTP_REQUIRED:
            # Signed in with a password but no one-time password: treated as not staff.
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)
