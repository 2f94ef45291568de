"""The demonstration data `make run` loads: ``load_demo()`` creates or restores it.

Two editions: the Tokyo 2016 dialogue (``tokyo_2016``), an archive that takes no
sign-ups, and an illustrative next edition dated from today (``next_edition``), so
that sign-up, the manage link and the door can be tried.

Data and loader are apart: ``seed`` (what the 2016 event page says), ``tokyo_2016``
and ``next_edition`` (each edition's records), ``people`` (fictional delegates) hold
keyword-built records (``records``); ``loader`` turns them into rows.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from composition.demo.loader import load_edition, load_speakers, load_venue
from composition.demo.next_edition import NEXT_EDITION_SLUG, next_edition
from composition.demo.seed import TOKYO
from composition.demo.tokyo_2016 import EDITION as TOKYO_2016
from composition.demo.tokyo_2016 import EVENT_SLUG
from protocol.services import load_default_precedence

__all__ = ["EVENT_SLUG", "NEXT_EDITION_SLUG", "load_demo"]


@transaction.atomic
def load_demo(*, today: date | None = None):
    """Create or restore the demo; returns the Tokyo 2016 event.

    ``today`` (default: today in Tokyo) dates the illustrative next edition. Safe to
    run again: the same day it changes nothing.
    """
    load_default_precedence()  # the site-wide order of precedence both editions use
    venue = load_venue()
    speakers = load_speakers()
    event = load_edition(TOKYO_2016, venue=venue, speakers=speakers)
    load_edition(
        next_edition(today or timezone.localdate(timezone=TOKYO)), venue=venue, speakers=speakers
    )
    return event
