from django.urls import path

from seating import staff_views

app_name = "seating"

urlpatterns = [
    path("", staff_views.PlanListView.as_view(), name="plans"),
    path("<int:pk>/", staff_views.PlanView.as_view(), name="plan"),
    path("<int:pk>/chart/", staff_views.ChartView.as_view(), name="chart"),
    path("<int:pk>/place-cards/", staff_views.PlaceCardsView.as_view(), name="place_cards"),
    path("<int:pk>/export.csv", staff_views.ExportView.as_view(), name="export"),
]
