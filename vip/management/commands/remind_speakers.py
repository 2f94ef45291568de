from django.core.management.base import BaseCommand, CommandError

from vip.services import send_reminders


class Command(BaseCommand):
    help = (
        "Email speakers who have not answered their invitation after N days (default 7), "
        "at most once every N days each. Run it daily from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Days without an answer before a reminder, and between reminders.",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        sent = send_reminders(every_days=days)
        self.stdout.write(f"Reminded {sent} speaker(s) who had not answered in {days} days.")
