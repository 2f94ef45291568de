from django.urls import path

from conference import views
from conference.cache import cached_public_page

app_name = "conference"


def cached(view_class):
    return cached_public_page(view_class.as_view())


# Fixed first segments (events/, speakers/) come before the event slug.
urlpatterns = [
    path("", views.home, name="home"),
    path("events/", cached(views.EventListView), name="event_list"),
    path("speakers/<slug:speaker_slug>/", cached(views.SpeakerDetailView), name="speaker"),
    path("<slug:event_slug>/", cached(views.EventDetailView), name="event"),
    path("<slug:event_slug>/agenda/", cached(views.AgendaView), name="agenda"),
    path("<slug:event_slug>/agenda.ics", cached(views.AgendaCalendarView), name="agenda_ics"),
    path(
        "<slug:event_slug>/agenda-print.css",
        cached(views.AgendaPrintStyleView),
        name="agenda_print_css",
    ),
    path(
        "<slug:event_slug>/sessions/<slug:session_slug>/",
        cached(views.SessionDetailView),
        name="session",
    ),
    path(
        "<slug:event_slug>/sessions/<slug:session_slug>.ics",
        cached(views.SessionCalendarView),
        name="session_ics",
    ),
    path("<slug:event_slug>/speakers/", cached(views.EventSpeakersView), name="speakers"),
    path("<slug:event_slug>/venue/", cached(views.VenueView), name="venue"),
]
