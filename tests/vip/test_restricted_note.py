"""The restricted note (close protection, security) is the Organisers' alone.

Organisers read and write it in the admin and on their VIP sheet; event staff never
see it (admin, staff pages), nor does the speaker; no export carries it; the privacy
purge removes it.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from registrations import services as registration_services
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.helpers import every_text_in_the_database
from tests.html_forms import form_data
from vip import emails
from vip.models import SpeakerLogistics

pytestmark = pytest.mark.django_db

NOTE = "Close protection: two officers, armoured car; avoid the north lobby."


@pytest.fixture
def logistics(event, speaker, invitation):
    return SpeakerLogistics.objects.create(
        event=event,
        speaker=speaker,
        arrival_date=date(2016, 10, 31),
        arrival_time=time(7, 25),
        arrival_mode="flight",
        arrival_number="BA 5",
        arrival_point="Haneda Terminal 3",
        car_meets=True,
        car_details="Embassy car",
        escort="Ms Aiko Tanaka",
        venue_entrance="South gate",
        hotel="Hotel New Otani",
        restricted_note=NOTE,
    )


@pytest.fixture
def event_staff(event):
    return UserFactory(groups=["Event staff"], staff_of=[event])


def admin_change(client, logistics):
    return client.get(reverse("admin:vip_speakerlogistics_change", args=[logistics.pk]))


def test_organisers_read_and_write_it_in_the_admin(client, logistics, organiser):
    client.force_login(organiser)
    page = admin_change(client, logistics).content.decode()
    assert NOTE in page
    data = form_data(page, submit="_save")
    data["restricted_note"] = "Close protection: three officers."
    response = client.post(reverse("admin:vip_speakerlogistics_change", args=[logistics.pk]), data)
    assert response.status_code == 302
    logistics.refresh_from_db()
    assert logistics.restricted_note == "Close protection: three officers."


def test_event_staff_never_see_it_in_the_admin(client, logistics, event_staff):
    client.force_login(event_staff)
    changelist = reverse("admin:vip_speakerlogistics_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200
    assert "Haneda Terminal 3" in listing.content.decode()
    page = admin_change(client, logistics)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Haneda Terminal 3" in text  # the rest of the record, read only
    assert NOTE not in text
    assert "Restricted" not in text
    # Nor can a search reveal what it says.
    found = client.get(changelist, {"q": "armoured"})
    assert "Haneda Terminal 3" not in found.content.decode()
    history = client.get(
        reverse("admin:vip_speakerlogistics_history", args=[logistics.pk])
    ).content.decode()
    assert NOTE not in history


def test_an_organisers_form_without_the_permission_cannot_change_it(client, logistics, event):
    """An account that may edit travel details but not hold the note (a custom group)
    gets a form without it; a forged field is ignored."""
    from django.contrib.auth.models import Permission

    editor = UserFactory(staff_of=[event])
    editor.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_speakerlogistics", "change_speakerlogistics"]
        )
    )
    client.force_login(editor)
    page = admin_change(client, logistics).content.decode()
    assert NOTE not in page
    data = form_data(page, submit="_save")
    data["restricted_note"] = "forged"
    data["hotel"] = "Imperial Hotel"
    response = client.post(reverse("admin:vip_speakerlogistics_change", args=[logistics.pk]), data)
    assert response.status_code == 302
    logistics.refresh_from_db()
    assert (logistics.hotel, logistics.restricted_note) == ("Imperial Hotel", NOTE)


def test_the_staff_arrivals_sheet_leaves_it_out_and_the_organisers_sheet_has_it(
    client, logistics, event, event_staff, organiser
):
    arrivals = reverse("vip:arrivals", kwargs={"event_slug": event.slug})
    restricted = reverse("vip:arrivals_restricted", kwargs={"event_slug": event.slug})

    client.force_login(event_staff)
    page = client.get(arrivals)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Haneda Terminal 3" in text and "07:25" in text and "South gate" in text
    assert NOTE not in text
    assert restricted not in text  # not even offered
    assert client.get(restricted).status_code == 403

    client.force_login(organiser)
    page = client.get(restricted)
    assert page.status_code == 200
    assert NOTE in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"
    assert NOTE not in client.get(arrivals).content.decode()


def test_staff_of_another_event_get_no_arrivals(client, logistics, event):
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[EventFactory()]))
    arrivals = reverse("vip:arrivals", kwargs={"event_slug": event.slug})
    assert client.get(arrivals).status_code == 403


def test_the_speaker_never_sees_it_nor_sets_it(client, logistics, invitation):
    path = emails.speaker_path(invitation)
    page = client.get(path).content.decode()
    assert "Embassy car" in page and "South gate" in page  # arranged for them: shown
    assert NOTE not in page
    data = form_data(page, submit="save_travel")
    data.update(hotel="Park Hyatt", restricted_note="forged", escort="forged")
    response = client.post(path + "travel/", data)
    assert response.status_code == 302
    logistics.refresh_from_db()
    assert (logistics.hotel, logistics.restricted_note, logistics.escort) == (
        "Park Hyatt",
        NOTE,
        "Ms Aiko Tanaka",
    )


def test_no_export_carries_it(client, logistics, event, organiser, speaker, tmp_path):
    # The speaker is a participant too (issue 12 links them; the name is what matters).
    registration = RegistrationFactory(
        event=event, given_name=speaker.given_name, family_name=speaker.family_name
    )
    client.force_login(organiser)
    staff_csv = b"".join(
        client.get(
            reverse("staff:attendees_export", kwargs={"event_slug": event.slug})
        ).streaming_content
    ).decode()
    admin_csv = b"".join(
        client.post(
            reverse("admin:registrations_registration_changelist"),
            {"action": "export_registrations_csv", "_selected_action": [registration.pk]},
        ).streaming_content
    ).decode()
    output = tmp_path / "list.csv"
    call_command("export_attendees", event.slug, "--output", str(output))
    for exported in (staff_csv, admin_csv, output.read_text(encoding="utf-8-sig")):
        assert "Hillier" in exported  # the file holds the person…
        assert "armoured" not in exported and "Close protection" not in exported


def test_the_privacy_purge_removes_it_with_the_travel_details(logistics, invitation, clock, event):
    clock.move_to(datetime(2017, 5, 21, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    assert any(NOTE in text for _where, text in every_text_in_the_database())

    registration_services.purge_personal_data(older_than_days=180)

    leftovers = [
        where
        for where, text in every_text_in_the_database()
        for needle in (NOTE, "Haneda Terminal 3", "Ms Aiko Tanaka")
        if needle in text
    ]
    assert leftovers == []
    assert not SpeakerLogistics.objects.exists()
    assert not invitation.emails.exists()  # the queued invitation held the link
    # Who was invited to what stays, for the record.
    assert invitation.appearances.count() == 2


def test_the_purge_leaves_events_within_retention_alone(logistics, clock):
    clock.move_to(datetime(2017, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    registration_services.purge_personal_data(older_than_days=180)
    logistics.refresh_from_db()
    assert logistics.restricted_note == NOTE


def test_the_privacy_notice_tells_speakers_what_is_kept_and_who_sees_it(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 180
    page = client.get(reverse("registrations:privacy")).content.decode()
    assert "If you are a speaker" in page
    assert (
        "the event staff who meet you see your arrival and departure, never the security "
        "note. We delete your travel details and that note 180 days after the event ends."
    ) in page
    assert f"Version {settings.PRIVACY_NOTICE_VERSION}" in page


def test_only_organisers_hold_the_restricted_note_permission(event_staff, organiser):
    from django.contrib.auth.models import Group

    assert organiser.has_perm("vip.view_restricted_note")
    assert not event_staff.has_perm("vip.view_restricted_note")
    assert event_staff.has_perm("vip.view_speakerlogistics")
    holders = Group.objects.filter(permissions__codename="view_restricted_note")
    assert list(holders.values_list("name", flat=True)) == ["Organisers"]
