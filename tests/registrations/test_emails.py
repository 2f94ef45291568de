"""What the delegate receives, in their language, and that mail never loses a registration."""

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection, connections
from django.test import RequestFactory, override_settings
from django.utils import timezone
from icalendar import Calendar

from registrations import emails, services
from registrations.models import OutgoingEmail, Registration
from tests.helpers import delegate, handled_but_not_closed

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
    # Full-width colons and brackets, with no space after them.
    assert "\n登録番号：" in message.body
    assert "\n日程：2016年11月1日（火）〜2日（水）（Asia/Tokyo）\n" in message.body
    assert "\n登録内容の確認・変更・取り消し：\nhttp://" in message.body
    assert "<td>2016年11月1日（火）〜2日（水）（Asia/Tokyo）</td>" in message.alternatives[0][0]
    # A label is never broken (登録/番号) on a phone's narrow screen.
    assert (
        '<th align="left" style="white-space:nowrap;vertical-align:top">登録番号</th>'
        in (message.alternatives[0][0])
    )
    assert "http://testserver/ja/tokyo-test/registration/" in message.body
    assert 'href="http://testserver/ja/tokyo-test/"' in message.alternatives[0][0]
    assert '<html lang="ja">' in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("written_as", "settled_as", "subject", "attachment"),
    [
        ("waitlisted", "confirmed", "Your place is confirmed: Test Dialogue", "tokyo-test.ics"),
        ("pending", "confirmed", "Your place is confirmed: Test Dialogue", "tokyo-test.ics"),
        ("confirmed", "waitlisted", "You are on the waiting list: Test Dialogue", ""),
    ],
)
def test_an_email_written_before_the_lock_is_rewritten_for_the_status_it_settles_on(
    open_event, written_as, settled_as, subject, attachment
):
    """A sign-up writes its email for the status the seats suggest, before the event's
    lock; the lock may decide otherwise, either way (services.register_delegate)."""
    from tests.factories import RegistrationFactory

    registration = RegistrationFactory(event=open_event, status=written_as)
    email = emails.queue(registration, written_as)
    registration.status = settled_as

    emails.rewrite(email, registration, settled_as)

    email.refresh_from_db()
    assert (email.kind, email.subject, email.attachment_name) == (settled_as, subject, attachment)
    assert bool(email.attachment_content) == bool(attachment)


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


# --- Claim, send with no transaction open, record ---------------------------------------


class TransactionWatchingBackend(locmem.EmailBackend):
    """The locmem backend, noting whether a database transaction was open at each send."""

    in_transaction: list = []

    def send_messages(self, messages):
        type(self).in_transaction.append(connection.in_atomic_block)
        return super().send_messages(messages)


class SecondWorkerBackend(locmem.EmailBackend):
    """While this sender talks to the mail server, a second mail worker runs a round."""

    second_round: list = []

    def send_messages(self, messages):
        type(self).second_round.append(emails.send_due())
        return super().send_messages(messages)


