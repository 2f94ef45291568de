import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from conference.roles import ORGANISERS, ensure_staff_groups

USERNAME = "organiser"


class Command(BaseCommand):
    help = (
        "Create the demo organiser login for this local database (DEBUG only) and print it. "
        "The password is random, kept in var/demo-login.txt, and reused on later runs."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo organiser is for local demos only (set DEBUG=1).")
        login_file = settings.VAR_DIR / "demo-login.txt"
        login_file.parent.mkdir(parents=True, exist_ok=True)
        if login_file.exists():
            password = login_file.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            login_file.write_text(password + "\n")
            login_file.chmod(0o600)

        ensure_staff_groups()
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "organiser@example.org"}
        )
        user.first_name, user.last_name = "Demo", "Organiser"
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ORGANISERS))

        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo organiser login (Organisers group):\n"
                f"  username: {USERNAME}\n"
                f"  password: {password}\n"
                f"  admin:    http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/\n"
            )
        )
