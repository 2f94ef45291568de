"""``/healthz`` for load balancers and uptime checks.

200 "ok" when the database answers a query and the cache round-trips a value,
503 "unavailable" otherwise. The site itself keeps serving without Redis
(conference.cache_backends); this is where an outage shows. Which one failed,
and why, goes to the log, never into the response: the endpoint is public.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("conference.health")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:
        logger.error("health check: database unreachable (%s)", type(error).__name__)
        return False


def _cache_ok() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        # The site's Redis cache answers for Redis when it is away; ask Redis itself.
        ping = getattr(cache, "ping", None)
        if ping is not None:
            ping()
        cache.set(key, "1", timeout=10)
        found = cache.get(key) == "1"
        cache.delete(key)
    except Exception as error:
        logger.error("health check: cache unreachable (%s)", type(error).__name__)
        return False
    if not found:
        logger.error("health check: cache did not return the value just stored")
    return found


@never_cache
@require_safe
def healthz(request):
    database_ok = _database_ok()
    cache_ok = _cache_ok()
    if database_ok and cache_ok:
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    return HttpResponse("unavailable\n", status=503, content_type="text/plain; charset=utf-8")
