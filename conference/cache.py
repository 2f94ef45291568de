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

import gzip
import hashlib
import time
import uuid
from contextvars import ContextVar
from functools import lru_cache, wraps
from pathlib import Path

import brotli
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 10 * 60  # also bounds how stale time-dependent text (registration state) gets
MESSAGES_COOKIE = CookieStorage.cookie_name


# The version as this request first read it (PublicPageCacheMiddleware opens the memo):
# the page cache, the sign-up event and the sign-up form each ask, and one round trip
# answers them all. A page rendered while an edit elsewhere moves the version on is then
# stored under the old one, where nobody looks for it any more.
_request_memo: ContextVar[dict | None] = ContextVar("public_pages_memo", default=None)


def current_version() -> str:
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(): two first requests racing agree on one version.
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    if memo is not None:
        memo["version"] = version
    return version


def _bump():
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    memo = _request_memo.get()
    if memo is not None:
        memo["version"] = version  # this request sees its own edit at once


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


def _cacheable_query(request) -> bool:
    return all(
        name in CACHEABLE_PARAMETERS and all(CACHEABLE_PARAMETERS[name](v) for v in values)
        for name, values in request.GET.lists()
    )


def is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if len(get_messages(request)):  # counts without marking them as shown
        return False
    return _cacheable_query(request)


def page_key(request, *, language: str | None = None) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = language or translation.get_language()
    return f"public-pages:{current_version()}:{language}:{path}"


# Below this, a compressed body's header costs more than it saves.
COMPRESS_MIN_BYTES = 512
# Brotli's quality 5 is a little faster than gzip's level 6 here and ~20 % smaller (the
# 200-session agenda: 9.2 against 11.5 KiB, ~1 ms each); 11 would take 160 ms a page.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# What a stored page holds; an entry of another shape (an older release's) is a miss.
ENTRY_FORMAT = 2


def _entry(response) -> dict:
    """What is stored for one page: its bytes compressed, Brotli and gzip, and its
    validators.

    Compressing what we cache is safe from BREACH: that attack needs a secret (a CSRF
    token, a session's personal data) compressed together with text the attacker
    chooses, and a cached public page has neither. It is the same bytes for every
    visitor, holds no token, and no part of it comes from the request: nothing is
    stored for a signed-in visitor, a waiting message or an arbitrary query string
    (``is_cacheable``), nor any response that sets a cookie. Pages with a CSRF token
    or personal data are never compressed by us (nor by nginx: deploy/nginx.conf).
    """
    content = response.content
    compress = len(content) >= COMPRESS_MIN_BYTES
    return {
        "format": ENTRY_FORMAT,
        # The plain bytes only when too small to compress; else made from gzip for the
        # rare client that takes neither.
        "body": b"" if compress else content,
        "br": brotli.compress(content, quality=BROTLI_QUALITY) if compress else None,
        "gzip": gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0) if compress else None,
        "type": response["Content-Type"],
        "headers": {
            header: response[header]
            for header in ("Content-Disposition",)
            if response.has_header(header)
        },
        "etag": f'"{hashlib.sha256(content).hexdigest()[:32]}"',
        "modified": int(time.time()),
    }


def _is_entry(hit) -> bool:
    return isinstance(hit, dict) and hit.get("format") == ENTRY_FORMAT


@lru_cache(maxsize=256)
def _accepted_encodings(header: str) -> dict[str, float]:
    """``Accept-Encoding`` as ``{coding: q}``; a q that does not parse counts as 0."""
    accepted = {}
    for part in header.lower().split(","):
        name, _sep, parameters = part.partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _sep, value = parameter.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip():
            accepted[name.strip()] = quality
    return accepted


def _encoding(request, entry: dict) -> str | None:
    """The stored coding this client prefers: Brotli, then gzip, else none."""
    accepted = _accepted_encodings(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    best = max(
        (
            (accepted.get(name, accepted.get("*", 0.0)), rank, name)
            for rank, name in ((2, "br"), (1, "gzip"))
            if entry[name] is not None
        ),
        default=None,
    )
    return best[2] if best is not None and best[0] > 0 else None


def _respond(request, entry: dict, state: str) -> HttpResponse:
    """The stored page, compressed as the client accepts it, or 304 Not Modified."""
    encoding = _encoding(request, entry)
    if encoding is not None:
        body = entry[encoding]
    elif entry["gzip"] is not None:
        body = gzip.decompress(entry["gzip"])
    else:
        body = entry["body"]
    response = HttpResponse(body, content_type=entry["type"])
    for header, value in entry["headers"].items():
        response[header] = value
    if encoding is not None:
        response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(body))
    # Weak: every coding of the page is the same page to a conditional request.
    response["ETag"] = "W/" + entry["etag"]
    response["Last-Modified"] = http_date(entry["modified"])
    patch_vary_headers(response, ("Accept-Encoding",))
    response["X-Page-Cache"] = state
    return (
        get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=entry["modified"],
            response=response,
        )
        or response
    )


