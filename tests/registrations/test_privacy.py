"""After the purge: no copy of a delegate's details anywhere, and no workflow reaches them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from registrations import emails, selectors, services
from registrations.exceptions import InvalidTransition, NotConfirmed
from registrations.models import Registration
from tests.factories import InvitationFactory, RegistrationFactory, UserFactory
from tests.helpers import every_text_in_the_database
from tests.helpers import form_data as sign_up_data
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
# 200 days after the test event (1-2 November 2016): past the 180-day retention.
LONG_AFTER = datetime(2017, 5, 21, 10, 0, tzinfo=TOKYO)

ALICE = {
    "honorific": "Dr",
    "given_name": "Alicebeth",
    "family_name": "Quarrington",
    "japanese_name": "鞍馬 亜理寿",
    "email": "alicebeth.q@example.jp",
    "email_confirm": "alicebeth.q@example.jp",
    "phone": "+81 3 5550 0199",
    "position": "Counsellor Zephyrine",
    "accessibility_needs": "Quarrington needs step-free access",
}
BRUNO = {
    "given_name": "Brunolf",
    "family_name": "Vexcombe",
    "japanese_name": "",
    "email": "b.vexcombe@example.org",
    "email_confirm": "b.vexcombe@example.org",
    "phone": "+44 20 7946 0321",
    "dietary_requirement": "other",
    "dietary_details": "Vexcombe-style: no shellfish",
}
CORA = {
    "given_name": "Coralind",
    "family_name": "Wrexhamby",
    "japanese_name": "",
    "email": "coralind@ｅｘａｍｐｌｅ.org",  # typed full-width
    "email_confirm": "coralind@example.org",
}


def needles(*people):
    found = set()
    for person in people:
        for key in ("given_name", "family_name", "japanese_name", "phone", "position"):
            if person.get(key):
                found.add(person[key])
        found.add(person["email"])
        found.add(person["email"].split("@")[0])
        for key in ("accessibility_needs", "dietary_details"):
            if person.get(key):
                found.add(person[key])
    found.add("Alicebeth Quarrington")
    return found


def test_after_the_purge_no_table_holds_a_purged_delegates_details(
    client, open_event, clock, django_capture_on_commit_callbacks, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 180
    register = reverse("registrations:register", kwargs={"event_slug": open_event.slug})
    with django_capture_on_commit_callbacks(execute=True):
        for person in (ALICE, BRUNO, CORA):
            response = client.post(register, sign_up_data(open_event, **person))
            assert response.status_code == 302, person
        # Cora asks for her link again (the message quotes the address she typed).
        client.post(
            reverse("registrations:resend_link", kwargs={"event_slug": open_event.slug}),
            {"email": CORA["email"]},
        )
    alice = Registration.objects.get(family_name="Quarrington")
    bruno = Registration.objects.get(family_name="Vexcombe")
    cora = Registration.objects.get(family_name="Wrexhamby")
    InvitationFactory(event=open_event, email=ALICE["email"], note="For Alicebeth Quarrington")

    organiser = UserFactory(groups=["Organisers"])
    client.force_login(organiser)
    # An organiser edits Alice in the admin, cancels Bruno and deletes his row, and
    # cancels Cora with the action.
    change_url = reverse("admin:registrations_registration_change", args=[alice.pk])
    data = form_data(client.get(change_url).content.decode(), submit="_save")
    data["position"] = "Counsellor Zephyrine"
    assert client.post(change_url, data).status_code == 302
    changelist = reverse("admin:registrations_registration_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        for person in (bruno, cora):
            client.post(changelist, {"action": "mark_cancelled", "_selected_action": [person.pk]})
    client.post(
        reverse("admin:registrations_registration_delete", args=[bruno.pk]), {"post": "yes"}
    )
    # Exports searched by name, from the staff list and from the admin.
    staff_export = reverse("staff:attendees_export", kwargs={"event_slug": open_event.slug})
    b"".join(client.get(staff_export, {"q": "Quarrington"}).streaming_content)
    b"".join(
        client.post(
            changelist + "?q=Alicebeth",
            {"action": "export_registrations_csv", "_selected_action": [alice.pk]},
        ).streaming_content
    )
    assert len(mail.outbox) >= 5
    texts = every_text_in_the_database()
    assert any("Quarrington" in text for _, text in texts)  # the scan sees them before

    clock.move_to(LONG_AFTER)
    services.purge_personal_data(older_than_days=180)

    leftovers = [
        (where, needle)
        for where, text in every_text_in_the_database()
        for needle in needles(ALICE, BRUNO, CORA, {"email": "coralind@example.org"})
        if needle.lower() in text.lower()
    ]
    assert leftovers == []
    alice.refresh_from_db()
    assert (alice.given_name, alice.status) == ("Anonymised", "confirmed")


def test_purge_takes_waiting_and_pending_registrations_out_of_the_workflow(
    open_event, clock, django_capture_on_commit_callbacks
):
    RegistrationFactory.create_batch(3, event=open_event, status="confirmed")
    waiting = RegistrationFactory(event=open_event, status="waitlisted")
    pending = RegistrationFactory(event=open_event, status="pending")
    clock.move_to(LONG_AFTER)

    services.purge_personal_data(older_than_days=180)
    open_event.capacity = 10
    open_event.save()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.promote_from_waiting_list(event=open_event)

    assert promoted == []
    assert not mail.outbox
    for registration, before in ((waiting, "waitlisted"), (pending, "pending")):
        registration.refresh_from_db()
        assert registration.status == "cancelled"
        last = registration.status_changes.order_by("pk").last()
        assert (last.from_status, last.to_status, last.note) == (before, "cancelled", "Anonymised")
    assert Registration.objects.filter(status="confirmed").count() == 3  # statistics stay


def test_an_anonymised_registration_takes_part_in_nothing(client, open_event, clock):
    confirmed = RegistrationFactory(event=open_event, status="confirmed", family_name="Okabe")
    services.cancel_registration(registration=RegistrationFactory(event=open_event))
    clock.move_to(LONG_AFTER)
    services.delete_personal_data(registration=confirmed)
    confirmed.refresh_from_db()
    mail.outbox.clear()
    message = (
        f"{confirmed.reference} has been anonymised: it takes no further part in registration."
    )

    with pytest.raises(InvalidTransition) as excinfo:
        services.change_status(registration=confirmed, to_status="cancelled")
    assert excinfo.value.message == message
    with pytest.raises(NotConfirmed) as excinfo:
        services.check_in(registration=confirmed, by=None)
    assert excinfo.value.message == message
    with pytest.raises(InvalidTransition):
        services.update_registration_details(
            registration=confirmed, details={"phone": "1"}, attendance_options=[]
        )
    link_request = services.request_manage_link(event=open_event, email=confirmed.email)
    assert services.send_requested_manage_link(request_id=link_request.pk) is False
    assert selectors.check_in_candidates(event=open_event, search="Anonymised") == []
    assert list(selectors.confirmed_delegates(open_event)) == []
    with pytest.raises(ValueError, match="anonymised"):
        emails.queue(confirmed, emails.Kind.CONFIRMED)
    assert not mail.outbox
    assert confirmed.status == "confirmed"  # it was confirmed: the counts keep it


def test_the_database_refuses_an_anonymised_registration_that_waits(open_event, clock):
    registration = RegistrationFactory(event=open_event, status="cancelled")
    clock.move_to(LONG_AFTER)
    services.delete_personal_data(registration=registration)
    for status in ("pending", "waitlisted"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Registration.objects.filter(pk=registration.pk).update(status=status)
