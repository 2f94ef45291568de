"""Changes to events that reach beyond their row: the logo's file in storage."""

from functools import partial

from django.db import transaction

from conference.models import Event
from speakers.images import reencode_photo


def _delete_file(name: str, storage) -> None:
    storage.delete(name)


def save_event(*, event: Event, logo_changed: bool) -> Event:
    """Save an event from a validated form.

    A new logo is stored as Pillow's clean copy (no metadata, the format Pillow found),
    never the uploaded bytes. The logo it replaces, or that was cleared, is deleted once
    the change is committed (a rolled-back change keeps its file).
    """
    with transaction.atomic():
        previous = (
            Event.objects.filter(pk=event.pk).values_list("logo", flat=True).first()
            if event.pk
            else ""
        )
        if logo_changed and event.logo:
            event.logo = reencode_photo(event.logo, stem="logo")
        event.save()
        if previous and previous != event.logo.name:
            transaction.on_commit(partial(_delete_file, previous, event.logo.storage))
    return event


def delete_event(*, event: Event) -> None:
    """Delete an event, then (after commit) its logo's file."""
    with transaction.atomic():
        logo, storage = event.logo.name, event.logo.storage
        event.delete()
        if logo:
            transaction.on_commit(partial(_delete_file, logo, storage))
