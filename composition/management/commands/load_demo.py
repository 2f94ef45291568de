from django.core.management.base import BaseCommand

from composition.demo import NEXT_EDITION_SLUG, load_demo
from conference.models import Event


class Command(BaseCommand):
    help = (
        "Create or restore the demo: the Tokyo 2016 edition (an archive) and an illustrative "
        "next edition dated from today, open for sign-ups (safe to run again the same day: "
        "it changes nothing)."
    )

    def handle(self, *args, **options):
        archive = load_demo()
        upcoming = Event.objects.get(slug=NEXT_EDITION_SLUG)
        for event in (archive, upcoming):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo loaded: {event.name} ({event.slug}, {event.start_date:%Y-%m-%d}), "
                    f"{event.themes.count()} themes, {event.sessions.count()} sessions, "
                    f"{event.registrations.count()} registrations."
                )
            )
