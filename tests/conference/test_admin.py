"""The back office as organisers use it: every page opens, bad input is refused plainly."""

import pytest
from django.contrib import admin
from django.urls import reverse

from conference.models import Session
from registrations.models import Registration
from tests.factories import (
    AttendanceOptionFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.helpers import event_change_data

pytestmark = pytest.mark.django_db


def admin_urls():
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield model, info


def test_every_admin_page_opens_for_a_superuser(admin_client, demo):
    checked = []
    for model, (app, name) in admin_urls():
        changelist = admin_client.get(reverse(f"admin:{app}_{name}_changelist"))
        assert changelist.status_code == 200, f"{app}.{name} changelist"
        add = admin_client.get(reverse(f"admin:{app}_{name}_add"))
        # Read-only records (the export log) refuse the add page even to a superuser.
        read_only = not admin.site._registry[model].has_add_permission(add.wsgi_request)
        assert add.status_code == (403 if read_only else 200), f"{app}.{name} add"
        obj = model.objects.first()
        if obj is not None:
            change = admin_client.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk]))
            assert change.status_code == 200, f"{app}.{name} change"
            checked.append(f"{app}.{name}")
    # The demo fills every model organisers work with, so each change page was opened.
    assert {
        "conference.event", "conference.venue", "conference.theme", "conference.session",
        "speakers.speaker", "registrations.registration", "registrations.invitation",
        "registrations.attendanceoption",
    } <= set(checked)  # fmt: skip


def test_event_changelist_shows_seats_pending_and_waiting(admin_client, demo):
    page = admin_client.get(reverse("admin:conference_event_changelist")).content.decode()
    assert "3rd UK-Japan Security Dialogue" in page
    assert "27 / 150" in page  # confirmed / capacity: delegates and observers, not speakers


def test_session_admin_shows_times_in_the_event_zone(admin_client, demo):
    page = admin_client.get(reverse("admin:conference_session_changelist")).content.decode()
    assert "2016-11-01 09:15 JST" in page


def test_admin_refuses_a_session_that_ends_before_it_starts(admin_client, demo):
    data = {
        "event": demo.pk,
        "title_en": "Backwards panel",
        "slug": "backwards-panel",
        "type": "panel",
        "attribution": "chatham_house",
        "is_public": "on",
        "order": 0,
        "starts_at_0": "2016-11-01",
        "starts_at_1": "15:00",
        "ends_at_0": "2016-11-01",
        "ends_at_1": "14:00",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:conference_session_add"), data)
    assert response.status_code == 200
    assert "A session must end after it starts." in response.content.decode()
    assert not Session.objects.filter(slug="backwards-panel").exists()


def test_admin_refuses_a_second_active_registration_for_the_same_email(admin_client, demo):
    existing = Registration.objects.filter(event=demo, status="confirmed", speaker=None).first()
    data = {
        "event": demo.pk,
        "given_name": "Someone",
        "family_name": "Else",
        "email": existing.email.upper(),
        "organisation": "Elsewhere",
        "sector": "other",
        "nationality": "GB",
        "dietary_requirement": "none",
        "interpretation": "none",
        "language": "en",
        "category": "delegate",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:registrations_registration_add"), data)
    assert response.status_code == 200
    assert "This email address already has an active registration for this event." in (
        response.content.decode()
    )
    assert Registration.objects.filter(email__iexact=existing.email).count() == 1


def test_approve_action_refuses_to_overbook(admin_client, event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event, status="confirmed")
    pending = RegistrationFactory(event=event, status="pending")
    response = admin_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "mark_confirmed", "_selected_action": [pending.pk]},
        follow=True,
    )
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert f"is full (1 seats); {pending.reference} was not confirmed" in (
        response.content.decode()
    )


