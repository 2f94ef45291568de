"""The demonstration data `make run` loads: ``load_demo()`` creates or restores it.

Two editions: the Tokyo 2016 dialogue (``tokyo_2016``), an archive that takes no
sign-ups, and an illustrative next edition dated from today (``next_edition``), so
that sign-up, the manage link and the door can be tried.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from composition.demo.next_edition import NEXT_EDITION_SLUG, load_next_edition
from composition.demo.tokyo_2016 import EVENT_SLUG, TOKYO, load_tokyo_2016

__all__ = ["EVENT_SLUG", "NEXT_EDITION_SLUG", "load_demo"]


@transaction.atomic
def load_demo(*, today: date | None = None):
    """Create or restore the demo; returns the Tokyo 2016 event.

    ``today`` (default: today in Tokyo) dates the illustrative next edition. Safe to
    run again: the same day it changes nothing.
    """
    event, venue, speakers = load_tokyo_2016()
    load_next_edition(
        venue=venue, speakers=speakers, today=today or timezone.localdate(timezone=TOKYO)
    )
    return event
