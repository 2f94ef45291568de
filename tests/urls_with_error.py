"""The site's URLs plus one that fails, to see the 500 page as a visitor meets it."""

from django.urls import path

from conference.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
