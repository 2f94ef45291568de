"""Template helpers for the public pages; registration pages and emails may use them too.

{% load conference_tags %}
{{ event.start_date|long_date }}          Tuesday 1 November 2016 / 2016年11月1日（火）
{% date_range event.start_date event.end_date %}
{% time_range session.starts_at session.ends_at event.tzinfo %}   09:15–10:00
{{ speaker|person_name }}  {{ speaker|alternate_name }}  {{ participant|latin_name }}
{{ speaker.biography|markdown }}   {{ event.venue|address }}
{% speaker_thumbnail speaker %}
{% obfuscated_email event.contact_email %}
{% translated_url "ja" %}                 this page in Japanese
{% slug_url "conference:speaker" speaker_slug=speaker.slug %}   {% url %}, for lists
{% sentences %}{% translate "A." %} {% translate "B." %}{% endsentences %}   A. B. / Ａ。Ｂ。
"""

import json
import re
from functools import lru_cache

from django import template
from django.core.exceptions import DisallowedHost
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language

from conference import formats
from conference.models import SessionRole
from conference.rendering import render_markdown
from speakers.thumbnails import thumbnail_url

register = template.Library()

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _slot(name: str) -> str:
    return f"slot-{name.replace('_', '-')}-7f3a9c"


@lru_cache(maxsize=128)
def _url_pattern(name: str, language, script_prefix: str, names: tuple) -> str:
    return reverse(name, kwargs={key: _slot(key) for key in names})


@register.simple_tag
def slug_url(name, **kwargs):
    """``{% url name key=slug … %}`` for a URL made of slugs, reversed once per language:
    the agenda links two hundred sessions and their speakers, and Django's reverse
    costs far more than the string it makes. Anything but a plain slug goes through
    ``reverse()`` as usual."""
    values = {key: str(value) for key, value in kwargs.items()}
    if not all(_SLUG.fullmatch(value) for value in values.values()):
        return reverse(name, kwargs=values)
    url = _url_pattern(name, get_language(), get_script_prefix(), tuple(sorted(values)))
    for key, value in values.items():
        url = url.replace(_slot(key), value)
    return url


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def long_date(value, language=None):
    return formats.long_date(value, language) if value else ""


@register.simple_tag
def date_range(start, end, language=None):
    return formats.date_range(start, end, language)


@register.simple_tag
def time_range(start, end, zone):
    return formats.time_range(start, end, zone)


@register.simple_tag
def local_day(value, zone):
    """The long date of an instant in the event's zone: 'Tuesday 1 November 2016'."""
    return formats.long_date(localtime(value, zone).date())


@register.simple_tag
def local_time(value, zone):
    return formats.local_time(value, zone)


@register.simple_tag
def zone_label(value, zone):
    return formats.zone_label(value, zone)


@register.filter
def person_name(person, language=None):
    return formats.person_name(person, language)


@register.filter
def alternate_name(person, language=None):
    return formats.alternate_name(person, language)


@register.filter
def latin_name(person):
    """The name alone in Latin letters, in its language's order: 'OTSUKA Umio'."""
    return formats.latin_name(person)


@register.filter
def address(venue):
    """The venue on one line in the active language's order (``formats.venue_address``)."""
    return formats.venue_address(venue)


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag
def speaker_thumbnail(speaker):
    return thumbnail_url(speaker)


@register.filter
def jsonld(data):
    """Data for a <script type="application/ld+json"> block, safe inside HTML."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


@register.simple_tag
def obfuscated_email(address):
    """An address bots cannot lift as plain text; static/js/site.js turns it into a
    mailto link, and without JavaScript a person reads 'name [at] example.org'."""
    if not address or "@" not in address:
        return ""
    user, domain = address.rsplit("@", 1)
    return format_html(
        '<span class="js-email" data-user="{}" data-domain="{}">{} [at] {}</span>',
        user[::-1],
        domain[::-1],
        user,
        domain,
    )


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without its query string; empty when the request's Host is
    not one of ours — the 400 page that refuses such a Host must not ask for it again."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        return f"{request.scheme}://{request.get_host()}{request.path}"
    except DisallowedHost:
        return ""


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page in another language, query string kept."""
    request = context.get("request")
    if request is None:
        return ""
    return translate_url(request.get_full_path(), language)


@register.filter
def role_groups(roles):
    """Consecutive appearances in one role as one line: [(label, [role, ...], separator)],
    the label plural when the line names several people ("Panellists: A, B"), the
    separator Japanese in Japanese (、) and a semicolon where a name carries a title."""
    groups = []
    for role in roles:
        if groups and groups[-1][0] == role.role:
            groups[-1][1].append(role)
        else:
            groups.append((role.role, [role]))
    japanese = (get_language() or "").startswith("ja")
    result = []
    for kind, members in groups:
        if len(members) > 1:
            label = SessionRole.ROLE_PLURALS[kind]
        else:
            label = members[0].get_role_display()
        if japanese:
            separator = "、"
        elif any(member.appearance_title for member in members):
            separator = "; "
        else:
            separator = ", "
        result.append((label, members, separator))
    return result


@register.filter
def name_lang(person):
    """' lang="en"' where a Japanese page shows a person's name in Latin letters (they
    gave no name in Japanese script), so a screen reader does not read it as Japanese;
    nothing elsewhere. For the element that holds ``person|person_name``."""
    if (get_language() or "").startswith("ja") and not getattr(person, "japanese_name", ""):
        return mark_safe(' lang="en"')
    return ""


# Japanese full-width punctuation carries its own space: whitespace after 。、：！？ or a
# closing bracket, or before an opening one, prints as a stray gap (「並び順：␣…」).
# Tags between the punctuation and the gap do not count (「…：</strong> 」).
_JAPANESE_GAP = re.compile(
    r"([。、：！？」』）](?:<[^>]*>)*)\s+|\s+(?=(?:<[^>]*>)*[「『（。、：！？」』）])"
)


class SentencesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        output = self.nodelist.render(context)
        if (get_language() or "").startswith("ja"):
            # Only whitespace goes: what was safe stays safe.
            return mark_safe(_JAPANESE_GAP.sub(lambda match: match.group(1) or "", output))
        return output


@register.tag
def sentences(parser, token):
    """Template text made of several translated sentences (and the line breaks between
    them in the template): in Japanese, no space after 。 or ： and around brackets, as
    Japanese is written; in English, as written. Not for user input fields (a textarea's
    text or an input's value would lose spaces the person typed)."""
    nodelist = parser.parse(("endsentences",))
    parser.delete_first_token()
    return SentencesNode(nodelist)
