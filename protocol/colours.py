"""Delegation colours: ``#rrggbb``, and the text colour that stays readable on them.

WCAG 2.2 asks for a contrast of at least 4.5:1 between text and its background.
Black or white, whichever contrasts more with the colour, always reaches it: the
worst case, a mid grey where both are equal, still gives about 4.58:1.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COLOUR_PATTERN = r"^#[0-9a-f]{6}$"
_COLOUR = re.compile(COLOUR_PATTERN)
BLACK = "#000000"
WHITE = "#ffffff"


def validate_colour(value: str) -> None:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise ValidationError(
            _("Enter a colour as # and six hexadecimal digits in lower case, e.g. #1f4e79."),
            code="invalid_colour",
        )


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb``: 0 for black, 1 for white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(colour: str) -> str:
    """Black or white: whichever reads better on ``colour`` (always at least 4.5:1)."""
    return BLACK if contrast_ratio(colour, BLACK) >= contrast_ratio(colour, WHITE) else WHITE
