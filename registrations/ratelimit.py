"""Fixed-window rate limits on sign-ups and link requests, kept in the cache.

Two counts, both per window of REGISTRATION_RATE_WINDOW_SECONDS (10 minutes):

- per client address: REGISTRATION_RATE_LIMIT attempts (30), or the event's own
  ``registration_rate_limit`` when organisers expect a delegation to register from
  one office network; it stops floods without blocking a ministry;
- per email address: REGISTRATION_EMAIL_RATE_LIMIT sign-ups (5), whatever network
  they come from; the address is kept in the cache only as a hash.

Windows are aligned to the clock (10:00, 10:10…), so the 429 page can say when the
next one starts. With Redis configured the counts are shared by every process and
host. When the cache is unreachable the limits are not enforced (they fail open:
conference.cache_backends logs a warning): a cache outage must not stop sign-ups,
and the database, which every sign-up locks, is the real bound on a burst.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from registrations.validators import normalise_email


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    # When refused: which limit, and when the window ends.
    limit: str = ""  # "address" or "email"
    retry_after: int = 0  # seconds
    resets_at: datetime | None = None


ALLOWED = Verdict(allowed=True)

clock = time.time  # tests set a fixed clock here


def client_address(request) -> str:
    # Behind nginx, conference.middleware.TrustedProxyMiddleware has already put the
    # client's address here from X-Forwarded-For, for requests from TRUSTED_PROXIES
    # only, so a header sent by anyone else cannot dodge the limit.
    return request.META.get("REMOTE_ADDR", "unknown")


def _count(key: str, limit: int, kind: str, now: float) -> Verdict:
    window = settings.REGISTRATION_RATE_WINDOW_SECONDS
    start = int(now // window) * window
    key = f"{key}:{start}"
    count_in_window = getattr(cache, "count_in_window", None)  # Redis: one round trip
    if count_in_window is not None:
        count = count_in_window(key, window)
    elif cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            count = 1
    if count <= limit:
        return ALLOWED
    ends = start + window
    return Verdict(
        allowed=False,
        limit=kind,
        retry_after=max(1, math.ceil(ends - now)),
        resets_at=datetime.fromtimestamp(ends, tz=UTC),
    )


def hit_address(request, scope: str, *, limit: int | None = None) -> Verdict:
    """Count one attempt from the client's address (``limit`` overrides the site's)."""
    limit = limit if limit is not None else settings.REGISTRATION_RATE_LIMIT
    return _count(f"ratelimit:{scope}:{client_address(request)}", limit, "address", clock())


def hit_email(scope: str, email: str) -> Verdict:
    """Count one attempt for ``email``, from wherever it comes."""
    # Per mailbox: every spelling of one address counts together.
    digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]
    return _count(
        f"ratelimit:{scope}:email:{digest}",
        settings.REGISTRATION_EMAIL_RATE_LIMIT,
        "email",
        clock(),
    )
