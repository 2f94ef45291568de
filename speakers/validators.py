"""Checks on uploaded speaker photos, shared by the model field and its forms.

Django's ImageField already refuses files Pillow cannot open; these add what a
public site needs on top: a size cap, a pixel cap (a small file can still
decompress into a huge bitmap), a short list of web formats, and a full decode:
a truncated or corrupt file opens (only its header is read) but fails when its
pixels are, so every pixel is decoded here rather than when the photo is stored.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 25_000_000  # e.g. 5000 x 5000
# MPO is the multi-picture JPEG many phones write; its first picture is kept.
ALLOWED_PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}


@deconstructible
class PhotoValidator:
    # What each refusal says: a subclass (the event logo's) names its own subject.
    messages = {
        "too_large": _("The photo is %(size)s; the largest accepted is %(max)s."),
        "too_many_pixels": _("The photo has too many pixels to be processed safely."),
        "not_an_image": _("Upload a photo in JPEG, PNG or WebP format. This file is not an image."),
        "too_many_pixels_sized": _(
            "The photo is %(width)s × %(height)s pixels; "
            "at most %(max)s million pixels are accepted."
        ),
        "bad_format": _("Upload a photo in JPEG, PNG or WebP format (this one is %(format)s)."),
        "damaged": _(
            "The photo could not be read to the end: the file is incomplete or "
            "damaged. Save or export it again and upload the new file."
        ),
    }
    code_prefix = "photo"

    def __init__(self, max_bytes=MAX_PHOTO_BYTES, max_pixels=MAX_PHOTO_PIXELS):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, file):
        if file.size is not None and file.size > self.max_bytes:
            raise ValidationError(
                self.messages["too_large"],
                code=f"{self.code_prefix}_too_large",
                params={"size": filesizeformat(file.size), "max": filesizeformat(self.max_bytes)},
            )
        position = file.tell() if hasattr(file, "tell") else None
        try:
            file.seek(0)
            # Image.open reads only the header: dimensions are known before
            # any pixel is decoded, so a decompression bomb is never expanded.
            with Image.open(file) as image:
                width, height = image.size
                image_format = image.format
        except Image.DecompressionBombError:
            raise ValidationError(
                self.messages["too_many_pixels"],
                code=f"{self.code_prefix}_too_many_pixels",
            ) from None
        except Exception:
            raise ValidationError(
                self.messages["not_an_image"],
                code=f"{self.code_prefix}_not_an_image",
            ) from None
        finally:
            if position is not None:
                file.seek(position)
        if width * height > self.max_pixels:
            raise ValidationError(
                self.messages["too_many_pixels_sized"],
                code=f"{self.code_prefix}_too_many_pixels",
                params={"width": width, "height": height, "max": self.max_pixels // 1_000_000},
            )
        if image_format not in ALLOWED_PHOTO_FORMATS:
            raise ValidationError(
                self.messages["bad_format"],
                code=f"{self.code_prefix}_bad_format",
                params={"format": image_format},
            )
        self._decode(file)

    def _decode(self, file):
        """Decode every pixel (within the pixel cap, checked above): a file cut short
        or damaged inside is refused here instead of failing when it is stored."""
        position = file.tell() if hasattr(file, "tell") else None
        try:
            file.seek(0)
            with Image.open(file) as image:
                image.load()
        except Exception:
            raise ValidationError(
                self.messages["damaged"],
                code=f"{self.code_prefix}_damaged",
            ) from None
        finally:
            if position is not None:
                file.seek(position)

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


validate_photo = PhotoValidator()
