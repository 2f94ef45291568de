import logging
import time

from django.core.management.base import BaseCommand

from registrations import hooks
from registrations.emails import send_due
from registrations.services import send_requested_manage_links

logger = logging.getLogger(__name__)


def run_worker_tasks() -> int:
    """The higher apps' parts of a round (registrations.hooks.worker_tasks): how many
    emails they queued. One that fails is logged and the round carries on, so a fault
    in one never holds up delegates' emails."""
    queued = 0
    for task in hooks.worker_tasks:
        try:
            queued += task()
        except Exception:
            logger.exception("mail worker task %s failed", getattr(task, "__qualname__", task))
    return queued


class Command(BaseCommand):
    help = (
        "The mail worker: answer manage-link requests, queue what the other apps have "
        "to send (messages to participants, at each event's rate), send queued emails "
        "and retry failed ones. "
        "Runs once, or keeps going with --loop (for a separate worker process)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between runs.")

    def handle(self, *args, loop=False, interval=5.0, **options):
        while True:
            send_requested_manage_links()  # queues the manage links asked for
            run_worker_tasks()
            sent, failed = send_due()
            if sent or failed or not loop:
                self.stdout.write(f"sent {sent}, failed {failed}")
            if not loop:
                return
            time.sleep(interval)
