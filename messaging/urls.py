from django.urls import path

from messaging import views

app_name = "messaging"

# Included under staff/<event_slug>/messages/ (conference/urls.py).
urlpatterns = [
    path("", views.MessageListView.as_view(), name="list"),
    path("new/", views.ComposeView.as_view(), name="compose"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ComposeView.as_view(), name="edit"),
    path("<int:pk>/preview/", views.PreviewView.as_view(), name="preview"),
    path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/discard/", views.DiscardView.as_view(), name="discard"),
    path("<int:pk>/resend/", views.ResendView.as_view(), name="resend"),
]
