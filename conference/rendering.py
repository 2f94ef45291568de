"""Markdown written by organisers (biographies, descriptions), rendered safely.

Organisers are trusted to write, not to write HTML: whatever Markdown lets
through (raw HTML included) is cut down to a few formatting tags by nh3, so a
``<script>`` or an ``onerror=`` pasted into a biography never reaches a page.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Removed with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "noscript", "template"}


def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")
    html = markdown.markdown(text, output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            clean_content_tags=DROPPED_WITH_CONTENT,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )
