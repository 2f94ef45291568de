from django.urls import path
from django.views.generic import RedirectView

app_name = "conference"

urlpatterns = [
    # Placeholder until the public site lands: the back office is all there is.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
]
