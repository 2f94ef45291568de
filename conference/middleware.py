"""Request plumbing: the client's address behind a proxy, request ids and request logs,
request bodies Django cannot read, the security headers Django does not send itself,
and the Content-Security-Policy with its one admin exception."""

import codecs
import logging
import re
import time
import uuid
from ipaddress import ip_address

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.shortcuts import render
from django.urls import get_resolver
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from conference.exceptions import Busy
from conference.logging import request_id_var

logger = logging.getLogger("conference.request")

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _valid_ip(value: str) -> bool:
    try:
        ip_address(value)
    except ValueError:
        return False
    return True


class TrustedProxyMiddleware:
    """Puts the client's address in REMOTE_ADDR when the request came through our proxy.

    Behind nginx every request arrives from 127.0.0.1, so rate limits and the admin
    lockout would count the whole world as one client. Only a peer listed in
    ``TRUSTED_PROXIES`` is believed, and only for the address it appended itself
    (the right-most entry of X-Forwarded-For that is not a proxy of ours): anything
    to its left was written by the client and may be forged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = settings.TRUSTED_PROXIES
        if trusted and request.META.get("REMOTE_ADDR") in trusted:
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            for hop in reversed(hops):
                if hop not in trusted:
                    if _valid_ip(hop):
                        request.META["REMOTE_ADDR"] = hop
                    break
        return self.get_response(request)


class RequestLogMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when it sent a sane one) and
    logs one line when it ends: method, path without query string, status, duration.

    The query string is left out because search boxes put names and emails there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            level = logging.DEBUG if request.path == "/healthz" else logging.INFO
            if response.status_code >= 500:
                level = logging.ERROR
            logger.log(
                level,
                "%s %s %s %dms",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
            )
            return response
        finally:
            request_id_var.reset(token)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, letting the admin use inline ``style`` attributes.

    The admin's photo thumbnails size themselves with ``style="…"``; every other
    page keeps ``style-src 'self'``, and scripts stay strict everywhere
    (``style-src-attr`` covers attributes only, never ``<style>`` or ``<script>``).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "style-src-attr": [UNSAFE_INLINE]}
        return parts


class AdminLanguageMiddleware:
    """The admin in the staff member's language. It sits outside ``i18n_patterns``, so
    LocaleMiddleware gives every unprefixed path the default, English; Django's admin
    has a Japanese translation, and a Japanese-speaking organiser gets it: their
    language cookie if set, else their browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/admin/"):
            return self.get_response(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers["Content-Language"] = request.LANGUAGE_CODE
        return response


class RequestBodyMiddleware:
    """Reads a POST body once, before anything else does; one Django cannot read gets a 400.

    Django raises when ``request.POST`` meets a body it cannot read — a form declared in
    a charset other than UTF-8, too many fields, too large, a broken multipart body —
    and raises again on every later read. The CSRF check reads it, and so do Django's
    own 400 and 500 views (they re-run the CSRF check to offer a token), so such a
    request used to end in the WSGI server's bare 500 page, without our headers and
    logged by the server with the full path. Here the body is read once, inside the
    middleware that adds the headers; a failure leaves an empty ``request.POST`` and
    answers with the site's own 400 page.

    The site speaks UTF-8 only: a request that declares any other charset, known or
    not, is refused the same way (Django would silently read an unknown one as UTF-8,
    and a query string in UTF-16 as mojibake).
    """

    UNREADABLE = (
        BadRequest,
        SuspiciousOperation,  # too many fields or files, too large
        MultiPartParserError,
        UnreadablePostError,
        UnicodeError,
        LookupError,  # a charset Python does not know, inside a multipart body
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset is not None and not _is_utf8(charset):
            return self.bad_request(request, BadRequest("Request charset is not UTF-8."))
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 (parsed here, once)
            except self.UNREADABLE as error:
                request._mark_post_parse_error()
                return self.bad_request(request, error)
        return self.get_response(request)

    @staticmethod
    def bad_request(request, error):
        logger.warning("unreadable request body (%s)", type(error).__name__)
        request._mark_post_parse_error()
        handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(400)
        return handler(request, exception=error)


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


# Browser features no page of the site uses; each is denied to every page and frame.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "sync-xhr",
    "usb",
    "xr-spatial-tracking",
)

# Pages that may use a feature anyway: the door's check-in pages may scan a QR code.
FEATURES_ALLOWED_ON = {
    "camera": {("staff", "check_in"), ("staff", "check_in_card")},
}

# Pages with personal data, never to be stored by a browser or a proxy: the delegate's
# own pages (reached by the manage link), the speaker's (reached by their invitation
# link, and the VIP arrivals sheet: the whole vip namespace) and everything staff see.
PRIVATE_NAMESPACES = {"staff", "admin", "vip"}
PRIVATE_PAGES = {
    ("registrations", "manage"),
    ("registrations", "participants"),
    ("registrations", "cancel"),
    ("registrations", "delete_data"),
}


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not send, on every response.

    ``Permissions-Policy`` denies every browser feature the site does not use (the
    camera is allowed to the check-in pages alone), ``Cross-Origin-Resource-Policy:
    same-origin`` keeps other sites from embedding our responses, and personal pages
    get ``Cache-Control: no-store, private``. Which pages are which is decided here,
    from the URL's name, so the views need not remember it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        page = (match.namespace, match.url_name) if match else None
        response.setdefault("Permissions-Policy", permissions_policy(page))
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if match and (match.namespace in PRIVATE_NAMESPACES or page in PRIVATE_PAGES):
            patch_cache_control(response, no_store=True, private=True)
        return response


def permissions_policy(page) -> str:
    return ", ".join(
        f"{feature}=(self)" if page in FEATURES_ALLOWED_ON.get(feature, ()) else f"{feature}=()"
        for feature in DENIED_FEATURES
    )


# When a signed-in session was last pushed back (seconds since the epoch).
SESSION_REFRESHED_KEY = "_session_refreshed_at"


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends after ``SESSION_COOKIE_AGE`` (8 hours) without a request.

    Django dates a session's end from its last save, and saves it only when it
    changes, so a session would end 8 hours after sign-in however busy its owner.
    Each request of a signed-in user saves it again (which also renews the cookie),
    at most once every ``SESSION_REFRESH_SECONDS``, so a busy door does not write the
    session on every scan. Visitors without a session are not touched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session = getattr(request, "session", None)
            if session is not None and SESSION_KEY in session:
                mark_session_refreshed(session)
        return response


def mark_session_refreshed(session, *, force=False):
    now = int(time.time())
    if force or now - session.get(SESSION_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
        session[SESSION_REFRESHED_KEY] = now  # modified: saved, with a fresh cookie


def session_refreshed_at_login(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: sign-in saves the session anyway; note when."""
    if request is not None and hasattr(request, "session"):
        mark_session_refreshed(request.session, force=True)


class BusyMiddleware:
    """A view that gave up waiting for a lock (``Busy``) answers 503 with ``Retry-After``.

    Views that can keep what the visitor typed (the sign-up and manage forms) catch
    ``Busy`` themselves and show the message on the form; everything else — staff
    pages, the admin, the delegate's cancel button — gets this page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Busy):
            return None
        return busy_response(request, exception)


def busy_response(request, busy):
    logger.warning("database busy: lock wait ran out (%s)", busy.detail or "Busy")
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(busy.retry_after)
    return response
