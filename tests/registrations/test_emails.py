"""What the delegate receives, in their language, and that mail never loses a registration."""

from smtplib import SMTPException

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from registrations import emails, services
from registrations.models import OutgoingEmail, Registration
from tests.registrations.test_services import delegate

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_on_commit(django_capture_on_commit_callbacks):
    def register(event, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.register_delegate(event=event, **kwargs)[0]

    return register


def test_confirmation_has_reference_details_manage_link_and_calendar(open_event, send_on_commit):
    registration = send_on_commit(open_event, data=delegate(honorific="Colonel"))
    message = mail.outbox[0]
    assert message.subject == "Your place is confirmed: Test Dialogue"
    assert message.body.startswith("Dear Colonel Oliver Ashworth,")
    assert f"Reference: {registration.reference}" in message.body
    assert "Dates: 1–2 November 2016 (Asia/Tokyo)" in message.body
    assert "Venue: International Conference Hall, First Members' Building, Tokyo" in message.body
    assert "http://testserver/tokyo-test/registration/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert registration.reference in html and '<html lang="en">' in html
    assert "Show the attached QR code (or give your reference)" in message.body
    name, content, attachment_type = message.attachments[0]
    assert (name, attachment_type) == ("tokyo-test.ics", "text/calendar")
    qr_name, qr_png, qr_type = message.attachments[1]
    assert (qr_name, qr_type) == (f"check-in-{registration.reference}.png", "image/png")
    assert qr_png.startswith(b"\x89PNG")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Test Dialogue"
    assert event.decoded("dtstart").isoformat() == "2016-11-01"
    assert event.decoded("dtend").isoformat() == "2016-11-03"  # exclusive end: both days


def test_email_goes_out_in_the_language_the_delegate_registered_in(open_event, send_on_commit):
    send_on_commit(open_event, data=delegate(given_name="Yuki", family_name="Sato"), language="ja")
    message = mail.outbox[0]
    assert message.subject == "参加確定のお知らせ：Test Dialogue"
    assert message.body.startswith("Yuki Sato 様")
    assert "登録番号:" in message.body
    assert "日程: 2016年11月1日（火）〜2日（水）" in message.body
    assert "http://testserver/ja/tokyo-test/registration/" in message.body
    assert 'href="http://testserver/ja/tokyo-test/"' in message.alternatives[0][0]
    assert '<html lang="ja">' in message.alternatives[0][0]


def test_text_email_does_not_html_escape_names(open_event, send_on_commit):
    send_on_commit(open_event, data=delegate(family_name="O'Neill & Sons"))
    assert "Oliver O'Neill & Sons" in mail.outbox[0].body


def test_no_mail_is_sent_for_a_rolled_back_change(open_event, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.register_delegate(event=open_event, data=delegate())
        raise RuntimeError("something later in the request failed")
    assert not mail.outbox
    assert not Registration.objects.exists()
    assert not OutgoingEmail.objects.exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPException("mail server unreachable")


def test_a_mail_server_outage_keeps_the_registration_and_retries(
    open_event, send_on_commit, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    registration = send_on_commit(open_event, data=delegate())
    assert Registration.objects.get().status == "confirmed"  # the registration stands
    queued = OutgoingEmail.objects.get()
    assert (queued.state, queued.attempts) == ("queued", 1)
    assert queued.last_error == "SMTPException: mail server unreachable"
    assert queued.next_attempt_at > queued.created_at

    # The mail server comes back; the worker sends what is due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=queued.created_at)
    assert emails.send_due() == (1, 0)
    queued.refresh_from_db()
    assert queued.state == "sent"
    assert mail.outbox[0].to == [registration.email]
    assert emails.send_due() == (0, 0)  # nothing is sent twice


def test_worker_mode_leaves_sending_to_the_worker(open_event, send_on_commit, settings):
    settings.EMAIL_DELIVERY = "worker"
    send_on_commit(open_event, data=delegate())
    assert not mail.outbox
    from django.core.management import call_command

    call_command("send_queued_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


@override_settings(LANGUAGE_CODE="en")
@pytest.mark.parametrize(
    ("to_status", "subject"),
    [
        ("confirmed", "Your place is confirmed: Test Dialogue"),
        ("declined", "Your registration: Test Dialogue"),
        ("waitlisted", "You are on the waiting list: Test Dialogue"),
        ("cancelled", "Registration cancelled: Test Dialogue"),
    ],
)
def test_organiser_decisions_email_the_delegate(
    open_event, django_capture_on_commit_callbacks, to_status, subject
):
    open_event.registration_mode = "approval"
    open_event.save()
    registration = services.register_delegate(event=open_event, data=delegate())[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(registration=registration, to_status=to_status)
    assert [m.subject for m in mail.outbox] == [subject]