def test_approve_action_confirms_and_records_who(client, event):
    organiser = UserFactory(groups=["Organisers"])
    client.force_login(organiser)
    pending = RegistrationFactory(event=event, status="pending")
    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "mark_confirmed", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert "1 registration set to Confirmed." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "confirmed"
    change = pending.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "pending",
        "confirmed",
        organiser,
    )
    page = client.get(reverse("admin:registrations_registration_change", args=[pending.pk]))
    assert "Pending approval" in page.content.decode()  # the history is shown


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(admin_client, event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event, status="confirmed")
    waiting = RegistrationFactory(event=event, status="waitlisted")
    data = event_change_data(admin_client, event, capacity=2)
    response = admin_client.post(
        reverse("admin:conference_event_change", args=[event.pk]), data, follow=True
    )
    assert "1 delegate promoted from the waiting list and emailed." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def registration_change_data(registration, **overrides):
    data = {
        "honorific": registration.honorific,
        "given_name": registration.given_name,
        "family_name": registration.family_name,
        "email": registration.email,
        "organisation": registration.organisation,
        "sector": registration.sector,
        "nationality": registration.nationality.code,
        "dietary_requirement": "none",
        "interpretation": "none",
        "language": "en",
        "category": registration.category,
        "attendance_options": (
            [o.pk for o in registration.attendance_options.all()] if registration.pk else []
        ),
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "emails-TOTAL_FORMS": "0",
        "emails-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_cannot_move_a_registration_to_another_event(admin_client, event):
    full = EventFactory(capacity=1)
    RegistrationFactory(event=full, status="confirmed")
    registration = RegistrationFactory(event=event, status="confirmed")
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    admin_client.post(url, registration_change_data(registration, event=full.pk))
    registration.refresh_from_db()
    assert registration.event == event
    assert Registration.objects.filter(event=full, status="confirmed").count() == 1


def test_admin_refuses_a_full_option_for_a_confirmed_delegate(admin_client, event):
    dinner = AttendanceOptionFactory(event=event, name="Dinner", capacity=1)
    RegistrationFactory(event=event, status="confirmed").attendance_options.add(dinner)
    registration = RegistrationFactory(event=event, status="confirmed")
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    response = admin_client.post(
        url, registration_change_data(registration, attendance_options=[dinner.pk])
    )
    assert response.status_code == 200
    assert "Dinner is full." in response.content.decode()
    assert not registration.attendance_options.exists()


def test_admin_refuses_options_of_another_event(admin_client, event):
    elsewhere = AttendanceOptionFactory(name="Site visit")
    data = registration_change_data(
        RegistrationFactory.build(event=event), event=event.pk, attendance_options=[elsewhere.pk]
    )
    data["attendance_options"] = [elsewhere.pk]
    response = admin_client.post(reverse("admin:registrations_registration_add"), data)
    assert f"Not options of {event.name}: Site visit." in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_added_in_the_admin_starts_pending_with_its_history(client, event):
    organiser = UserFactory(groups=["Organisers"])
    client.force_login(organiser)
    data = registration_change_data(
        RegistrationFactory.build(event=event, email="added@example.org"), event=event.pk
    )
    data["attendance_options"] = []
    response = client.post(reverse("admin:registrations_registration_add"), data)
    assert response.status_code == 302
    added = Registration.objects.get(email="added@example.org")
    assert added.status == "pending"
    assert list(added.status_changes.values_list("to_status", "changed_by", "note")) == [
        ("pending", organiser.pk, "Added in the admin")
    ]


def test_raising_an_option_capacity_in_the_admin_promotes(admin_client, event):
    event.capacity = 10
    event.save()
    dinner = AttendanceOptionFactory(event=event, name="Dinner", capacity=1)
    RegistrationFactory(event=event, status="confirmed").attendance_options.add(dinner)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    waiting.attendance_options.add(dinner)
    data = event_change_data(
        admin_client,
        event,
        **{
            "attendance_options-TOTAL_FORMS": 1,
            "attendance_options-INITIAL_FORMS": 1,
            "attendance_options-0-id": dinner.pk,
            "attendance_options-0-event": event.pk,
            "attendance_options-0-order": 0,
            "attendance_options-0-name_en": "Dinner",
            "attendance_options-0-capacity": 2,
        },
    )
    response = admin_client.post(
        reverse("admin:conference_event_change", args=[event.pk]), data, follow=True
    )
    assert "1 delegate promoted from the waiting list and emailed." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_history_and_emails_are_read_only_on_the_registration_page(admin_client, event):
    registration = RegistrationFactory(event=event)
    page = admin_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )
    inlines = {
        str(inline.opts.verbose_name_plural): (
            inline.has_add_permission,
            inline.has_change_permission,
            inline.has_delete_permission,
            list(inline.readonly_fields),
        )
        for inline in page.context["inline_admin_formsets"]
    }
    assert inlines == {
        "history": (
            False,
            False,
            False,
            ["changed_at", "from_status", "to_status", "changed_by", "note"],
        ),
        "emails to the delegate": (
            False,
            False,
            False,
            ["created_at", "kind", "subject", "state", "attempts", "sent_at", "last_error"],
        ),
    }


def test_unticking_a_full_option_in_the_admin_promotes_the_waiting_list(admin_client, event):
    event.capacity = 10
    event.save()
    dinner = AttendanceOptionFactory(event=event, name="Dinner", capacity=1)
    confirmed = RegistrationFactory(event=event, status="confirmed", phone="")
    confirmed.attendance_options.add(dinner)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    waiting.attendance_options.add(dinner)
    url = reverse("admin:registrations_registration_change", args=[confirmed.pk])
    response = admin_client.post(
        url, registration_change_data(confirmed, attendance_options=[], phone="+44 20 7000 0000")
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.phone, list(confirmed.attendance_options.all())) == ("+44 20 7000 0000", [])
    assert waiting.status == "confirmed"
    assert list(waiting.attendance_options.all()) == [dinner]


def test_the_admin_speaks_the_staff_members_language(client):
    japanese = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ja")
    english = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-GB")

    assert '<html lang="ja"' in japanese.content.decode()
    assert japanese["Content-Language"] == "ja"
    assert "Accept-Language" in japanese["Vary"]
    assert '<html lang="en"' in english.content.decode()
    # A public page's language is its address's, whatever the browser says.
    assert client.get("/events/", HTTP_ACCEPT_LANGUAGE="ja")["Content-Language"] == "en"
