"""Request plumbing: the client's address behind a proxy, request ids and request logs,
and the Content-Security-Policy with its one admin exception."""

import logging
import re
import time
import uuid
from ipaddress import ip_address

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

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
