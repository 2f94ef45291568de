from django.core.management.base import BaseCommand

from composition.demo import load_demo


class Command(BaseCommand):
    help = "Create or restore the Tokyo 2016 demo event (safe to run again: it changes nothing)."

    def handle(self, *args, **options):
        event = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {event.name} ({event.slug}), {event.themes.count()} themes, "
                f"{event.sessions.count()} sessions, {event.registrations.count()} registrations."
            )
        )
