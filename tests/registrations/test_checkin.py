from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from registrations import qr, services
from registrations.exceptions import AlreadyCheckedIn, NotCheckedIn, NotConfirmed
from registrations.models import Registration
from tests.factories import RegistrationFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_staff(event):
    return UserFactory(username="door", groups=["Event staff"], staff_of=[event])


def check_in_url(event, **kwargs):
    return reverse("staff:check_in", kwargs={"event_slug": event.slug}, **kwargs)


def card_url(registration):
    return reverse(
        "staff:check_in_card",
        kwargs={"event_slug": registration.event.slug, "reference": registration.reference},
    )


def action_url(registration):
    return reverse(
        "staff:check_in_action",
        kwargs={"event_slug": registration.event.slug, "reference": registration.reference},
    )


# --- services ---------------------------------------------------------------------------


def test_check_in_marks_a_confirmed_delegate_and_records_who(event, door_staff):
    registration = RegistrationFactory(event=event, status="confirmed")
    services.check_in(registration=registration, by=door_staff)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    change = registration.status_changes.get()
    assert (change.changed_by, change.note) == (door_staff, "Checked in")


def test_check_in_refuses_a_pending_delegate(event, door_staff):
    registration = RegistrationFactory(
        event=event, status="pending", given_name="Yuki", family_name="Sato", honorific="Dr"
    )
    with pytest.raises(NotConfirmed) as excinfo:
        services.check_in(registration=registration, by=door_staff)
    assert str(excinfo.value) == (
        f"Dr Yuki Sato ({registration.reference}) is Pending approval, not confirmed: "
        "not checked in."
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_checking_in_twice_says_so_and_changes_nothing(event, door_staff):
    registration = RegistrationFactory(event=event, status="confirmed")
    first_time = datetime(2016, 11, 1, 0, 5, tzinfo=ZoneInfo("UTC"))
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=first_time)
    with pytest.raises(AlreadyCheckedIn) as excinfo:
        services.check_in(registration=registration, by=door_staff)
    assert "was already checked in at 09:05" in str(excinfo.value)  # Tokyo time
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time
    assert not registration.status_changes.exists()


def test_undo_check_in_clears_it_and_refuses_when_not_checked_in(event, door_staff):
    registration = RegistrationFactory(event=event, status="confirmed")
    services.check_in(registration=registration, by=door_staff)
    services.undo_check_in(registration=registration, by=door_staff)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert [change.note for change in registration.status_changes.all()] == [
        "Checked in",
        "Check-in undone",
    ]
    with pytest.raises(NotCheckedIn):
        services.undo_check_in(registration=registration, by=door_staff)


# --- the door page ------------------------------------------------------------------------


def test_door_search_finds_by_latin_or_japanese_name_organisation_or_reference(
    client, event, door_staff
):
    otsuka = RegistrationFactory(
        event=event,
        given_name="Kazuo",
        family_name="Otsuka",
        japanese_name="大塚 海夫",
        organisation="Joint Staff",
    )
    RegistrationFactory(event=event, family_name="Ashworth", organisation="MOD")
    client.force_login(door_staff)
    for query in ("otsuka", "大塚", "joint staff", otsuka.reference, otsuka.reference.lower()):
        response = client.get(check_in_url(event), {"q": query})
        assert response.context["results"] == [otsuka], query


def test_door_search_as_a_japanese_keyboard_types_it(client, event, door_staff):
    suzuki = RegistrationFactory(
        event=event, given_name="Akiko", family_name="Suzuki", japanese_name="スズキ アキコ"
    )
    RegistrationFactory(event=event, family_name="Ashworth")
    client.force_login(door_staff)
    reference = suzuki.reference.translate(
        str.maketrans(
            "ABCDEFGHJKLMNPQRSTUVWXYZ23456789-",
            "ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＳＴＵＶＷＸＹＺ２３４５６７８９－",
        )
    )
    # Full-width Latin, half-width katakana, a full-width reference.
    for query in ("ＳＵＺＵＫＩ", "Ａｋｉｋｏ", "ｽｽﾞｷ", reference):
        response = client.get(check_in_url(event), {"q": query})
        assert response.context["results"] == [suzuki], query


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("\x00abc", "Null characters are not allowed."),
    ],
)
def test_a_search_the_door_cannot_run_says_why(client, event, door_staff, query, error):
    RegistrationFactory(event=event, family_name="Ashworth")
    client.force_login(door_staff)
    response = client.get(check_in_url(event), {"q": query})
    assert response.status_code == 400
    assert response.context["form"].errors == {"q": [error]}
    assert f'<p class="invalid-feedback d-block" id="check-in-search-error">{error}</p>' in (
        response.content.decode()
    )
    assert response.context["results"] == []


def test_door_page_shows_live_counts(client, event, door_staff):
    RegistrationFactory.create_batch(3, event=event, status="confirmed")
    RegistrationFactory(event=event, status="pending")
    arrived = RegistrationFactory(event=event, status="confirmed")
    services.check_in(registration=arrived, by=door_staff)
    RegistrationFactory(event=event, status="confirmed", speaker=SpeakerFactory())
    client.force_login(door_staff)
    page = client.get(check_in_url(event)).content.decode()
    # A speaker is a participant like any other: counted, and the line says so.
    assert (
        '<span class="figure">1</span> / 5\n'
        '  <span class="text-secondary">confirmed participants (speakers included) checked in'
    ) in page


