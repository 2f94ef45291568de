"""A Redis cache that the site can live without.

Django's ``RedisCache`` raises when Redis is unreachable, and everything that touches
the cache (the page cache, rate limits, the cached half of sessions, the 404 page…)
then answers 500. ``ResilientRedisCache`` catches connection errors and timeouts in
every operation and answers as Django's ``DummyCache`` does — a miss for reads, "not
stored" (but no error) for writes — so the site keeps working from the database:

- pages are rendered for every request instead of coming from the cache;
- rate limits are not enforced (an ``add`` that cannot reach Redis reports success,
  so every attempt looks like the first of its window): they fail open;
- sessions, which live in the database, are read from it.

After a failure Redis is left alone for ``RETRY_AFTER_SECONDS`` (5), so a Redis that
does not answer at all costs one timeout per process every few seconds, not one per
cache call. A warning is logged at most once per ``WARN_EVERY_SECONDS`` (60) per
process, and once more when Redis answers again.

Writes that could not reach Redis are replayed as deletions once it answers again:
a session ended or an agenda edited while Redis was cut off would otherwise come back
from the cache as it was before. The list is kept per process (at most
``MAX_PENDING_INVALIDATIONS`` keys), so a process that stops before Redis returns
forgets its part (cached pages expire on their own within ten minutes).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("conference.cache")

MAX_PENDING_INVALIDATIONS = 10_000


def _unavailable_errors():
    import redis

    # ConnectionError covers refused connections, resets and BusyLoadingError (a Redis
    # still loading its data); TimeoutError a Redis that does not answer in time.
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_after = float(params.get("RETRY_AFTER_SECONDS", 5))
        self.warn_every = float(params.get("WARN_EVERY_SECONDS", 60))
        self._errors = _unavailable_errors()
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._last_warning = None
        self._was_down = False
        self._pending = set()  # made keys whose write did not reach Redis
        self._pending_overflow = False

    # -- the guard -------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while this process is leaving Redis alone after a failure."""
        return time.monotonic() >= self._down_until

    def _guarded(self, operation, fallback, *, forget=()):
        """Run ``operation()`` against Redis, or answer ``fallback`` when it is unreachable.

        ``forget``: the made keys this operation writes, deleted once Redis is back
        if the write does not reach it now.
        """
        if not self.available:
            self._remember(forget)
            return fallback
        try:
            replayed = self._replay() if self._pending or self._pending_overflow else None
            result = operation()
        except self._errors as error:
            self._went_down(error)
            self._remember(forget)
            return fallback
        if self._was_down:
            self._came_back(replayed)
        return result

    def _went_down(self, error):
        now = time.monotonic()
        with self._lock:
            self._down_until = now + self.retry_after
            self._was_down = True
            if self._last_warning is None or now - self._last_warning >= self.warn_every:
                self._last_warning = now
                warn = True
            else:
                warn = False
        if warn:
            logger.warning(
                "cache unreachable (%s): serving without it, pages uncached, rate limits "
                "not enforced, sessions read from the database; retrying every %ss",
                type(error).__name__,
                int(self.retry_after) if self.retry_after.is_integer() else self.retry_after,
            )

    def _remember(self, keys):
        if not keys:
            return
        with self._lock:
            if len(self._pending) + len(keys) > MAX_PENDING_INVALIDATIONS:
                self._pending_overflow = True
            else:
                self._pending.update(keys)

    def _replay(self):
        """Delete what was written during the outage; returns (count, overflowed)."""
        with self._lock:
            keys, self._pending = list(self._pending), set()
            overflow, self._pending_overflow = self._pending_overflow, False
        try:
            if keys:
                self._cache.delete_many(keys)
        except self._errors:
            self._remember(keys)
            self._pending_overflow = self._pending_overflow or overflow
            raise
        return len(keys), overflow

    def _came_back(self, replayed):
        self._was_down = False
        self._last_warning = None
        count, overflow = replayed or (0, False)
        logger.warning(
            "cache reachable again; %d key(s) written during the outage cleared%s",
            count,
            " (more than could be remembered: cached pages may be up to 10 minutes stale)"
            if overflow
            else "",
        )

    def ping(self) -> bool:
        """Ask Redis itself, past the guard: raises when it is unreachable (for /healthz).

        An answer ends a retry pause at once.
        """
        self._cache.get_client(write=True).ping()
        self._down_until = 0.0
        return True

    def _key(self, key, version):
        return self.make_and_validate_key(key, version=version)

    # -- the cache API ---------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self._key(key, version)
        # As DummyCache: "stored". Callers that count with add() then incr() (the
        # rate limit) thereby let everyone through while Redis is away.
        return self._guarded(
            lambda: self._cache.add(made, value, self.get_backend_timeout(timeout)),
            True,
            forget=[made],
        )

    def get(self, key, default=None, version=None):
        made = self._key(key, version)
        return self._guarded(lambda: self._cache.get(made, default), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self._key(key, version)
        self._guarded(
            lambda: self._cache.set(made, value, self.get_backend_timeout(timeout)),
            None,
            forget=[made],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        made = self._key(key, version)
        return self._guarded(
            lambda: self._cache.touch(made, self.get_backend_timeout(timeout)), False
        )

    def delete(self, key, version=None):
        made = self._key(key, version)
        return self._guarded(lambda: self._cache.delete(made), False, forget=[made])

    def get_many(self, keys, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        made = self._key(key, version)
        return self._guarded(lambda: self._cache.has_key(made), False)

    def incr(self, key, delta=1, version=None):
        made = self._key(key, version)
        missing = object()
        result = self._guarded(lambda: self._cache.incr(made, delta), missing, forget=[made])
        if result is missing:
            # As DummyCache: the key is not there.
            raise ValueError(f"Key '{key}' not found.")
        return result

    def count_in_window(self, key, timeout, version=None) -> int:
        """Add one to a counter that lives ``timeout`` seconds from its first count,
        and return it: one round trip (SET NX with the expiry, then INCR, pipelined),
        where add() and incr() take three. While Redis is away: 1, as add() and incr()
        would say (everyone through)."""
        made = self._key(key, version)

        def count():
            pipe = self._cache.get_client(made, write=True).pipeline(transaction=False)
            pipe.set(made, 0, ex=max(1, int(timeout)), nx=True)
            pipe.incr(made)
            return pipe.execute()[1]

        return self._guarded(count, 1, forget=[made])

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        made = [self._key(key, version) for key in data]
        self._guarded(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            None,
            forget=made,
        )
        return []

    def delete_many(self, keys, version=None):
        made = [self._key(key, version) for key in keys]
        self._guarded(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            None,
            forget=made,
        )

    def clear(self):
        return self._guarded(self._cache.clear, False)
