import time

from django.core.management.base import BaseCommand

from registrations.emails import send_due
from registrations.services import send_requested_manage_links


class Command(BaseCommand):
    help = (
        "The mail worker: answer manage-link requests, send queued delegate emails "
        "and retry failed ones. "
        "Runs once, or keeps going with --loop (for a separate worker process)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between runs.")

    def handle(self, *args, loop=False, interval=5.0, **options):
        while True:
            send_requested_manage_links()  # queues the manage links asked for
            sent, failed = send_due()
            if sent or failed or not loop:
                self.stdout.write(f"sent {sent}, failed {failed}")
            if not loop:
                return
            time.sleep(interval)
