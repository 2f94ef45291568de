"""Organisers invite speakers from the admin and follow each invitation's state."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from tests.factories import (
    EventFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.html_forms import form_data
from vip import services
from vip.models import SpeakerInvitation, VipSettings

pytestmark = pytest.mark.django_db

INVITE = "/admin/vip/speakerinvitation/invite/"


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def shown(response) -> list[str]:
    """The messages on the page a followed redirect landed on."""
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def japanese_speaker(event):
    speaker = SpeakerFactory(
        honorific="Admiral",
        given_name="Umio",
        family_name="Otsuka",
        japanese_name="大塚海夫",
        honorific_ja="海将",
        email="otsuka@example.org",
        country="JP",
    )
    SessionRoleFactory(
        session=SessionFactory(event=event, title="Indo-Pacific panel"),
        speaker=speaker,
        is_confirmed=False,
    )
    return speaker


def test_an_organiser_invites_from_the_appearances_list(
    client, organiser, event, speaker, keynote, panel, japanese_speaker,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    no_email = SessionRoleFactory(session__event=event, speaker__email="", is_confirmed=False)
    client.force_login(organiser)
    changelist = reverse("admin:conference_sessionrole_changelist")
    chosen = [keynote.pk, panel.pk, japanese_speaker.roles.get().pk, no_email.pk]
    response = client.post(
        changelist, {"action": "invite_selected_appearances", "_selected_action": chosen}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(INVITE + "?roles=")

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('type="checkbox" name="role"') == 4
    assert "No email address: add one on the speaker's page first" in html
    data = form_data(html, submit="send")
    # The language suggested from the speaker's country; the organiser may change it.
    assert data[f"language_{japanese_speaker.pk}"] == "ja"
    assert data[f"language_{speaker.pk}"] == "en"
    data["role"] = [str(pk) for pk in chosen if pk != panel.pk]  # untick the panel
    data["personal_message"] = "We very much hope you can join us."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.wsgi_request.get_full_path(), data)

    assert response.status_code == 302
    assert flashed(response) == [
        f"{no_email.speaker} has no email address: add one on the speaker's page first.",
        "2 invitations sent: the emails are on their way.",
    ]
    invitation = SpeakerInvitation.objects.get(speaker=speaker)
    assert list(invitation.appearances.values_list("role_id", flat=True)) == [keynote.pk]
    assert invitation.invited_by == organiser
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"s.hillier@example.org", "otsuka@example.org"}
    english = by_address["s.hillier@example.org"]
    assert english.subject == f"Invitation to speak: {event.name}"
    assert english.body.startswith(
        "Dear Air Chief Marshal Sir Stephen Hillier,\n\nWe very much hope you can join us.\n"
    )
    assert "- Opening keynote\n  Tuesday 1 November 2016, 09:30–10:15 (JST), Main hall" in (
        english.body
    )
    assert "Maritime security panel" not in english.body
    link = re.search(r"http://testserver(/\S+/speaker/\S+/)", english.body).group(1)
    assert client.get(link).status_code == 200
    japanese = by_address["otsuka@example.org"]
    assert japanese.body.startswith("大塚海夫 海将 様")
    assert f"/ja/{event.slug}/speaker/" in japanese.body


def test_speakers_and_sessions_have_an_invite_action(client, organiser, speaker, keynote, event):
    client.force_login(organiser)
    response = client.post(
        reverse("admin:speakers_speaker_changelist"),
        {"action": "invite_speakers", "_selected_action": [speaker.pk]},
    )
    assert response["Location"] == f"{INVITE}?speakers={speaker.pk}"
    response = client.post(
        reverse("admin:conference_session_changelist"),
        {"action": "invite_session_speakers", "_selected_action": [keynote.session_id]},
    )
    assert response["Location"] == f"{INVITE}?sessions={keynote.session_id}"
    page = client.get(response["Location"]).content.decode()
    assert "Opening keynote" in page


def test_a_speaker_in_several_events_is_invited_to_one_at_a_time(
    client, organiser, speaker, keynote
):
    other = EventFactory(name="Dialogue in London")
    SessionRoleFactory(session__event=other, speaker=speaker, is_confirmed=False)
    client.force_login(organiser)
    page = client.get(f"{INVITE}?speakers={speaker.pk}").content.decode()
    assert "Invite them to one event at a time" in page
    assert f"{INVITE}?speakers={speaker.pk}&amp;event={other.pk}" in page
    chosen = client.get(f"{INVITE}?speakers={speaker.pk}&event={other.pk}").content.decode()
    assert chosen.count('name="role"') == 1


def test_event_staff_cannot_invite(client, event, keynote):
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    assert client.get(f"{INVITE}?roles={keynote.pk}").status_code == 403
    changelist = client.get(reverse("admin:conference_sessionrole_changelist"))
    assert changelist.status_code == 200
    assert "invite_selected_appearances" not in changelist.content.decode()


def make_states(event, organiser, clock, settings):
    """One invitation in each state, the speakers named after it."""
    settings.SPEAKER_INVITATION_DAYS = 5
    made = {}
    for state in ("sent", "opened", "accepted", "declined", "answered", "expired", "revoked"):
        speaker = SpeakerFactory(given_name=state.capitalize(), email=f"{state}@example.org")
        roles = [
            SessionRoleFactory(session__event=event, speaker=speaker, is_confirmed=False)
            for _ in range(2)
        ]
        made[state] = (services.invite_speaker(
            event=event, speaker=speaker, roles=roles, language="en", by=organiser
        ), roles)  # fmt: skip
    clock.shift(timedelta(days=1))
    services.record_opened(invitation=made["opened"][0])
    for state, answers in {
        "accepted": ("accepted", "accepted"),
        "declined": ("declined", "declined"),
        "answered": ("accepted", "declined"),
    }.items():
        invitation, roles = made[state]
        services.answer_appearances(
            invitation=invitation, answers=dict(zip([r.pk for r in roles], answers, strict=True))
        )
    services.revoke_invitation(invitation=made["revoked"][0], by=organiser)
    clock.shift(timedelta(days=4, hours=1))  # past the date to answer
    SpeakerInvitation.objects.filter(pk__in=[made[s][0].pk for s in made if s != "expired"]).update(
        expires_at=made["expired"][0].expires_at + timedelta(days=30)
    )
    return made


def test_the_admin_shows_each_invitations_state_and_when(client, organiser, event, clock, settings):
    make_states(event, organiser, clock, settings)
    client.force_login(organiser)
    changelist = reverse("admin:vip_speakerinvitation_changelist")
    html = client.get(changelist).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    states = {}
    for row in rows:
        name = re.search(r">\w+ ([A-Z][a-z]+) Otsuka<|Admiral (\w+) Otsuka", row)
        state = re.search(r'<td class="field-state_label">([^<]*)</td>', row)
        if name and state:
            states[name.group(2) or name.group(1)] = state.group(1)
    assert states == {
        "Sent": "Sent",
        "Opened": "Opened",
        "Accepted": "Accepted",
        "Declined": "Declined",
        "Answered": "Answered (accepted in part)",
        "Expired": "Expired",
        "Revoked": "Revoked",
    }
    for value, label in SpeakerInvitation.State.choices:
        filtered = client.get(changelist, {"state": value}).content.decode()
        assert filtered.count('<td class="field-state_label">') == 1, value
        assert f'<td class="field-state_label">{label}</td>' in filtered


def test_declined_appearances_show_in_the_admin_with_the_message(
    client, organiser, invitation, keynote, panel
):
    services.answer_appearances(
        invitation=invitation,
        answers={keynote.pk: "declined"},
        message="Another engagement in Paris.",
    )
    client.force_login(organiser)
    page = client.get(
        reverse("admin:vip_speakerinvitation_change", args=[invitation.pk])
    ).content.decode()
    assert "Another engagement in Paris." in page
    assert "Appearance declined" in page  # the history
    appearances = client.get(
        reverse("admin:conference_sessionrole_changelist"), {"answer": "declined"}
    ).content.decode()
    assert "Opening keynote" in appearances and "Maritime security panel" not in appearances


def test_revoke_and_new_link_actions(
    client, organiser, invitation, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    changelist = reverse("admin:vip_speakerinvitation_changelist")

    def act(action):
        selected = {"action": action, "_selected_action": [invitation.pk]}
        return shown(client.post(changelist, selected, follow=True))

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert act("send_new_links") == ["1 new link sent."]
    assert len(mail.outbox) == 1
    assert act("revoke") == ["1 invitation revoked."]
    assert act("revoke") == ["This invitation has already been revoked."]
    invitation.refresh_from_db()
    assert invitation.token_version == 3


def test_the_event_page_sets_review_before_publishing(client, organiser, event):
    client.force_login(organiser)
    url = reverse("admin:conference_event_change", args=[event.pk])
    data = form_data(client.get(url).content.decode(), submit="_save")
    data["vip_settings-0-review_speaker_changes"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert VipSettings.objects.get(event=event).review_speaker_changes is True


def test_the_speaker_page_lists_their_invitations(client, organiser, invitation, speaker):
    client.force_login(organiser)
    page = client.get(reverse("admin:speakers_speaker_change", args=[speaker.pk])).content.decode()
    url = reverse("admin:vip_speakerinvitation_change", args=[invitation.pk])
    assert (
        f'<li><a href="{url}">{invitation.event}</a>: Sent; sent 2016-10-17 10:00 JST</li>' in page
    )
