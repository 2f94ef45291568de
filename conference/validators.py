"""Checks on an event's uploaded logo: those of speaker photos, worded for a logo.

SVG is refused rather than sanitised: an SVG is a document that can carry scripts,
external references and entity tricks, and no well-kept sanitiser is installed here.
Organisers export the logo as PNG (transparent background kept) or WebP instead,
and the message says so. An SVG is recognised by its content, not its name.
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from speakers.validators import PhotoValidator

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 16_000_000  # e.g. 4000 x 4000


def looks_like_svg(head: bytes) -> bool:
    """Whether a file's first bytes are an SVG document (markup naming an <svg> element,
    after any XML declaration, doctype or comment), whatever the file is called."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith(b"<") and b"<svg" in text


SVG_REFUSED = _(
    "SVG logos are not accepted: an SVG file can carry scripts. Export the "
    "logo as PNG (keeping its transparent background) or WebP and upload that."
)


def refuse_svg(file) -> None:
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        head = file.read(4096)
    finally:
        if position is not None:
            file.seek(position)
    if looks_like_svg(head):
        raise ValidationError(SVG_REFUSED, code="logo_svg")


@deconstructible
class LogoValidator(PhotoValidator):
    messages = {
        "too_large": _("The logo is %(size)s; the largest accepted is %(max)s."),
        "too_many_pixels": _("The logo has too many pixels to be processed safely."),
        "not_an_image": _(
            "Upload the logo in PNG, JPEG or WebP format. This file is not an image."
        ),
        "too_many_pixels_sized": _(
            "The logo is %(width)s × %(height)s pixels; "
            "at most %(max)s million pixels are accepted."
        ),
        "bad_format": _("Upload the logo in PNG, JPEG or WebP format (this one is %(format)s)."),
        "damaged": _(
            "The logo could not be read to the end: the file is incomplete or "
            "damaged. Save or export it again and upload the new file."
        ),
    }
    code_prefix = "logo"

    def __init__(self, max_bytes=MAX_LOGO_BYTES, max_pixels=MAX_LOGO_PIXELS):
        super().__init__(max_bytes=max_bytes, max_pixels=max_pixels)

    def __call__(self, file):
        refuse_svg(file)
        super().__call__(file)


validate_logo = LogoValidator()
