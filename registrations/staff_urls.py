from django.urls import path

from registrations import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.StaffIndexView.as_view(), name="index"),
    path("<slug:event_slug>/", staff_views.DashboardView.as_view(), name="dashboard"),
    path("<slug:event_slug>/attendees/", staff_views.AttendeeListView.as_view(), name="attendees"),
    path(
        "<slug:event_slug>/attendees/export.csv",
        staff_views.AttendeeExportView.as_view(),
        name="attendees_export",
    ),
    path("<slug:event_slug>/check-in/", staff_views.CheckInView.as_view(), name="check_in"),
    path(
        "<slug:event_slug>/check-in/<str:reference>/",
        staff_views.CheckInCardView.as_view(),
        name="check_in_card",
    ),
    path(
        "<slug:event_slug>/check-in/<str:reference>/action/",
        staff_views.CheckInActionView.as_view(),
        name="check_in_action",
    ),
    path("<slug:event_slug>/catering/", staff_views.CateringView.as_view(), name="catering"),
    path("<slug:event_slug>/badges/", staff_views.BadgesView.as_view(), name="badges"),
    path("<slug:event_slug>/protocol/", staff_views.ProtocolListView.as_view(), name="protocol"),
    path(
        "<slug:event_slug>/protocol/export.csv",
        staff_views.ProtocolExportView.as_view(),
        name="protocol_export",
    ),
    path("<slug:event_slug>/balance/", staff_views.BalanceView.as_view(), name="balance"),
    path(
        "<slug:event_slug>/participants/",
        staff_views.StaffParticipantListView.as_view(),
        name="participants",
    ),
    path(
        "<slug:event_slug>/delegations.css",
        staff_views.DelegationColoursView.as_view(),
        name="delegation_colours",
    ),
    path(
        "<slug:event_slug>/interpretation/",
        staff_views.InterpretationView.as_view(),
        name="interpretation",
    ),
    path(
        "<slug:event_slug>/interpretation/export.csv",
        staff_views.InterpretationExportView.as_view(),
        name="interpretation_export",
    ),
]
