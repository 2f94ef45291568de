from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymise registrations of events that ended more than N days ago "
        "(default PERSONAL_DATA_RETENTION_DAYS), keeping the counts statistics need."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PERSONAL_DATA_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        count = purge_personal_data(older_than_days=days)
        self.stdout.write(
            f"Anonymised {count} registrations of events that ended over {days} days ago."
        )
