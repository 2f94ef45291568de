import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from conference.models import Event
from registrations import exporters, selectors
from registrations.models import ExportLog, Registration


def _operating_system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


class Command(BaseCommand):
    help = (
        "Export an event's attendee list as CSV (the same file as the staff page's download), "
        "to a file or standard output. Every export is recorded in the export log."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_slug", help="the event's slug, e.g. tokyo-2016")
        parser.add_argument(
            "--status",
            action="append",
            choices=Registration.Status.values,
            default=[],
            help="only registrations with this status; repeat for several (default: all)",
        )
        parser.add_argument(
            "--output", "-o", help="write the CSV to this file instead of standard output"
        )

    def handle(self, *args, event_slug, status, output, **options):
        try:
            event = Event.objects.get(slug=event_slug)
        except Event.DoesNotExist as error:
            raise CommandError(f"No event with the slug {event_slug!r}.") from error
        filters = selectors.AttendeeFilter(statuses=tuple(dict.fromkeys(status)))
        log = exporters.log_export(
            event=event,
            source=ExportLog.Source.COMMAND,
            filters=filters.describe(),
            username=_operating_system_user(),
        )
        chunks = exporters.csv_chunks(
            selectors.attendees(event=event, filters=filters), event=event, log=log
        )
        if output:
            with open(output, "wb") as file:
                for chunk in chunks:
                    file.write(chunk)
            log.refresh_from_db()
            self.stderr.write(f"Wrote {log.row_count} registrations to {output}.")
        else:
            for chunk in chunks:
                self.stdout.write(chunk.decode("utf-8"), ending="")
