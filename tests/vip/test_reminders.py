"""``manage.py remind_speakers``: after N days without an answer, at most once per N days."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections

from registrations.models import OutgoingEmail
from vip import services
from vip.models import InvitationActivity

pytestmark = pytest.mark.django_db


def remind(days=None) -> str:
    out = StringIO()
    args = ["--days", str(days)] if days is not None else []
    call_command("remind_speakers", *args, stdout=out)
    return out.getvalue().strip()


def reminders_sent() -> list[str]:
    return [m.subject for m in mail.outbox if m.subject.startswith("A reminder")]


@pytest.fixture
def invited(invitation, django_capture_on_commit_callbacks):
    """The invitation, with the mail queue delivering on commit as in production."""
    mail.outbox.clear()
    return invitation


def test_no_reminder_before_n_days(invited, clock):
    clock.shift(timedelta(days=6, hours=23))
    assert remind() == "Reminded 0 speaker(s) who had not answered in 7 days."


def test_a_reminder_after_n_days_then_at_most_once_per_n_days(
    invited, clock, django_capture_on_commit_callbacks
):
    clock.shift(timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind() == "Reminded 1 speaker(s) who had not answered in 7 days."
        assert remind() == "Reminded 0 speaker(s) who had not answered in 7 days."
    [reminder] = mail.outbox
    assert reminder.to == ["s.hillier@example.org"]
    assert reminder.subject == f"A reminder: your invitation to speak at {invited.event}"
    assert "- Opening keynote" in reminder.body and "- Maritime security panel" in reminder.body

    clock.shift(timedelta(days=6))  # a cron job that runs daily
    with django_capture_on_commit_callbacks(execute=True):
        remind()
    assert len(reminders_sent()) == 1
    clock.shift(timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        remind()
    assert len(reminders_sent()) == 2
    invited.refresh_from_db()
    assert invited.reminder_count == 2
    assert invited.activity.filter(action=InvitationActivity.Action.REMINDED).count() == 2


def test_the_number_of_days_is_an_option(invited, clock):
    clock.shift(timedelta(days=3))
    assert remind(days=3) == "Reminded 1 speaker(s) who had not answered in 3 days."
    with pytest.raises(CommandError, match=r"^--days must be at least 1\.$"):
        remind(days=0)


def test_the_reminder_lists_only_what_is_still_unanswered(
    invited, keynote, clock, django_capture_on_commit_callbacks
):
    services.answer_appearances(invitation=invited, answers={keynote.pk: "accepted"})
    mail.outbox.clear()
    clock.shift(timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        remind()
    [reminder] = mail.outbox
    assert "- Maritime security panel" in reminder.body
    assert "Opening keynote" not in reminder.body


def test_speakers_who_answered_everything_or_whose_invitation_ended_are_left_alone(
    invitation, keynote, panel, event, speaker, organiser, clock, settings
):
    settings.SPEAKER_INVITATION_DAYS = 10
    services.answer_appearances(
        invitation=invitation, answers={keynote.pk: "accepted", panel.pk: "declined"}
    )
    from tests.factories import SessionRoleFactory, SpeakerFactory

    revoked_role = SessionRoleFactory(session__event=event, speaker__email="r@example.org")
    revoked = services.invite_speaker(
        event=event, speaker=revoked_role.speaker, roles=[revoked_role], language="en"
    )
    services.revoke_invitation(invitation=revoked, by=organiser)
    expiring = SessionRoleFactory(
        session__event=event,
        speaker=SpeakerFactory(email="e@example.org"),
        is_confirmed=False,
    )
    services.invite_speaker(event=event, speaker=expiring.speaker, roles=[expiring], language="en")

    clock.shift(timedelta(days=7))
    assert remind() == "Reminded 1 speaker(s) who had not answered in 7 days."  # the expiring one
    clock.shift(timedelta(days=7))  # now past its date to answer
    assert remind() == "Reminded 0 speaker(s) who had not answered in 7 days."


def test_a_reminder_is_in_the_speakers_language(
    event, speaker, keynote, clock, django_capture_on_commit_callbacks
):
    services.invite_speaker(event=event, speaker=speaker, roles=[keynote], language="ja")
    mail.outbox.clear()
    clock.shift(timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        remind()
    [reminder] = mail.outbox
    assert reminder.subject == f"【ご確認のお願い】{event.name_ja or event.name}でのご登壇について"
    assert f"/ja/{event.slug}/speaker/" in reminder.body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL for reminder runs racing on real row locks (.ci/run runs it)",
)
def test_runs_racing_each_other_remind_each_speaker_once(event, clock, settings):
    from tests.factories import SessionRoleFactory

    settings.EMAIL_DELIVERY = "worker"
    for number in range(4):
        role = SessionRoleFactory(
            session__event=event, speaker__email=f"s{number}@example.org", is_confirmed=False
        )
        services.invite_speaker(event=event, speaker=role.speaker, roles=[role], language="en")
    clock.shift(timedelta(days=7))
    runs = 6
    barrier = threading.Barrier(runs)

    def run(_):
        try:
            barrier.wait()
            return services.send_reminders(every_days=7)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        sent = list(pool.map(run, range(runs)))
    assert sum(sent) == 4
    reminders = OutgoingEmail.objects.filter(kind="speaker_reminder")
    assert sorted(reminders.values_list("to", flat=True)) == [f"s{n}@example.org" for n in range(4)]
