from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("<slug:event_slug>/register/", views.RegisterView.as_view(), name="register"),
]
