"""Placeholders in a message, and the email each recipient gets.

A message is plain text with placeholders in braces, ``Dear {name},``. Only the
names in ``PLACEHOLDERS`` exist; anything else in braces is refused by the form
(``placeholder_errors``), and ``{{`` / ``}}`` write a brace itself. Rendering never
goes through ``str.format`` (which would let ``{name.__class__}`` reach into
objects): the text is split into literal parts and placeholder names, and each
name is replaced by its value, a plain string.

The HTML part is the same text escaped, values included, with web addresses made
links and paragraphs kept; nothing an organiser or a delegate typed becomes markup.
"""

import re
import string

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from conference.formats import date_range, person_name
from registrations.emails import absolute_url, manage_path
from registrations.models import OutgoingEmail

#: Every placeholder a message may use, with what it becomes (shown on the form).
PLACEHOLDERS = {
    "name": _("the recipient's honorific and name, written as the message's language writes them"),
    "reference": _("their registration reference"),
    "manage_link": _("their personal link to see, change or cancel their registration"),
    "event": _("the event's name"),
    "event_dates": _("the event's dates"),
}

KIND = "message"  # OutgoingEmail.kind of a message's emails

_FORMATTER = string.Formatter()


class PlaceholderError(ValueError):
    pass


def _known_list() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def parse(text: str) -> list[tuple[str, str | None]]:
    """``[(literal, placeholder or None), ...]``; raises PlaceholderError with a message
    for people."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        raise PlaceholderError(
            _(
                "A brace that is not part of a placeholder: write a placeholder as "
                "{name}, and a brace itself as {{ or }}."
            )
        ) from None
    unknown = []
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            if shown not in unknown:
                unknown.append(shown)
    if unknown:
        raise PlaceholderError(
            _("Unknown placeholder %(unknown)s. The placeholders are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": _known_list()}
        )
    return [(literal, field) for literal, field, _spec, _conversion in parts]


def placeholder_errors(text: str) -> list[str]:
    try:
        parse(text)
    except PlaceholderError as error:
        return [str(error.args[0])]
    return []


def fill(text: str, values: dict[str, str], *, escape_html: bool = False) -> str:
    """The text with each placeholder replaced by its value (both escaped for HTML
    when asked)."""
    out = []
    for literal, field in parse(text):
        out.append(escape(literal) if escape_html else literal)
        if field is not None:
            out.append(escape(values[field]) if escape_html else values[field])
    return "".join(out)


def values_for(registration, language: str, *, manage_link: str | None = None) -> dict:
    """What each placeholder stands for, for one recipient in ``language``.

    ``manage_link`` replaces the real link (the preview hides the link's secret).
    """
    event = registration.event
    with translation.override(language):
        return {
            "name": person_name(registration, language),
            "reference": registration.reference,
            "manage_link": manage_link if manage_link is not None else manage_url(registration),
            "event": event.name,
            "event_dates": date_range(event.start_date, event.end_date, language),
        }


def manage_url(registration) -> str:
    return absolute_url(manage_path(registration))


def hidden_manage_url(registration) -> str:
    """The manage link as the preview shows it: its secret part replaced by dots."""
    with translation.override(registration.language):
        path = reverse(
            "registrations:manage",
            kwargs={"event_slug": registration.event.slug, "token": "TOKEN"},
        )
    return absolute_url(path).replace("TOKEN", "•••")


_SPACES = re.compile(r"\s+")
# A web address in escaped text: printable ASCII without spaces, quotes or angle
# brackets. Not Django's urlize, which needs a space before the address: Japanese
# writes none ("登録の変更：https://…"), and full-width punctuation ends it.
# Escaped quotes and brackets end it too.
_URL = re.compile(r"https?://(?:(?!&quot;|&#x27;|&lt;|&gt;)[!#-;=?-~])+")
_TRAILING = ".,:!?)]"


def linkify(escaped: str) -> str:
    """Make each web address in already-escaped text a link (a trailing full stop or
    closing bracket stays outside it)."""

    def link(match):
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        return f'<a href="{stripped}">{stripped}</a>{url[len(stripped) :]}'

    return _URL.sub(link, escaped)


_SUBJECT_MAX = OutgoingEmail._meta.get_field("subject").max_length


def _shorten(subject: str) -> str:
    """Long names in a long subject can pass what the queue keeps: cut, and say so."""
    if len(subject) <= _SUBJECT_MAX:
        return subject
    return subject[: _SUBJECT_MAX - 1] + "…"


def render(message, registration, *, language: str | None = None, manage_link=None) -> dict:
    """The email ``registration`` gets: ``{"language", "subject", "body_text", "body_html"}``.

    In the recipient's language unless ``language`` is given (the preview's choice),
    falling back to English where the message has no Japanese version.
    """
    language = message.language_for(language or registration.language)
    if language == "ja":
        subject, body = message.subject_ja, message.body_ja
    else:
        subject, body = message.subject_en, message.body_en
    values = values_for(registration, language, manage_link=manage_link)
    # One line, whatever a value holds: a line break in a header would be refused.
    subject_text = _shorten(_SPACES.sub(" ", fill(subject, values)).strip())
    body_text = fill(body, values)
    # Escaped first (values too), then links and paragraphs: the only markup is ours.
    body_html = mark_safe(linebreaks(linkify(fill(body, values, escape_html=True))))
    html = render_to_string(
        "messaging/email/message.html",
        {"language": language, "subject": subject_text, "body_html": body_html},
    )
    return {
        "language": language,
        "subject": subject_text,
        "body_text": body_text,
        "body_html": html,
    }
