import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve as serve_file

from conference.health import healthz
from conference.sitemaps import sitemaps as public_sitemaps
from conference.views import apple_touch_icon, robots_txt

admin.site.site_header = _("Conference back office")
admin.site.site_title = _("Conference back office")
admin.site.index_title = _("Events, agenda, speakers and registrations")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": public_sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("apple-touch-icon.png", apple_touch_icon, name="apple_touch_icon"),
    path("apple-touch-icon-precomposed.png", apple_touch_icon),
]

if os.environ.get("BENCH_CEILING_VIEW") == "1":
    # `make bench` only: a minimal view to measure the server's ceiling against.
    from benchmarks.ceiling import urlpatterns as bench_urlpatterns

    urlpatterns += bench_urlpatterns

# Public and staff pages: English unprefixed, Japanese under /ja/. Fixed paths come before the
# event pages, whose first segment is the event's slug.
urlpatterns += i18n_patterns(
    path("staff/<slug:event_slug>/messages/", include("messaging.urls")),
    path("staff/<slug:event_slug>/seating/", include("seating.urls")),
    path("staff/", include("registrations.staff_urls")),
    # Speakers' own pages and the VIP arrivals sheet (staff/<event>/arrivals/).
    path("", include("vip.urls")),
    path("", include("registrations.urls")),
    path("", include("conference.urls_public")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    # `make serve` has no nginx in front; a real server lets nginx serve MEDIA_ROOT.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