def _refusing_smtp_server():
    """A mail server that answers every connection with 421 (service not available)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve():
        while True:
            try:
                conn, _address = server.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"421 4.3.2 Service not available, try again later\r\n")

    threading.Thread(target=serve, daemon=True).start()
    return server


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delivery", ["on_commit", "worker"])
def test_the_mail_server_is_talked_to_with_no_transaction_open(open_event, settings, delivery):
    settings.EMAIL_BACKEND = f"{__name__}.TransactionWatchingBackend"
    settings.EMAIL_DELIVERY = delivery
    TransactionWatchingBackend.in_transaction = []
    services.register_delegate(event=open_event, data=delegate())
    if delivery == "worker":
        assert emails.send_due() == (1, 0)
    assert TransactionWatchingBackend.in_transaction == [False]
    sent = OutgoingEmail.objects.get()
    assert (sent.state, sent.attempts) == ("sent", 1)
    assert sent.claimed_at is not None and sent.claimed_by.count(":") == 2


def test_a_refusing_mail_server_leaves_the_email_queued_for_a_retry(
    open_event, send_on_commit, settings
):
    server = _refusing_smtp_server()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.getsockname()
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        registration = send_on_commit(open_event, data=delegate())
        queued = OutgoingEmail.objects.get()
        assert (queued.state, queued.attempts, queued.claimed_by) == ("queued", 1, "")
        assert queued.last_error.startswith("SMTPConnectError: (421, b'4.3.2 Service not available")
        assert queued.next_attempt_at - queued.created_at > timedelta(seconds=59)
        # Not due yet: the worker leaves it alone.
        assert emails.send_due() == (0, 0)
        OutgoingEmail.objects.update(next_attempt_at=timezone.now())
        assert emails.send_due() == (0, 1)  # still refused: attempt 2, a longer wait
        queued.refresh_from_db()
        assert (queued.state, queued.attempts) == ("queued", 2)
    finally:
        server.close()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    assert emails.send_due() == (1, 0)
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_an_email_stuck_in_sending_is_queued_again_and_sent_once(open_event, settings):
    settings.EMAIL_DELIVERY = "worker"
    services.register_delegate(event=open_event, data=delegate("stuck@example.org"))
    services.register_delegate(event=open_event, data=delegate("busy@example.org"))
    now = timezone.now()
    # Two senders claimed these and went quiet: one 11 minutes ago (killed), one a
    # minute ago (still talking to a slow mail server).
    OutgoingEmail.objects.filter(to="stuck@example.org").update(
        state="sending",
        claimed_at=now - timedelta(minutes=11),
        claimed_by="web1:42:dead",
        attempts=1,
    )
    OutgoingEmail.objects.filter(to="busy@example.org").update(
        state="sending",
        claimed_at=now - timedelta(minutes=1),
        claimed_by="web2:43:slow",
        attempts=1,
    )
    assert emails.send_due() == (1, 0)
    assert [m.to for m in mail.outbox] == [["stuck@example.org"]]
    stuck = OutgoingEmail.objects.get(to="stuck@example.org")
    assert (stuck.state, stuck.attempts) == ("sent", 2)  # the lost attempt counts
    busy = OutgoingEmail.objects.get(to="busy@example.org")
    assert (busy.state, busy.claimed_by) == ("sending", "web2:43:slow")
    assert emails.send_due() == (0, 0)
    assert len(mail.outbox) == 1


def test_an_email_stuck_after_its_last_attempt_fails_for_good(open_event, settings):
    settings.EMAIL_DELIVERY = "worker"
    services.register_delegate(event=open_event, data=delegate())
    OutgoingEmail.objects.update(
        state="sending",
        claimed_at=timezone.now() - timedelta(minutes=30),
        attempts=emails.MAX_ATTEMPTS,
    )
    assert emails.send_due() == (0, 0)
    assert not mail.outbox
    assert OutgoingEmail.objects.get().state == "failed"


def test_a_second_worker_never_sends_an_email_the_first_is_sending(open_event, settings):
    settings.EMAIL_DELIVERY = "worker"
    settings.EMAIL_BACKEND = f"{__name__}.SecondWorkerBackend"
    SecondWorkerBackend.second_round = []
    services.register_delegate(event=open_event, data=delegate())
    assert emails.send_due() == (1, 0)
    assert SecondWorkerBackend.second_round == [(0, 0)]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL for workers racing on real row locks (.ci/run runs it)",
)
def test_workers_racing_over_the_queue_send_each_email_exactly_once(open_event, settings):
    settings.EMAIL_DELIVERY = "worker"
    open_event.capacity = 100
    open_event.save()
    for n in range(12):
        services.register_delegate(event=open_event, data=delegate(f"race{n}@example.org"))
    workers = 6
    barrier = threading.Barrier(workers)

    def worker(_):
        try:
            barrier.wait()
            return emails.send_due()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        rounds = list(pool.map(worker, range(workers)))
    assert sum(sent for sent, _failed in rounds) == 12
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"race{n}@example.org" for n in range(12))
    assert set(OutgoingEmail.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_a_japanese_email_addresses_the_delegate_by_the_japanese_script_name(
    open_event, send_on_commit
):
    send_on_commit(
        open_event,
        data=delegate(given_name="Taro", family_name="Yamada", japanese_name="山田 太郎"),
        language="ja",
    )
    message = mail.outbox[0]
    assert message.body.startswith("山田 太郎 様")
    assert "<p>山田 太郎 様</p>" in message.alternatives[0][0]


def test_a_japanese_email_without_a_japanese_script_name_uses_the_latin_name_in_order(
    open_event, send_on_commit
):
    send_on_commit(
        open_event,
        data=delegate(honorific="Dr", given_name="Taro", family_name="Yamada", nationality="JP"),
        language="ja",
    )
    assert mail.outbox[0].body.startswith("YAMADA Taro 様")


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_sends_its_confirmation_and_qr_code_after_the_answer(open_event, settings):
    from django.core.signals import request_finished
    from django.db import close_old_connections

    from tests.helpers import form_data

    settings.EMAIL_DELIVERY = "on_commit"
    answer = handled_but_not_closed(f"/{open_event.slug}/register/", form_data(open_event))
    assert answer.status_code == 302
    registration = Registration.objects.get()
    # Committed and queued, but neither the QR-code PNG nor the mail server has held
    # up the answer: nothing is sent until the server has sent it.
    assert OutgoingEmail.objects.get().state == "queued"
    assert mail.outbox == []

    request_finished.disconnect(close_old_connections)  # as the test client does
    try:
        answer.close()
    finally:
        request_finished.connect(close_old_connections)
    [message] = mail.outbox
    assert [name for name, _content, _type in message.attachments] == [
        "tokyo-test.ics",
        f"check-in-{registration.reference}.png",
    ]
    assert OutgoingEmail.objects.get().state == "sent"


def test_work_for_after_the_answer_runs_at_once_outside_a_request():
    from conference.after_response import later

    done = []
    later(lambda *, item: done.append(item), item="ran")
    assert done == ["ran"]


def test_no_more_than_five_calls_run_after_one_answer():
    """The rest are left to the mail worker: a sync worker sending fifty emails after one
    answer would outlive gunicorn's timeout and be killed mid-send."""
    from django.http import HttpResponse

    from conference.after_response import AfterResponseMiddleware, later

    done = []

    def view(request):
        for number in range(7):
            later(lambda *, item: done.append(item), item=number)
        return HttpResponse("ok")

    response = AfterResponseMiddleware(view)(RequestFactory().get("/"))
    assert done == []
    response.close()
    assert done == [0, 1, 2, 3, 4]
