"""Changes to speakers that reach beyond their row: the photo files in storage."""

from functools import partial

from django.db import transaction

from speakers.images import reencode_photo
from speakers.models import Speaker
from speakers.thumbnails import delete_photo_files


def save_speaker(*, speaker: Speaker, photo_changed: bool) -> Speaker:
    """Save a speaker from a validated form.

    A new photo is stored as Pillow's clean copy (``reencode_photo``), never the
    uploaded bytes. The photo it replaces, or that was cleared, is deleted with its
    thumbnails once the change is committed, so no file outlives its speaker's
    reference to it (and nothing is deleted for a change that rolls back).
    """
    with transaction.atomic():
        previous = (
            Speaker.objects.filter(pk=speaker.pk).values_list("photo", flat=True).first()
            if speaker.pk
            else ""
        )
        if photo_changed and speaker.photo:
            speaker.photo = reencode_photo(speaker.photo)
        speaker.save()
        if previous and previous != speaker.photo.name:
            storage = speaker.photo.storage
            transaction.on_commit(partial(delete_photo_files, previous, storage))
    return speaker


def delete_speaker(*, speaker: Speaker) -> None:
    """Delete a speaker, then (after commit) their photo and its thumbnails."""
    with transaction.atomic():
        photo, storage = speaker.photo.name, speaker.photo.storage
        speaker.delete()
        if photo:
            transaction.on_commit(partial(delete_photo_files, photo, storage))
