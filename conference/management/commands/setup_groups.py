from django.core.management.base import BaseCommand

from conference.roles import ensure_staff_groups


class Command(BaseCommand):
    help = "Create or update the Organisers and Event staff groups with their permissions."

    def handle(self, *args, **options):
        for group in ensure_staff_groups():
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