def test_one_post_checks_a_confirmed_delegate_in_and_returns_to_the_search(
    client, event, door_staff
):
    registration = RegistrationFactory(
        event=event, honorific="Ms", given_name="Charlotte", family_name="Ashworth"
    )
    client.force_login(door_staff)
    back = check_in_url(event) + "?q=ashworth"
    response = client.post(
        action_url(registration), {"action": "check_in", "next": back}, follow=True
    )
    assert response.redirect_chain == [(back, 302)]
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    page = response.content.decode()
    assert "Ms Charlotte Ashworth is checked in." in page
    assert "Undo check-in" in page


def test_posting_check_in_for_a_pending_delegate_refuses_with_a_message(client, event, door_staff):
    registration = RegistrationFactory(event=event, status="pending", family_name="Sato")
    client.force_login(door_staff)
    response = client.post(action_url(registration), {"action": "check_in"}, follow=True)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert "is Pending approval, not confirmed: not checked in." in response.content.decode()
    assert "cannot be checked in" in response.content.decode()  # no button on the card


def test_posting_check_in_twice_says_so(client, event, door_staff):
    registration = RegistrationFactory(event=event)
    client.force_login(door_staff)
    client.post(action_url(registration), {"action": "check_in"})
    registration.refresh_from_db()
    first_time = registration.checked_in_at
    response = client.post(action_url(registration), {"action": "check_in"}, follow=True)
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time
    assert "was already checked in at" in response.content.decode()


def test_undo_by_post(client, event, door_staff):
    registration = RegistrationFactory(event=event)
    client.force_login(door_staff)
    client.post(action_url(registration), {"action": "check_in"})
    response = client.post(action_url(registration), {"action": "undo"}, follow=True)
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert "Check-in undone for" in response.content.decode()


def test_door_messages_name_the_delegate_as_the_page_does_in_japanese(client, event, door_staff):
    registration = RegistrationFactory(
        event=event, honorific="Mr", given_name="Taro", family_name="Yamada",
        japanese_name="山田 太郎", nationality="JP",
    )  # fmt: skip
    client.force_login(door_staff)
    url = "/ja" + action_url(registration)

    checked_in = client.post(url, {"action": "check_in"}, follow=True)
    again = client.post(url, {"action": "check_in"}, follow=True)
    undone = client.post(url, {"action": "undo"}, follow=True)

    messages = [
        [str(message) for message in response.context["messages"]]
        for response in (checked_in, undone)
    ]
    assert messages == [
        ["山田 太郎をチェックインしました。"],
        ["山田 太郎のチェックインを取り消しました。"],
    ]
    assert "山田 太郎（" in again.content.decode()


def test_check_in_ignores_an_offsite_next(client, event, door_staff):
    registration = RegistrationFactory(event=event)
    client.force_login(door_staff)
    response = client.post(
        action_url(registration), {"action": "check_in", "next": "https://evil.example/"}
    )
    assert response.url == card_url(registration)


def test_check_in_needs_the_permission_and_a_post(client, event):
    registration = RegistrationFactory(event=event)
    assert client.post(action_url(registration), {"action": "check_in"}).status_code == 302
    client.force_login(UserFactory())
    assert client.post(action_url(registration), {"action": "check_in"}).status_code == 403
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    assert client.get(action_url(registration)).status_code == 405
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_registration_of_another_event_is_not_found(client, event, door_staff):
    other = RegistrationFactory()
    client.force_login(door_staff)
    response = client.get(
        reverse(
            "staff:check_in_card", kwargs={"event_slug": event.slug, "reference": other.reference}
        )
    )
    assert response.status_code == 404


# --- QR code ----------------------------------------------------------------------------


def test_qr_code_encodes_the_staff_card_url_and_opens_the_delegates_card(
    client, rf, event, door_staff
):
    registration = RegistrationFactory(event=event, family_name="Ashworth")
    assert qr.check_in_url(registration, base_url="https://dialogue.example/") == (
        f"https://dialogue.example/staff/{event.slug}/check-in/{registration.reference}/"
    )
    svg = qr.qr_svg(registration, request=rf.get("/"))
    assert svg.startswith('<svg class="qr-code" role="img"')
    assert f'aria-label="QR code for {registration.reference}"' in svg
    assert "style=" not in svg and 'id="' not in svg
    assert qr.qr_png_bytes(registration, base_url="https://dialogue.example").startswith(b"\x89PNG")

    client.force_login(door_staff)
    card = client.get(card_url(registration))
    assert card.context["registration"] == registration
    assert "Ms Charlotte Ashworth" in card.content.decode()
    assert '<button class="btn btn-success btn-lg check-in-button"' in card.content.decode()


def test_qr_code_needs_an_absolute_base(event):
    with pytest.raises(ValueError, match="absolute URL"):
        qr.qr_svg(RegistrationFactory(event=event))