def cached_public_page(view):
    """Cache a GET view's 200 responses for anonymous visitors.

    A view may lower the timeout for one response by setting
    ``response.cache_timeout`` (the event page does, up to the moment
    registration opens or closes). Most hits are answered before this, by
    ``PublicPageCacheMiddleware``; this serves the rest (a visitor with a
    session cookie who is not signed in) and stores what is rendered.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        hit = cache.get(key)
        if _is_entry(hit):
            return _respond(request, hit, "hit")
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # A response that sets a cookie is for this visitor alone.
        if response.status_code == 200 and not response.streaming and not response.cookies:
            timeout = getattr(response, "cache_timeout", PAGE_TIMEOUT)
            entry = _entry(response)
            if timeout > 0:
                cache.set(key, entry, timeout)
                return _respond(request, entry, "miss")
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


class PublicPageCacheMiddleware:
    """Answer a cached public page before sessions, language, CSRF and the URL resolver.

    Only where the answer cannot depend on them: a GET or HEAD without a session
    cookie (so nobody signed in, and no message waiting in the session) and without a
    messages cookie, with only the query parameters pages are cached under. The
    language comes from the path, as ``LocaleMiddleware`` takes it with
    ``i18n_patterns`` (English unprefixed). Everything else goes the long way, and
    ``cached_public_page`` decides there. The security headers are added outside this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            if request.method in ("GET", "HEAD") and not (
                settings.SESSION_COOKIE_NAME in request.COOKIES
                or MESSAGES_COOKIE in request.COOKIES
            ):
                entry = self._cached(request)
                if entry is not None:
                    return entry
            return self.get_response(request)
        finally:
            _request_memo.reset(token)

    @staticmethod
    def _cached(request):
        if not _cacheable_query(request):
            return None
        request.get_host()  # a Host not in ALLOWED_HOSTS is refused here as anywhere
        prefixed = translation.get_language_from_path(request.path_info)
        language = prefixed or settings.LANGUAGE_CODE
        try:
            hit = cache.get(page_key(request, language=language))
        except Exception:  # an unreachable cache is a miss: the view (and /healthz) decides
            return None
        if not _is_entry(hit):
            return None
        response = _respond(request, hit, "hit")
        # What LocaleMiddleware and the session would have added: Accept-Language only
        # where no prefix in the path says the language (LocaleMiddleware's own rule), so
        # a hit answers with the same Vary as the miss that stored it.
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",) if prefixed else ("Accept-Language", "Cookie"))
        return response


# --- fragments: one session's agenda entry, one speaker's card ----------------------------
#
# A page is rendered again after any edit (the version above moves on), but most of it
# has not changed: each session's entry and each speaker's card is kept on its own,
# per language, under the row's update time. An organiser's edit then renders one
# session again, not two hundred. What else an entry shows moves the session's update
# time on (``touch_sessions``: its roles, their speakers, its theme); the key also
# holds the event's update time and ``fragment_release()``, so a deploy that changes
# the templates or the translations never serves an entry rendered by the old ones.

FRAGMENT_TIMEOUT = 24 * 60 * 60
FRAGMENT_TEMPLATES = (
    "conference/_agenda_item.html",
    "conference/_session_meta.html",
    "conference/_roles.html",
    "conference/_speaker_card.html",
)


def fragment_release() -> str:
    """A digest of the fragments' templates and the catalogues: once per process, or
    on every request with DEBUG on (the development server does not restart when a
    template changes)."""
    return _release() if settings.DEBUG else _release_once()


@lru_cache(maxsize=1)
def _release_once() -> str:
    return _release()


def _release() -> str:
    from django.template.loader import get_template

    digest = hashlib.sha256()
    for name in FRAGMENT_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    from django.apps import apps

    folders = [Path(path) for path in settings.LOCALE_PATHS]
    folders += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    for folder in folders:
        if Path(settings.BASE_DIR) in folder.parents:
            for catalogue in sorted(folder.glob("*/LC_MESSAGES/django.mo")):
                digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


def _stamp(moment) -> str:
    return f"{moment.timestamp():.6f}" if moment is not None else "-"


def fragments(kind: str, rows, *, context: tuple, render) -> dict:
    """``{row.pk: html}`` for ``rows``: from the cache, or made by ``render(missing)``
    (a list of rows, in order, to a list of html) and stored; two cache round trips.

    ``context`` is whatever else the fragment depends on (language, event, ...).
    """
    depends = hashlib.sha256(repr(context).encode()).hexdigest()[:16]
    prefix = f"fragment:{kind}:{fragment_release()}:{translation.get_language()}:{depends}"
    keys = {row.pk: f"{prefix}:{row.pk}:{_stamp(row.updated_at)}" for row in rows}
    found = cache.get_many(list(keys.values())) if keys else {}
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [row for row in rows if row.pk not in html]
    if missing:
        made = dict(zip([row.pk for row in missing], render(missing), strict=True))
        cache.set_many({keys[pk]: text for pk, text in made.items()}, FRAGMENT_TIMEOUT)
        html.update(made)
    return html


def touch_sessions(sessions) -> None:
    """Move the sessions' update time on: their agenda entries are rendered again."""
    from django.utils import timezone

    sessions.update(updated_at=timezone.now())
