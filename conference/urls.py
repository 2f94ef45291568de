from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Conference back office")
admin.site.site_title = _("Conference back office")
admin.site.index_title = _("Events, agenda, speakers and registrations")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("registrations.staff_urls")),
]

# Public pages: English unprefixed, Japanese under /ja/. Fixed paths come before the
# event pages, whose first segment is the event's slug.
urlpatterns += i18n_patterns(
    path("", include("registrations.urls")),
    path("", include("conference.urls_public")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
