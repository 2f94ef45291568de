"""The speaker's link: signed, expiring, revocable, private."""

import io
import logging
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from conference.logging import RequestIdFilter, SingleLineFormatter
from tests.factories import EventFactory
from vip import emails, services, tokens
from vip.models import InvitationActivity

pytestmark = pytest.mark.django_db


def page(client, invitation, path=None):
    return client.get(path or emails.speaker_path(invitation))


def alert(response) -> str:
    """The message of the bad-link page."""
    text = response.content.decode()
    start = text.index('role="alert">') + len('role="alert">')
    return text[start : text.index("</div>", start)]


def test_the_link_opens_the_speakers_page_and_records_the_first_opening(client, invitation, clock):
    response = page(client, invitation)

    assert response.status_code == 200
    assert "Dear Air Chief Marshal Sir Stephen Hillier," in response.content.decode()
    invitation.refresh_from_db()
    first_opened = invitation.opened_at
    assert first_opened is not None
    clock.shift(timedelta(hours=2))
    page(client, invitation)
    invitation.refresh_from_db()
    assert invitation.opened_at == first_opened
    assert [entry.action for entry in invitation.activity.all()] == ["invited", "opened"]


def test_the_token_is_signed_and_carries_the_invitation_and_its_version(invitation):
    token = tokens.make_token(invitation)
    assert tokens.read_token(token) == (invitation.pk, invitation.token_version)
    # Another salt (a delegate's manage link, say) is not a speaker's link.
    with pytest.raises(signing.BadSignature):
        tokens.read_token(signing.dumps([invitation.pk, 1], salt="registrations.manage-link"))


def test_a_forged_or_altered_link_is_refused(client, invitation):
    path = emails.speaker_path(invitation)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    forged = signing.dumps([invitation.pk, invitation.token_version], key="not-our-secret")
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "nonsense"):
        response = page(client, invitation, path.replace(token, bad))
        assert response.status_code == 400
        assert alert(response) == "This link is not valid. Please check it was copied whole."


def test_a_link_for_another_event_is_not_found(client, invitation):
    other = EventFactory()
    path = emails.speaker_path(invitation).replace(invitation.event.slug, other.slug)
    assert page(client, invitation, path).status_code == 404


def test_the_signature_expires_after_the_longest_link_age(client, invitation, clock, settings):
    settings.SPEAKER_LINK_MAX_AGE_DAYS = 10
    path = emails.speaker_path(invitation)
    clock.shift(timedelta(days=10, seconds=1))
    response = page(client, invitation, path)
    assert response.status_code == 410
    assert alert(response) == "This link has expired."


def test_an_unanswered_invitation_expires_on_its_date(
    client, clock, event, speaker, keynote, settings
):
    settings.SPEAKER_INVITATION_DAYS = 7
    invitation = services.invite_speaker(
        event=event, speaker=speaker, roles=[keynote], language="en"
    )
    path = emails.speaker_path(invitation)
    assert invitation.expires_at == invitation.sent_at + timedelta(days=7)

    clock.shift(timedelta(days=7))
    response = page(client, invitation, path)

    assert response.status_code == 410
    assert alert(response) == (
        "The time to answer this invitation online has passed. Please write to the "
        "organisers at office@dialogue.example.org."
    )


def test_an_invitation_never_outlasts_its_event(event, speaker, keynote, clock, settings):
    settings.SPEAKER_INVITATION_DAYS = 365
    invitation = services.invite_speaker(
        event=event, speaker=speaker, roles=[keynote], language="en"
    )
    assert invitation.expires_at == event.ends_at


def test_once_accepted_the_page_stays_open_for_travel_until_the_event_ends(
    client, clock, event, speaker, keynote, panel, settings
):
    settings.SPEAKER_INVITATION_DAYS = 7
    invitation = services.invite_speaker(
        event=event, speaker=speaker, roles=[keynote, panel], language="en"
    )
    services.answer_appearances(invitation=invitation, answers={keynote.pk: "accepted"})
    path = emails.speaker_path(invitation)

    clock.shift(timedelta(days=8))
    response = page(client, invitation, path)
    assert response.status_code == 200
    text = response.content.decode()
    # Too late to answer the panel online, still time to give travel details.
    assert "The time to answer online has passed. Please write to the organisers." in text
    assert 'name="send_answers"' not in text
    assert 'name="save_travel"' in text

    clock.move_to(event.ends_at)
    response = page(client, invitation, path)
    assert response.status_code == 410
    assert alert(response) == "This event is over, and this link no longer works."


def test_a_new_invitation_makes_every_earlier_link_stop_working(
    client, invitation, keynote, speaker, event
):
    old = emails.speaker_path(invitation)
    again = services.invite_speaker(event=event, speaker=speaker, roles=[keynote], language="ja")

    response = page(client, invitation, old)
    assert response.status_code == 410
    assert alert(response) == (
        "A newer link has been sent for this invitation, and this one no longer works. "
        "Please use the link in our most recent email."
    )
    assert again.pk == invitation.pk  # one invitation per speaker per event
    assert page(client, again).status_code == 200


def test_sending_a_new_link_makes_the_old_one_stop_working(client, invitation, organiser):
    old = emails.speaker_path(invitation)
    services.send_new_link(invitation=invitation, by=organiser)
    invitation.refresh_from_db()

    assert page(client, invitation, old).status_code == 410
    assert page(client, invitation).status_code == 200
    assert invitation.appearances.count() == 2  # the same appearances, asked again


def test_a_revoked_invitation_opens_nothing_and_cannot_be_answered(
    client, invitation, keynote, organiser
):
    path = emails.speaker_path(invitation)
    services.revoke_invitation(invitation=invitation, by=organiser)

    response = page(client, invitation, path)
    assert response.status_code == 410
    assert alert(response) == (
        "The organisers have withdrawn this invitation. Please write to the organisers "
        "at office@dialogue.example.org."
    )
    response = client.post(path + "answer/", {f"answer_{keynote.pk}": "accepted"})
    assert response.status_code == 410
    keynote.refresh_from_db()
    assert keynote.is_confirmed is False
    assert invitation.activity.filter(action=InvitationActivity.Action.REVOKED).count() == 1


def test_the_speakers_page_is_never_stored_or_indexed(client, invitation):
    response = page(client, invitation)
    assert response["Cache-Control"] == "no-store, private"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "X-Page-Cache" not in response


def test_the_speakers_token_never_reaches_the_logs(client, invitation, keynote):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(SingleLineFormatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("conference.request")
    logger.addHandler(handler)
    try:
        path = emails.speaker_path(invitation)
        client.get(path)
        client.post(path + "answer/", {})
    finally:
        logger.removeHandler(handler)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    lines = stream.getvalue()
    slug = invitation.event.slug
    assert f"GET /{slug}/speaker/[token]/ 200" in lines
    assert f"POST /{slug}/speaker/[token]/answer/ 400" in lines
    assert token not in lines


def test_the_link_is_in_the_language_the_organiser_chose(event, speaker, keynote):
    invitation = services.invite_speaker(
        event=event, speaker=speaker, roles=[keynote], language="ja"
    )
    assert emails.speaker_path(invitation).startswith(f"/ja/{event.slug}/speaker/")
    assert reverse("vip:speaker", kwargs={"event_slug": "x", "token": "t"}) == "/x/speaker/t/"
