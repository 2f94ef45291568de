"""Participants: speakers become participants (one person, one participant), speakers take
no delegate seat, delegations and precedence on the participant, and what the purge clears."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from registrations import exporters, selectors, services
from registrations.exceptions import ParticipantError
from registrations.models import OutgoingEmail, Registration
from registrations.services import SpeakerParticipation
from tests.factories import (
    AttendanceOptionFactory,
    DelegationFactory,
    EventFactory,
    PrecedenceCategoryFactory,
    RegistrationFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Outcome = SpeakerParticipation.Outcome


@pytest.fixture
def speaker():
    return SpeakerFactory(
        honorific_en="Air Chief Marshal Sir",
        honorific_ja="空軍大将",
        given_name="Stephen",
        family_name="Hillier",
        japanese_name="スティーブン・ヒリアー",
        position_en="Chief of the Air Staff",
        organisation_en="Royal Air Force",
        country="GB",
        email="cas@example.org",
    )


@pytest.fixture
def day_one(event):
    """Day 1 admits to the keynote; the dinner to nothing the speaker speaks in."""
    keynote = SessionFactory(event=event, title="Keynote")
    option = AttendanceOptionFactory(event=event, name="Day 1", order=1)
    option.sessions.add(keynote)
    AttendanceOptionFactory(event=event, name="Dinner", order=2, capacity=1)
    return keynote, option


def appear(speaker, session, *, confirmed=True):
    return SessionRoleFactory(speaker=speaker, session=session, is_confirmed=confirmed)


def history(registration):
    return list(registration.status_changes.order_by("pk").values_list("to_status", "note"))


def test_a_speaker_with_a_confirmed_appearance_becomes_a_confirmed_participant(
    event, speaker, day_one
):
    keynote, day_1 = day_one
    appear(speaker, keynote)

    result = services.sync_speaker_participation(event=event, speaker=speaker)

    assert result.outcome == Outcome.CREATED
    registration = Registration.objects.get(speaker=speaker)
    assert registration == result.registration
    assert (
        registration.status,
        registration.created_for_speaker,
        registration.honorific,
        registration.display_name,
        registration.japanese_name,
        registration.position,
        registration.organisation,
        registration.nationality.code,
        registration.email,
        registration.sector,
        registration.language,
        registration.badge_category,
    ) == (
        "confirmed",
        True,
        "Air Chief Marshal Sir",
        "Air Chief Marshal Sir Stephen Hillier",
        "スティーブン・ヒリアー",
        "Chief of the Air Staff",
        "Royal Air Force",
        "GB",
        "cas@example.org",
        "",
        "en",
        "Speaker",
    )
    assert list(registration.attendance_options.all()) == [day_1]
    assert history(registration) == [
        ("confirmed", "Participant as a speaker: confirmed appearance")
    ]
    # The organisers speak to their speakers: no "thank you for registering".
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_an_unconfirmed_appearance_makes_nobody_a_participant(event, speaker, day_one):
    appear(speaker, day_one[0], confirmed=False)
    result = services.sync_speaker_participation(event=event, speaker=speaker)
    assert result == SpeakerParticipation(Outcome.NONE)
    assert not Registration.objects.exists()


def test_syncing_again_changes_nothing(event, speaker, day_one):
    appear(speaker, day_one[0])
    services.sync_speaker_participation(event=event, speaker=speaker)
    before = list(Registration.objects.values())
    changes = Registration.status_changes.rel.related_model.objects.count()

    result = services.sync_speaker_participation(event=event, speaker=speaker)

    assert result.outcome == Outcome.KEPT
    assert list(Registration.objects.values()) == before
    assert Registration.status_changes.rel.related_model.objects.count() == changes


def test_one_person_one_participant_a_speaker_who_registered_is_linked_not_doubled(
    event, speaker, day_one
):
    """The Chief of the Air Staff signed up himself before being asked to speak."""
    event.capacity = 1
    event.save()
    keynote, day_1 = day_one
    dinner = event.attendance_options.get(name="Dinner")
    own = RegistrationFactory(
        event=event,
        email="CAS@Example.org",  # the same mailbox, spelt otherwise
        given_name="Stephen",
        family_name="Hillier",
        status="confirmed",
    )
    own.attendance_options.set([dinner])
    waiting = RegistrationFactory(event=event, status="waitlisted")
    appear(speaker, keynote)

    result = services.sync_speaker_participation(event=event, speaker=speaker)

    assert result.outcome == Outcome.LINKED
    assert list(Registration.objects.filter(event=event).active().order_by("pk")) == [
        own,
        waiting,
    ]
    own.refresh_from_db()
    assert (own.speaker, own.created_for_speaker, own.status) == (speaker, False, "confirmed")
    # What the delegate chose stays; the speaker's sessions are added.
    assert set(own.attendance_options.all()) == {dinner, day_1}
    assert history(own)[-1] == (
        "confirmed",
        "Linked to the speaker's profile: one person, one participant",
    )
    # A speaker takes no delegate's seat: the one he held goes to the waiting list.
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert services.confirmed_count(event) == 1
    assert selectors.seat_summary(event)["speakers"] == 1


def test_a_speakers_pending_registration_is_confirmed_when_linked(event, speaker, day_one):
    own = RegistrationFactory(event=event, email="cas@example.org", status="pending")
    appear(speaker, day_one[0])

    services.sync_speaker_participation(event=event, speaker=speaker)

    own.refresh_from_db()
    assert (own.speaker, own.status) == (speaker, "confirmed")
    # Their own sign-up: they hear the decision, as any delegate does.
    assert list(OutgoingEmail.objects.values_list("kind", "to")) == [
        ("confirmed", "cas@example.org")
    ]


def test_speakers_take_no_seat_even_in_a_full_event(event, speaker, day_one):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event, status="confirmed")
    appear(speaker, day_one[0])

    services.sync_speaker_participation(event=event, speaker=speaker)

    assert Registration.objects.get(speaker=speaker).status == "confirmed"
    assert services.confirmed_count(event) == 1
    assert selectors.seat_summary(event)["free"] == 0


def test_a_speaker_with_no_appearance_left_is_cancelled_with_a_reason(event, speaker, day_one):
    role = appear(speaker, day_one[0])
    services.sync_speaker_participation(event=event, speaker=speaker)
    role.is_confirmed = False
    role.save()

    result = services.sync_speaker_participation(event=event, speaker=speaker)

    assert result.outcome == Outcome.CANCELLED
    registration = Registration.objects.get(speaker=speaker)
    assert registration.status == "cancelled"
    assert history(registration)[-1] == ("cancelled", "No confirmed appearance left at this event")
    assert OutgoingEmail.objects.count() == 0
    # Asked again: a new participant registration, the old one stays cancelled.
    role.is_confirmed = True
    role.save()
    assert services.sync_speaker_participation(event=event, speaker=speaker).outcome == (
        Outcome.CREATED
    )
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]


def test_a_speaker_who_registered_and_no_longer_speaks_is_a_delegate_again(event, speaker, day_one):
    own = RegistrationFactory(event=event, email="cas@example.org", status="confirmed")
    role = appear(speaker, day_one[0])
    services.sync_speaker_participation(event=event, speaker=speaker)
    role.delete()

    result = services.sync_speaker_participation(event=event, speaker=speaker)

    assert result.outcome == Outcome.UNLINKED
    own.refresh_from_db()
    assert (own.speaker, own.status) == (None, "confirmed")
    assert history(own)[-1] == (
        "confirmed",
        "No confirmed appearance left: a delegate again, no longer a speaker",
    )


def test_a_mailbox_already_another_speakers_participant_is_refused(event, speaker, day_one):
    other = SpeakerFactory(email="cas@example.org")
    appear(other, day_one[0])
    services.sync_speaker_participation(event=event, speaker=other)
    appear(speaker, day_one[0])
    with pytest.raises(ParticipantError) as refused:
        services.sync_speaker_participation(event=event, speaker=speaker)
    reference = Registration.objects.get(speaker=other).reference
    assert refused.value.message == (
        f"{reference}, registered with this speaker's email address, is already another "
        "speaker's participant registration: correct the speakers' email addresses first."
    )


def test_a_speaker_without_an_address_is_a_participant_without_one(event, day_one):
    speaker = SpeakerFactory(email="", organisation_en="", country="")
    appear(speaker, day_one[0])
    registration = services.sync_speaker_participation(event=event, speaker=speaker).registration
    assert (registration.email, registration.organisation, registration.nationality.code) == (
        "",
        "",
        "",
    )
    # Nobody else may leave them empty.
    delegate = RegistrationFactory.build(event=event, email="", organisation="", sector="")
    with pytest.raises(ValidationError) as refused:
        delegate.full_clean()
    assert {field: refused.value.message_dict[field] for field in ("email", "organisation")} == {
        "email": ["This field is required."],
        "organisation": ["This field is required."],
    }
    assert refused.value.message_dict["sector"] == ["This field is required."]
    # And an address-less participant matches nobody's typed address.
    assert services.active_registration_for_email(event=event, email="") is None


def test_sync_event_speakers_counts_what_it_did(event, day_one):
    keynote = day_one[0]
    made, linked, leaving = (SpeakerFactory(email=f"s{n}@example.org") for n in range(3))
    appear(made, keynote)
    appear(linked, keynote)
    RegistrationFactory(event=event, email="s1@example.org")
    role = appear(leaving, keynote)
    services.sync_speaker_participation(event=event, speaker=leaving)
    role.delete()

    assert services.sync_event_speakers(event=event) == {
        Outcome.CREATED: 1,
        Outcome.LINKED: 1,
        Outcome.CANCELLED: 1,
    }


def test_speakers_are_checked_in_at_the_door_like_delegates(client, event, speaker, day_one):
    appear(speaker, day_one[0])
    registration = services.sync_speaker_participation(event=event, speaker=speaker).registration
    door = UserFactory(groups=["Event staff"], staff_of=[event])
    client.force_login(door)
    found = client.get(
        reverse("staff:check_in", kwargs={"event_slug": event.slug}), {"q": "Hillier"}
    )
    assert [r.pk for r in found.context["results"]] == [registration.pk]
    assert "Air Chief Marshal Sir Stephen Hillier" in found.content.decode()
    response = client.post(
        reverse(
            "staff:check_in_action",
            kwargs={"event_slug": event.slug, "reference": registration.reference},
        ),
        {"action": "check_in"},
        follow=True,
    )
    assert "Air Chief Marshal Sir Stephen Hillier is checked in." in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_the_attendee_csv_says_which_participants_are_speakers(event, speaker, day_one):
    appear(speaker, day_one[0])
    services.sync_speaker_participation(event=event, speaker=speaker)
    RegistrationFactory(event=event, family_name="Ashworth")
    data = b"".join(exporters.csv_chunks(selectors.attendees(event=event), event=event))
    lines = data.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    speaker_column = header.index("Speaker")
    assert [(line.split(",")[3], line.split(",")[speaker_column]) for line in lines[1:]] == [
        ("Ashworth", ""),
        ("Hillier", "yes"),
    ]


# --- delegations and precedence on the participant ---------------------------------------


def test_a_delegation_has_one_head_and_a_head_has_a_delegation(event):
    uk = DelegationFactory(event=event)
    RegistrationFactory(event=event, delegation=uk, is_head_of_delegation=True)
    second = RegistrationFactory.build(event=event, delegation=uk, is_head_of_delegation=True)
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert refused.value.messages == ["This delegation already has a head."]
    headless = RegistrationFactory.build(event=event, is_head_of_delegation=True)
    with pytest.raises(ValidationError) as refused:
        headless.full_clean()
    assert refused.value.message_dict == {
        "is_head_of_delegation": [
            "A head of delegation must belong to a delegation: choose it first."
        ]
    }


def test_a_participant_takes_a_delegation_and_category_of_their_own_event_only(event):
    elsewhere = EventFactory()
    registration = RegistrationFactory.build(
        event=event,
        delegation=DelegationFactory(event=elsewhere),
        precedence=PrecedenceCategoryFactory(event=elsewhere),
    )
    with pytest.raises(ValidationError) as refused:
        registration.full_clean()
    assert refused.value.message_dict == {
        "delegation": ["This delegation belongs to another event."],
        "precedence": ["This precedence category belongs to another event's list."],
    }
    registration.precedence = PrecedenceCategoryFactory()  # site-wide: fine
    registration.delegation = DelegationFactory(event=event)
    registration.full_clean()


def test_assigning_delegations_moves_participants_and_unseats_a_moved_head(event):
    uk, japan = DelegationFactory(event=event), DelegationFactory(event=event, country="JP")
    head = RegistrationFactory(event=event, delegation=uk, is_head_of_delegation=True)
    other = RegistrationFactory(event=event)
    organiser = UserFactory(groups=["Organisers"])

    changed = services.assign_delegations(assignments={head: japan, other: japan}, by=organiser)

    assert {r.pk for r in changed} == {head.pk, other.pk}
    head.refresh_from_db()
    assert (head.delegation, head.is_head_of_delegation) == (japan, False)
    change = head.status_changes.get()
    assert (change.note, change.changed_by) == ("Delegation: United Kingdom delegation", organiser)
    # Assigning again changes nothing; another event's delegation is refused.
    assert services.assign_delegations(assignments={other: japan}) == []
    with pytest.raises(ParticipantError) as refused:
        services.assign_delegations(assignments={other: DelegationFactory()})
    assert refused.value.message.startswith("United Kingdom delegation is not a delegation of")


def test_a_new_sign_up_from_the_press_is_press():
    assert services.suggested_category("media") == "press"
    assert services.suggested_category("military") == "delegate"


def test_anonymising_clears_what_would_single_the_person_out(event, speaker, day_one):
    uk = DelegationFactory(event=event)
    appear(speaker, day_one[0])
    registration = services.sync_speaker_participation(event=event, speaker=speaker).registration
    Registration.objects.filter(pk=registration.pk).update(
        delegation=uk,
        is_head_of_delegation=True,
        precedence=PrecedenceCategoryFactory(),
        precedence_rank=1,
        delegate_list_consent_at=timezone.now(),
        category="observer",
    )
    registration.refresh_from_db()

    services.anonymise(registration)

    registration.refresh_from_db()
    assert (
        registration.speaker,
        registration.is_head_of_delegation,
        registration.precedence,
        registration.precedence_rank,
        registration.delegate_list_consent_at,
        registration.delegation,
        registration.category,
    ) == (None, False, None, None, None, uk, "observer")


def test_the_dashboard_counts_a_speaker_without_sector_or_nationality(client, event, day_one):
    """Regression: a speaker participant with no sector on file made the dashboard a 500."""
    speaker = SpeakerFactory(country="")
    appear(speaker, day_one[0])
    services.sync_speaker_participation(event=event, speaker=speaker)
    RegistrationFactory(event=event, sector="military", nationality="GB")
    client.force_login(UserFactory(groups=["Organisers"]))
    response = client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug}))
    assert response.status_code == 200
    assert [(row["label"], row["active"]) for row in response.context["sectors"]] == [
        ("Not given", 1),
        ("Armed forces", 1),
    ]
    assert [(row["label"], row["active"]) for row in response.context["nationalities"]] == [
        ("Not given", 1),
        ("United Kingdom", 1),
    ]
