"""Attendance options say which sessions they admit to; the admin keeps them to one event."""

import pytest
from django.urls import reverse

from tests.factories import AttendanceOptionFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def option_data(option, **overrides):
    return {
        "event": option.event_id,
        "name_en": option.name,
        "order": option.order,
        "capacity": "",
        **overrides,
    }


def test_an_option_admits_to_the_sessions_chosen_in_the_admin(admin_client, event):
    opening = SessionFactory(event=event, slug="opening")
    panel = SessionFactory(event=event, slug="panel")
    day_one = AttendanceOptionFactory(event=event, name="Day 1")
    response = admin_client.post(
        reverse("admin:registrations_attendanceoption_change", args=[day_one.pk]),
        option_data(day_one, sessions=[opening.pk, panel.pk]),
    )
    assert response.status_code == 302
    assert set(day_one.sessions.all()) == {opening, panel}
    assert list(opening.attendance_options.all()) == [day_one]


def test_the_admin_refuses_a_session_of_another_event(admin_client, event):
    elsewhere = SessionFactory(event=EventFactory(), title="Somewhere else", slug="else")
    day_one = AttendanceOptionFactory(event=event, name="Day 1")
    page = admin_client.get(
        reverse("admin:registrations_attendanceoption_change", args=[day_one.pk])
    )
    assert elsewhere not in page.context["adminform"].form.fields["sessions"].queryset
    response = admin_client.post(
        reverse("admin:registrations_attendanceoption_change", args=[day_one.pk]),
        option_data(day_one, sessions=[elsewhere.pk]),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sessions"] == [
        f"Select a valid choice. {elsewhere.pk} is not one of the available choices."
    ]
    assert not day_one.sessions.exists()


def test_a_new_option_cannot_take_sessions_of_another_event(admin_client, event):
    elsewhere = SessionFactory(event=EventFactory(), title="Somewhere else", slug="else")
    response = admin_client.post(
        reverse("admin:registrations_attendanceoption_add"),
        {"event": event.pk, "name_en": "Day 1", "order": 1, "sessions": [elsewhere.pk]},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sessions"] == [
        f"Not sessions of {event.name}: Somewhere else."
    ]


def test_the_event_page_offers_only_its_own_sessions_for_its_options(admin_client, event):
    own = SessionFactory(event=event, slug="own")
    SessionFactory(event=EventFactory(), slug="other")
    AttendanceOptionFactory(event=event, name="Day 1")
    page = admin_client.get(reverse("admin:conference_event_change", args=[event.pk]))
    (options,) = [
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.opts.model._meta.model_name == "attendanceoption"
    ]
    assert list(options.formset.forms[0].fields["sessions"].queryset) == [own]
