from django.core.management.base import BaseCommand, CommandError

from conference.models import Event
from protocol.services import load_default_precedence


class Command(BaseCommand):
    help = (
        "Create the default UK–Japan order of precedence (English and Japanese): the "
        "site-wide list, or an event's own list with --event SLUG. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", help="the event's slug, for a list of its own")

    def handle(self, *args, event=None, **options):
        target = None
        if event:
            target = Event.objects.filter(slug=event).first()
            if target is None:
                raise CommandError(f"No event with the slug {event!r}.")
        categories = load_default_precedence(event=target)
        where = f"for {target.slug}" if target else "site-wide"
        self.stdout.write(self.style.SUCCESS(f"{len(categories)} precedence categories {where}."))
