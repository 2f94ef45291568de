import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registrations.models import Registration
from tests.factories import EventFactory, InvitationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_reference_is_short_readable_and_unique():
    references = {RegistrationFactory().reference for _ in range(20)}
    assert len(references) == 20
    for reference in references:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", reference)


def test_second_active_registration_for_an_email_is_refused(event):
    RegistrationFactory(event=event, email="Yuki.Sato@example.jp", status="pending")
    duplicate = RegistrationFactory.build(event=event, email="yuki.sato@EXAMPLE.jp")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This email address already has an active registration for this event." in str(
        excinfo.value
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Registration.objects.filter(event=event).count() == 1


def test_cancelled_or_declined_registrations_do_not_block_a_new_one(event):
    RegistrationFactory(event=event, email="a@example.org", status="cancelled")
    RegistrationFactory(event=event, email="a@example.org", status="declined")
    RegistrationFactory(event=event, email="a@example.org", status="confirmed")
    assert Registration.objects.filter(email="a@example.org").count() == 3


def test_same_email_may_register_for_another_event(event):
    RegistrationFactory(event=event, email="a@example.org")
    RegistrationFactory(event=EventFactory(), email="a@example.org")
    assert Registration.objects.active().filter(email="a@example.org").count() == 2


def test_japanese_names_and_emoji_are_stored_exactly(event):
    registration = RegistrationFactory(
        event=event, given_name="Ōta 🙂", family_name="O'Neill-Smythe", japanese_name="渡辺 直子"
    )
    registration.refresh_from_db()
    assert (registration.given_name, registration.family_name, registration.japanese_name) == (
        "Ōta 🙂",
        "O'Neill-Smythe",
        "渡辺 直子",
    )


def test_only_confirmed_delegates_can_be_checked_in(event):
    registration = RegistrationFactory.build(
        event=event, status="pending", checked_in_at=timezone.now()
    )
    with pytest.raises(ValidationError) as excinfo:
        registration.full_clean()
    assert excinfo.value.message_dict["checked_in_at"] == [
        "Only confirmed delegates can be checked in."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


def test_other_dietary_requirement_needs_details(event):
    registration = RegistrationFactory.build(event=event, dietary_requirement="other")
    with pytest.raises(ValidationError) as excinfo:
        registration.full_clean()
    assert excinfo.value.message_dict["dietary_details"] == [
        "Please describe the dietary requirement."
    ]


def test_invitation_cannot_be_used_more_than_allowed(event):
    invitation = InvitationFactory(event=event, max_uses=2)
    invitation.uses = 3
    with pytest.raises(IntegrityError), transaction.atomic():
        invitation.save()


def test_invitation_codes_are_unique_per_event_whatever_the_case(event):
    InvitationFactory(event=event, code="PRESS-2016")
    InvitationFactory(code="PRESS-2016")  # another event
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(event=event, code="press-2016")


def test_an_unknown_nationality_is_refused_beside_the_other_field_errors(event):
    registration = RegistrationFactory.build(event=event, nationality="XX", given_name="")
    with pytest.raises(ValidationError) as excinfo:
        registration.full_clean(validate_unique=False, validate_constraints=False)
    assert excinfo.value.message_dict == {
        "given_name": ["This field cannot be blank."],
        "nationality": ["Value 'XX' is not a valid choice."],
    }


def test_a_known_nationality_passes_and_none_is_allowed_when_blank_is(event):
    registration = RegistrationFactory.build(event=event, nationality="JP")
    registration.full_clean(validate_unique=False, validate_constraints=False)
    assert registration.nationality.code == "JP"
    registration.nationality = ""
    registration.clean_fields()  # blank is a valid field value (a constraint decides)
    assert registration.nationality == ""
