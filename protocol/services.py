"""Changes to the protocol app's own rows."""

from django.db import transaction

from conference.models import Event
from protocol.defaults import DEFAULT_PRECEDENCE
from protocol.models import PrecedenceCategory


def load_default_precedence(*, event: Event | None = None) -> list[PrecedenceCategory]:
    """Create (or bring back) the default order of precedence; returns it in order.

    Site-wide without ``event``; an event's own list with it. Safe to run again:
    categories are matched by their English name, and only what differs is saved.
    Categories an organiser added are left alone.
    """
    categories = []
    with transaction.atomic():
        for order, name_en, name_ja in DEFAULT_PRECEDENCE:
            category = PrecedenceCategory.objects.filter(event=event, name_en=name_en).first()
            if category is None:
                category = PrecedenceCategory(event=event, name_en=name_en)
            wanted = {"name_ja": name_ja, "order": order}
            if category.pk is None or any(
                getattr(category, key) != value for key, value in wanted.items()
            ):
                for key, value in wanted.items():
                    setattr(category, key, value)
                category.full_clean()
                category.save()
            categories.append(category)
    return categories
