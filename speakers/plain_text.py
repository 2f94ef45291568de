"""What a name or an organisation may contain: text a person can see, and nothing else.

It lives in the bottom app (``speakers`` ← ``conference`` ← ``registrations``) so that
every app may use it: speakers' names here, delegates' names in registrations. Model
fields carry these validators, so every model form, the admin and ``full_clean()`` in
the services apply them with the same message.

Refused, because they are invisible, reorder the text around them or break the
pages and files the text is printed in (HTML allows no C0/C1 control character;
a bidi override can make "Smith" display as "htimS" on a badge or in the admin):

- C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F); a multi-line field
  keeps tab, line feed and carriage return;
- line and paragraph separators (U+2028, U+2029) in single-line fields;
- bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069);
- text made only of invisible characters (zero-width spaces and joiners, soft
  hyphens, other format characters and spaces).

Joiners inside visible text stay allowed: emoji sequences and some scripts need them.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MULTI_LINE_CONTROLS = frozenset("\t\n\r")
LINE_SEPARATORS = frozenset("\u2028\u2029")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Categories that show nothing by themselves: spaces, format characters, controls.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


@deconstructible
class PlainTextValidator:
    """Refuse control, bidi-control and invisible-only text (see the module's docstring)."""

    messages = {
        "control": _(
            "This contains an invisible control character (often left by copying and "
            "pasting). Please type it again."
        ),
        "line_break": _("Please write this on one line."),
        "bidi": _(
            "This contains an invisible character that changes the direction of the text. "
            "Please type it again without it."
        ),
        "invisible": _("Please write this with visible characters."),
    }

    def __init__(self, *, multi_line: bool = False):
        self.multi_line = multi_line

    def __call__(self, value):
        if not value:
            return
        for char in value:
            if _is_control(char) and not (self.multi_line and char in MULTI_LINE_CONTROLS):
                code = "line_break" if char in "\n\r" else "control"
                raise ValidationError(self.messages[code], code=code)
            if char in LINE_SEPARATORS and not self.multi_line:
                raise ValidationError(self.messages["line_break"], code="line_break")
            if char in BIDI_CONTROLS:
                raise ValidationError(self.messages["bidi"], code="bidi")
        if all(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in value):
            raise ValidationError(self.messages["invisible"], code="invisible")

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and self.multi_line == other.multi_line


validate_single_line = PlainTextValidator()
validate_multi_line = PlainTextValidator(multi_line=True)
