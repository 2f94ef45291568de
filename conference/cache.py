"""Whole-page cache for the public site, per language, emptied when organisers edit.

Pages are stored under a key made of a site-wide *version*, the language and
the full path (query string included). Any change to an event, venue, theme,
session, appearance or speaker replaces the version (see ``invalidate``,
connected in ``composition.apps``), so every cached page goes stale at once
without having to know which pages showed the changed row. The admin writes
through the ORM directly, which is why model signals, not services, drive it.

Signed-in staff are never served from, nor stored into, the cache: they may
be previewing unpublished content. Nor is a visitor with a message waiting
(a flash message can carry their email or reference, and must never be baked
into a page others get), nor a request with query parameters other than a
numeric ``theme`` or ``order=precedence`` (arbitrary query strings would fill the
cache, and pages echo the query string in their language links).
"""

import hashlib
import uuid
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 10 * 60  # also bounds how stale time-dependent text (registration state) gets


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(): two first requests racing agree on one version.
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _bump():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**kwargs):
    """Signal receiver: forget every cached public page.

    Bumped now, so this process sees the change at once, and again after
    commit, so a page rendered from the old rows by another request while the
    transaction was open is not kept either.
    """
    _bump()
    transaction.on_commit(_bump)


# The only query parameters a cached page may vary on, each with the values it may
# take: the agenda's numeric theme, the speakers page's order.
CACHEABLE_PARAMETERS = {
    "theme": str.isdigit,
    "order": frozenset({"precedence"}).__contains__,
}


def is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if len(get_messages(request)):  # counts without marking them as shown
        return False
    return all(
        name in CACHEABLE_PARAMETERS and all(CACHEABLE_PARAMETERS[name](v) for v in values)
        for name, values in request.GET.lists()
    )


def page_key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-pages:{current_version()}:{translation.get_language()}:{path}"


def cached_public_page(view):
    """Cache a GET view's 200 responses for anonymous visitors.

    A view may lower the timeout for one response by setting
    ``response.cache_timeout`` (the event page does, up to the moment
    registration opens or closes).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type, extra_headers = hit
            response = HttpResponse(content, content_type=content_type)
            for header, value in extra_headers.items():
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # A response that sets a cookie is for this visitor alone.
        if response.status_code == 200 and not response.streaming and not response.cookies:
            timeout = getattr(response, "cache_timeout", PAGE_TIMEOUT)
            extra = {
                header: response[header]
                for header in ("Content-Disposition",)
                if response.has_header(header)
            }
            if timeout > 0:
                cache.set(key, (response.content, response["Content-Type"], extra), timeout)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
