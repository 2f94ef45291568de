"""A fixed-window rate limit per client address, kept in the cache.

With Redis configured the count is shared by every process and host, so a
delegate sees the same limit whichever app server answers.
"""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # Behind nginx, conference.middleware.TrustedProxyMiddleware has already put the
    # client's address here from X-Forwarded-For, for requests from TRUSTED_PROXIES
    # only, so a header sent by anyone else cannot dodge the limit.
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(request, scope: str) -> bool:
    """Count one attempt; False when the client is over the limit for this window."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    window = settings.REGISTRATION_RATE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= settings.REGISTRATION_RATE_LIMIT
