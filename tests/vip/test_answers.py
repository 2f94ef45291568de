"""A speaker accepts or declines: the agenda, its cache, the organisers and the queue."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from registrations.emails import send_due
from registrations.models import OutgoingEmail
from vip import emails, services
from vip.exceptions import AlreadyAnswered
from vip.models import InvitedAppearance

pytestmark = pytest.mark.django_db

NAME = "Air Chief Marshal Sir Stephen Hillier"


def answer(client, invitation, **choices):
    return client.post(emails.speaker_path(invitation) + "answer/", choices)


def agenda(event, path="conference:agenda"):
    """The page as a member of the public sees it (the speaker's own browser carries
    a flash message, which the page cache rightly skips)."""
    return Client().get(reverse(path, kwargs={"event_slug": event.slug}))


def test_accepting_confirms_the_appearance_and_the_cached_agenda_names_the_speaker(
    client, invitation, keynote, panel, event, django_capture_on_commit_callbacks
):
    before = agenda(event)
    assert NAME not in before.content.decode()
    assert "Further speakers to be confirmed" in before.content.decode()
    assert agenda(event)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, invitation, **{f"answer_{keynote.pk}": "accepted"})

    assert response.status_code == 302
    # Back to the speaker's own page (its token is signed afresh, so compare the page).
    assert response["Location"].endswith("/#answers")
    keynote.refresh_from_db()
    panel.refresh_from_db()
    assert (keynote.is_confirmed, panel.is_confirmed) == (True, False)
    after = agenda(event)
    assert after["X-Page-Cache"] == "miss"
    assert NAME in after.content.decode()
    assert NAME in agenda(event, "conference:speakers").content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "Thank you: your appearance is confirmed, and the organisers are told." in page
    assert "You have accepted." in page
    assert page.count("Waiting for your answer.") == 1  # the panel


def test_declining_tells_the_organisers_with_the_speakers_message(
    client, invitation, keynote, panel, event, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(
            client,
            invitation,
            **{
                f"answer_{keynote.pk}": "declined",
                f"answer_{panel.pk}": "declined",
                "message": "I am travelling to Canberra that week.",
            },
        )

    assert response.status_code == 302
    keynote.refresh_from_db()
    assert keynote.is_confirmed is False
    assert list(invitation.appearances.values_list("answer", "message")) == [
        ("declined", "I am travelling to Canberra that week."),
        ("declined", "I am travelling to Canberra that week."),
    ]
    [notice] = mail.outbox
    assert notice.to == ["office@dialogue.example.org"]
    assert notice.subject == f"{NAME} declined: {event.name}"
    assert (
        "Declined:\n- Opening keynote (Keynote speaker)\n- Maritime security panel" in notice.body
    )
    assert "Their message:\nI am travelling to Canberra that week." in notice.body
    assert f"/admin/vip/speakerinvitation/{invitation.pk}/change/" in notice.body
    assert NAME not in agenda(event).content.decode()


def test_nothing_is_sent_inside_the_request_only_after_it_commits(
    client, invitation, keynote, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer(client, invitation, **{f"answer_{keynote.pk}": "accepted"})
        # The request has answered; the notice waits in the queue for the commit.
        assert mail.outbox == []
        queued = OutgoingEmail.objects.get(kind="speaker_answers")
        assert queued.state == "queued"
    for callback in callbacks:
        callback()
    assert [message.subject for message in mail.outbox] == [f"{NAME} accepted: {invitation.event}"]


def test_with_the_mail_worker_the_request_never_talks_to_the_mail_server(
    client, invitation, keynote, settings, django_capture_on_commit_callbacks, clock
):
    settings.EMAIL_DELIVERY = "worker"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, invitation, **{f"answer_{keynote.pk}": "accepted"})
    assert mail.outbox == []
    assert send_due() == (1, 0)  # the worker sends it
    assert [message.to for message in mail.outbox] == [["office@dialogue.example.org"]]


def test_an_answer_must_be_chosen(client, invitation):
    response = answer(client, invitation, message="Hello")
    assert response.status_code == 400
    assert response.context["answer_form"].non_field_errors() == [
        "Choose “Yes” or “No” for at least one appearance."
    ]
    assert not invitation.appearances.exclude(answer="pending").exists()


def test_a_forged_answer_changes_nothing(client, invitation, keynote):
    response = answer(client, invitation, **{f"answer_{keynote.pk}": "maybe"})
    assert response.status_code == 400
    assert response.context["answer_form"].errors == {
        f"answer_{keynote.pk}": [
            "Select a valid choice. maybe is not one of the available choices."
        ],
        "__all__": ["Choose “Yes” or “No” for at least one appearance."],
    }
    keynote.refresh_from_db()
    assert keynote.is_confirmed is False


def test_an_answer_is_final_on_the_page(client, invitation, keynote, panel):
    services.answer_appearances(invitation=invitation, answers={keynote.pk: "accepted"})
    with pytest.raises(AlreadyAnswered) as error:
        services.answer_appearances(invitation=invitation, answers={keynote.pk: "declined"})
    assert error.value.message == "You have already answered for “Opening keynote”."

    # On the page, the answered appearance has no choice any more: posting one is ignored.
    response = answer(client, invitation, **{f"answer_{keynote.pk}": "declined"})
    assert response.status_code == 400
    keynote.refresh_from_db()
    assert keynote.is_confirmed is True
    services.answer_appearances(invitation=invitation, answers={panel.pk: "declined"})
    response = answer(client, invitation, **{f"answer_{panel.pk}": "accepted"})
    assert response.status_code == 409  # nothing left to answer


def test_an_appearance_of_someone_else_cannot_be_answered(invitation, event):
    from tests.factories import SessionRoleFactory

    other = SessionRoleFactory(session__event=event, is_confirmed=False)
    with pytest.raises(AlreadyAnswered) as error:
        services.answer_appearances(invitation=invitation, answers={other.pk: "accepted"})
    assert error.value.message == "This appearance is not part of your invitation."
    other.refresh_from_db()
    assert other.is_confirmed is False


def test_inviting_again_asks_a_declined_appearance_again_and_keeps_accepted_ones(
    invitation, keynote, panel, speaker, event
):
    services.answer_appearances(
        invitation=invitation, answers={keynote.pk: "accepted", panel.pk: "declined"}
    )
    services.invite_speaker(event=event, speaker=speaker, roles=[keynote, panel], language="en")
    answers = dict(InvitedAppearance.objects.values_list("role_id", "answer"))
    assert answers == {keynote.pk: "accepted", panel.pk: "pending"}
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_the_history_names_sessions_in_english_whatever_the_speakers_language(
    client, event, speaker, keynote
):
    invitation = services.invite_speaker(
        event=event, speaker=speaker, roles=[keynote], language="ja"
    )
    path = emails.speaker_path(invitation)
    assert path.startswith("/ja/")
    client.post(path + "answer/", {f"answer_{keynote.pk}": "accepted"})
    assert list(invitation.activity.values_list("action", "detail")) == [
        ("invited", "Opening keynote"),
        ("accepted", "Opening keynote"),  # not 基調講演: the organisers' record is English
    ]


def test_accepting_makes_the_speaker_a_participant_at_the_door(
    client, invitation, keynote, panel, event
):
    from registrations.models import AttendanceOption, Registration

    day_one = AttendanceOption.objects.create(event=event, name="Day 1", order=1)
    day_one.sessions.set([keynote.session, panel.session])
    assert not Registration.objects.filter(event=event, speaker=invitation.speaker).exists()

    answer(client, invitation, **{f"answer_{keynote.pk}": "accepted"})

    participant = Registration.objects.get(event=event, speaker=invitation.speaker)
    assert (participant.status, participant.family_name, participant.email) == (
        "confirmed",
        "Hillier",
        "s.hillier@example.org",
    )
    assert list(participant.attendance_options.all()) == [day_one]


def test_declining_every_appearance_makes_no_participant(client, invitation, keynote, panel, event):
    from registrations.models import Registration

    answer(
        client,
        invitation,
        **{f"answer_{keynote.pk}": "declined", f"answer_{panel.pk}": "declined"},
    )

    assert not Registration.objects.filter(event=event, speaker=invitation.speaker).exists()
