"""The registrations admin: what organisers may delete, and what its history keeps."""

import re
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Use the action “Cancel selected” instead: cancelling keeps the registration's "
    "history, emails the delegate and offers the seat to the waiting list."
)


@pytest.fixture
def organiser_client(client):
    client.force_login(UserFactory(groups=["Organisers"]))
    return client


def changelist():
    return reverse("admin:registrations_registration_changelist")


@pytest.mark.parametrize("status", ["pending", "confirmed", "waitlisted"])
def test_deleting_an_active_registration_is_refused_with_a_pointer_to_cancel(
    organiser_client, status
):
    registration = RegistrationFactory(status=status)
    delete_url = reverse("admin:registrations_registration_delete", args=[registration.pk])

    asked = organiser_client.get(delete_url, follow=True)
    posted = organiser_client.post(delete_url, {"post": "yes"}, follow=True)

    for response in (asked, posted):
        assert response.redirect_chain == [
            (reverse("admin:registrations_registration_change", args=[registration.pk]), 302)
        ]
        page = unescape(response.content.decode())
        assert (
            f"Not deleted: {registration.reference} still pending, confirmed or on the "
            "waiting list."
        ) in page
        assert REFUSAL in page
        assert f'href="{delete_url}"' not in page  # no Delete button on the change page
    assert Registration.objects.filter(pk=registration.pk, status=status).exists()
    assert registration.status_changes.count() == 0  # nothing happened to it


def test_bulk_delete_refuses_a_selection_holding_an_active_registration(organiser_client):
    confirmed = RegistrationFactory(status="confirmed")
    cancelled = RegistrationFactory(status="cancelled", event=confirmed.event)

    for extra in ({}, {"post": "yes"}):  # the action, and its confirmation page's answer
        response = organiser_client.post(
            changelist(),
            {
                "action": "delete_inactive_selected",
                "_selected_action": [confirmed.pk, cancelled.pk],
                **extra,
            },
            follow=True,
        )
        page = unescape(response.content.decode())
        assert f"Not deleted: {confirmed.reference} still pending" in page
        assert "Are you sure you want to delete" not in page
    assert Registration.objects.count() == 2


def test_cancelled_and_declined_registrations_can_still_be_deleted(organiser_client):
    cancelled = RegistrationFactory(status="cancelled")
    declined = RegistrationFactory(status="declined", event=cancelled.event)
    selected = [cancelled.pk, declined.pk]

    confirm = organiser_client.post(
        changelist(), {"action": "delete_inactive_selected", "_selected_action": selected}
    )
    assert "Are you sure you want to delete the selected registrations?" in (
        confirm.content.decode()
    )
    response = organiser_client.post(
        changelist(),
        {"action": "delete_inactive_selected", "_selected_action": selected, "post": "yes"},
        follow=True,
    )
    assert "Successfully deleted 2 registrations." in response.content.decode()
    assert not Registration.objects.exists()
    single = RegistrationFactory(status="cancelled")
    organiser_client.post(
        reverse("admin:registrations_registration_delete", args=[single.pk]), {"post": "yes"}
    )
    assert not Registration.objects.exists()


def test_the_admin_history_names_a_registration_by_its_reference_only(organiser_client):
    registration = RegistrationFactory(status="cancelled", given_name="Alice", family_name="Smith")
    organiser_client.post(
        reverse("admin:registrations_registration_delete", args=[registration.pk]),
        {"post": "yes"},
    )
    entry = LogEntry.objects.get()
    assert entry.object_repr == registration.reference
    assert str(registration) == registration.reference


@pytest.mark.parametrize("state", ["cancelled", "declined", "anonymised"])
def test_a_registration_out_of_the_workflow_is_shown_read_only(organiser_client, clock, state):
    from datetime import datetime

    from registrations import services

    registration = RegistrationFactory(
        status="confirmed" if state == "anonymised" else state, phone="+81 3 5555 0100"
    )
    if state == "anonymised":  # after the event, at the delegate's request
        clock.move_to(datetime.fromisoformat("2016-11-10T10:00:00+09:00"))
        services.delete_personal_data(registration=registration)
    change_url = reverse("admin:registrations_registration_change", args=[registration.pk])

    page = organiser_client.get(change_url)
    refused = organiser_client.post(change_url, {"phone": "+81 3 0000 0000"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # a record to read, not a form
    assert refused.status_code == 403
    registration.refresh_from_db()
    assert registration.phone == ("" if state == "anonymised" else "+81 3 5555 0100")


def test_the_list_names_its_columns_and_each_delegation_with_its_event(organiser_client):
    """Two editions, each with its British delegation: the filter told them apart only by
    position. And the name column had no heading of its own ("DISPLAY NAME")."""
    from tests.factories import DelegationFactory, EventFactory

    earlier = EventFactory(name="3rd Dialogue", slug="third")
    later = EventFactory(
        name="4th Dialogue", slug="fourth", start_date="2027-01-31", end_date="2027-02-01"
    )
    for event in (earlier, later):
        DelegationFactory(event=event)
    RegistrationFactory(event=later, reference="H9RR-4BQP")

    page = organiser_client.get(changelist(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    filtered = organiser_client.get(
        changelist() + f"?event__id__exact={later.pk}", HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()

    assert '<th scope="col" class="sortable column-display_name">' in page
    assert ">氏名</a>" in page
    choices = re.findall(r'href="\?delegation__id__exact=\d+[^"]*"[^>]*>([^<]+)</a>', page)
    assert choices == ["英国代表団 (4th Dialogue)", "英国代表団 (3rd Dialogue)"]
    choices = re.findall(r'href="\?delegation__id__exact=\d+[^"]*"[^>]*>([^<]+)</a>', filtered)
    assert choices == ["英国代表団"]
    assert '<link href="/static/css/admin.css" media="all" rel="stylesheet">' in page

    # Staff of one edition see its delegations only, not the other edition's.
    from conference.roles import EVENT_STAFF

    organiser_client.force_login(UserFactory(groups=[EVENT_STAFF], staff_of=[later]))
    page = organiser_client.get(changelist()).content.decode()
    choices = re.findall(r'href="\?delegation__id__exact=\d+[^"]*"[^>]*>([^<]+)</a>', page)
    assert choices == ["United Kingdom delegation (4th Dialogue)"]
