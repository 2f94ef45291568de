from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("<slug:event_slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "<slug:event_slug>/register/link/",
        views.ResendLinkView.as_view(),
        name="resend_link",
    ),
    path(
        "<slug:event_slug>/registration/<str:token>/",
        views.ManageView.as_view(),
        name="manage",
    ),
    path(
        "<slug:event_slug>/registration/<str:token>/participants/",
        views.ParticipantListView.as_view(),
        name="participants",
    ),
    path(
        "<slug:event_slug>/registration/<str:token>/cancel/",
        views.CancelView.as_view(),
        name="cancel",
    ),
    path(
        "<slug:event_slug>/registration/<str:token>/delete/",
        views.DeleteDataView.as_view(),
        name="delete_data",
    ),
]
