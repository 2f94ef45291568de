"""Give a staff account an authenticator app, from the server's shell.

With ``ADMIN_OTP_REQUIRED`` on, nobody reaches the admin without a one-time
password, so the first device of every account is made here; later ones can be
added in the admin (OTP TOTP → TOTP devices).
"""

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create a TOTP device for a staff account and print the QR code to scan."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator", help="Label shown in the admin.")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account with the username {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write("Scan this with an authenticator app, then sign in at /admin/:\n")
        code = qrcode.QRCode(border=2)
        code.add_data(device.config_url)
        code.print_ascii(out=self.stdout, invert=True)
        self.stdout.write(f"\nOr enter this address by hand: {device.config_url}\n")
