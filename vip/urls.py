from django.urls import path

from vip import staff_views, views

app_name = "vip"

urlpatterns = [
    path(
        "staff/<slug:event_slug>/arrivals/",
        staff_views.ArrivalsView.as_view(),
        name="arrivals",
    ),
    path(
        "staff/<slug:event_slug>/arrivals/restricted/",
        staff_views.RestrictedArrivalsView.as_view(),
        name="arrivals_restricted",
    ),
    path("<slug:event_slug>/speaker/<str:token>/", views.SpeakerPageView.as_view(), name="speaker"),
    path(
        "<slug:event_slug>/speaker/<str:token>/answer/",
        views.AnswerView.as_view(),
        name="speaker_answer",
    ),
    path(
        "<slug:event_slug>/speaker/<str:token>/profile/",
        views.ProfileView.as_view(),
        name="speaker_profile",
    ),
    path(
        "<slug:event_slug>/speaker/<str:token>/travel/",
        views.TravelView.as_view(),
        name="speaker_travel",
    ),
]
