"""Square WebP thumbnails of speaker photos, made once and then served as files.

The original upload (up to 5 MB) never goes to a visitor. A thumbnail's name
carries a digest of the original's name and size, so replacing a photo makes
a new thumbnail and a browser never keeps showing the old face.
"""

import hashlib
import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = 400
# Every size the site makes: a photo's files are found (and deleted) from these.
THUMBNAIL_SIZES = (THUMBNAIL_SIZE,)
THUMBNAIL_QUALITY = 82


def thumbnail_name(photo_name: str, size: int, source_size: int) -> str:
    digest = hashlib.sha256(f"{photo_name}:{source_size}".encode()).hexdigest()[:10]
    stem = PurePosixPath(photo_name).stem
    return f"speakers/thumbnails/{stem}-{digest}-{size}.webp"


def make_thumbnail(source, size: int = THUMBNAIL_SIZE) -> bytes:
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, "WEBP", quality=THUMBNAIL_QUALITY, method=4)
    return out.getvalue()


def thumbnail_url(speaker, size: int = THUMBNAIL_SIZE) -> str:
    """URL of the speaker's thumbnail, generating it on first use; '' without a photo."""
    photo = speaker.photo
    if not photo:
        return ""
    storage = photo.storage
    try:
        name = thumbnail_name(photo.name, size, storage.size(photo.name))
        if not default_storage.exists(name):
            with storage.open(photo.name, "rb") as source:
                default_storage.save(name, ContentFile(make_thumbnail(source, size)))
    except (OSError, Image.DecompressionBombError):
        # A missing or unreadable original leaves the speaker without a photo
        # rather than the page without a response.
        logger.warning("No thumbnail for speaker photo %s", photo.name, exc_info=True)
        return ""
    return default_storage.url(name)


def delete_photo_files(photo_name: str, storage=default_storage) -> None:
    """Delete a stored photo and every thumbnail made from it.

    A thumbnail's name depends on the original's size, so the thumbnails go first.
    Called once the change that dropped the photo is committed: a rolled-back
    change keeps its files.
    """
    try:
        source_size = storage.size(photo_name)
    except OSError:
        source_size = None  # the original is gone already; its thumbnails cannot be named
    if source_size is not None:
        for size in THUMBNAIL_SIZES:
            default_storage.delete(thumbnail_name(photo_name, size, source_size))
    storage.delete(photo_name)
