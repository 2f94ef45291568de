"""The ceiling: the smallest Django view, served by the same gunicorn as the pages.

Mounted at ``/bench/ceiling`` only when the server starts with BENCH_CEILING_VIEW=1
(see conference/urls.py). It goes through every middleware, like the public pages,
but touches neither the database nor the cache, so a page's requests per second
divided by this view's is the share of the machine's Django ceiling the page reaches.
"""

from django.http import HttpResponse
from django.urls import path


def ceiling(request):
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/ceiling", ceiling, name="bench_ceiling")]
