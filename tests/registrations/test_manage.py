"""The delegate's own page, reached by the signed link in their emails."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import Registration
from registrations.tokens import SALT, make_manage_token
from tests.factories import RegistrationFactory
from tests.helpers import delegate, handled_but_not_closed
from tests.helpers import manage_path as manage
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(open_event):
    return services.register_delegate(event=open_event, data=delegate(phone=""))[0]


def test_manage_page_shows_the_registration(client, registration):
    page = client.get(manage(registration)).content.decode()
    assert registration.reference in page
    assert "Confirmed" in page
    assert "Oliver Ashworth" in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'aria-label="QR code for {registration.reference}"' in page
    assert "Show this code, or give your reference" in page


def test_organisation_and_position_are_separated_as_each_language_writes_lists(
    client, registration
):
    registration.organisation, registration.position = "外務省", "課長"
    registration.save()

    english = client.get(manage(registration)).content.decode()
    japanese = client.get("/ja" + manage(registration)).content.decode()

    assert '<dd class="col-sm-8">外務省, 課長</dd>' in english
    assert '<dd class="col-sm-8">外務省、課長</dd>' in japanese


def test_qr_code_on_the_manage_page_leads_staff_to_the_check_in_card(client, registration):
    from registrations.qr import check_in_url

    assert check_in_url(registration, base_url="http://testserver") == (
        f"http://testserver/staff/tokyo-test/check-in/{registration.reference}/"
    )


def test_pending_registration_has_no_check_in_code(client, open_event):
    pending = RegistrationFactory(event=open_event, status="pending")
    assert "QR code for" not in client.get(manage(pending)).content.decode()


def test_tampered_link_is_refused_without_revealing_anything(client, registration):
    token = make_manage_token(registration)
    response = client.get(manage(registration).replace(token, token[:-2] + "xx"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link is not valid." in page
    assert registration.reference not in page and "Ashworth" not in page


def test_link_for_another_reference_cannot_be_forged(client, registration):
    forged = signing.dumps(registration.reference, salt="some-other-salt")
    url = reverse("registrations:manage", kwargs={"event_slug": "tokyo-test", "token": forged})
    assert client.get(url).status_code == 400


def test_expired_link_offers_a_new_one(client, registration, settings):
    settings.MANAGE_LINK_MAX_AGE_DAYS = 0
    token = signing.dumps(registration.reference, salt=SALT)
    # Anything signed before now is past a zero-day limit once a second passes.
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(seconds=5)
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        response = client.get(
            reverse("registrations:manage", kwargs={"event_slug": "tokyo-test", "token": token})
        )
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert "Email me the link" in response.content.decode()


def test_delegate_updates_details(client, registration, open_event):
    day2 = open_event.attendance_options.get(name="Day 2")
    data = {
        "honorific": "Dr",
        "given_name": "Oliver",
        "family_name": "Ashworth",
        "japanese_name": "",
        "phone": "+44 20 7946 0000",
        "organisation": "UK Ministry of Defence",
        "position": "Director",
        "sector": "government",
        "nationality": "GB",
        "attendance_options": [day2.pk],
        "dietary_requirement": "vegetarian",
        "dietary_details": "",
        "accessibility_needs": "Hearing loop",
        "interpretation": "none",
    }
    response = client.post(manage(registration), data, follow=True)
    assert "Your changes are saved." in response.content.decode()
    registration.refresh_from_db()
    assert (registration.phone, registration.dietary_requirement, registration.position) == (
        "+44 20 7946 0000",
        "vegetarian",
        "Director",
    )
    assert list(registration.attendance_options.all()) == [day2]
    assert registration.email == "delegate@example.org"  # the email is not changeable here


def test_manage_form_starts_from_the_registration_and_saves_what_it_shows(client, open_event):
    registration = services.register_delegate(
        event=open_event,
        data=delegate(
            honorific="Dr",
            japanese_name="アシュワース",
            position="Director",
            dietary_requirement="other",
            dietary_details="No shellfish",
            accessibility_needs="Step-free access\nHearing loop",
            interpretation="ja",
            attendance_options=list(open_event.attendance_options.order_by("order")[:2]),
        ),
    )[0]
    page = client.get(manage(registration)).content.decode()
    data = form_data(page, submit="update")
    day1, day2 = open_event.attendance_options.order_by("order")[:2]
    assert data["attendance_options"] == [str(day1.pk), str(day2.pk)]
    assert (data["dietary_requirement"], data["dietary_details"]) == ("other", "No shellfish")
    assert data["accessibility_needs"] == "Step-free access\nHearing loop"

    data["phone"] = "+44 20 7946 0000"
    response = client.post(manage(registration), data, follow=True)

    assert "Your changes are saved." in response.content.decode()
    registration.refresh_from_db()
    assert registration.phone == "+44 20 7946 0000"
    assert list(registration.attendance_options.order_by("order")) == [day1, day2]
    assert (registration.dietary_details, registration.interpretation) == ("No shellfish", "ja")
    assert registration.accessibility_needs == "Step-free access\nHearing loop"


def test_a_save_from_an_older_page_is_refused_not_written_over(client, registration):
    """Two tabs: A saves a new phone; B, drawn before, saves a new position. B's page
    would write the old phone back; it is refused and shows the details as they are."""
    registration.attendance_options.set(registration.event.attendance_options.all()[:1])
    tab_a = form_data(client.get(manage(registration)).content.decode(), submit="update")
    tab_b = form_data(client.get(manage(registration)).content.decode(), submit="update")

    tab_a["phone"] = "+44 20 7946 0000"
    saved = client.post(manage(registration), tab_a, follow=True)
    assert "Your changes are saved." in saved.content.decode()
    tab_b["position"] = "Director"
    response = client.post(manage(registration), tab_b)

    assert response.status_code == 409
    assert [str(message) for message in response.context["messages"]] == [
        "Your details were changed elsewhere (in another window, or by the organisers) "
        "after this page was opened. Here they are as they are now: make your change again."
    ]
    assert "after this page was opened" in response.content.decode()
    registration.refresh_from_db()
    assert (registration.phone, registration.position) == ("+44 20 7946 0000", "")
    # The page shows what is stored, with the new version: saving it again works.
    again = form_data(response.content.decode(), submit="update")
    assert again["phone"] == "+44 20 7946 0000"
    again["position"] = "Director"
    assert client.post(manage(registration), again).status_code == 302
    registration.refresh_from_db()
    assert (registration.phone, registration.position) == ("+44 20 7946 0000", "Director")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Your changes were not saved: this registration is now “Cancelled” and can no "
            "longer be changed.",
        ),
        ("ja", "変更は保存されていません。この登録は現在「取り消し」のため、変更できません。"),
    ],
)
def test_a_save_after_cancelling_in_another_tab_says_why_it_was_not_saved(
    client, registration, language, expected
):
    registration.attendance_options.set(registration.event.attendance_options.all()[:1])
    address = manage(registration)
    if language == "ja":
        address = "/ja" + address
    tab_b = form_data(client.get(address).content.decode(), submit="update")
    services.cancel_registration(registration=registration)  # tab A

    tab_b["position"] = "Director"
    response = client.post(address, tab_b)

    assert response.status_code == 409
    assert [str(message) for message in response.context["messages"]] == [expected]
    assert expected in response.content.decode()
    registration.refresh_from_db()
    assert (registration.status, registration.position) == ("cancelled", "")


def test_an_organisers_change_also_makes_an_open_page_stale(client, registration):
    registration.attendance_options.set(registration.event.attendance_options.all()[:1])
    page = form_data(client.get(manage(registration)).content.decode(), submit="update")
    services.update_registration_details(
        registration=registration,
        details={"dietary_requirement": "vegan"},
        attendance_options=list(registration.attendance_options.all()),
    )
    page["phone"] = "+44 20 7946 0000"
    assert client.post(manage(registration), page).status_code == 409
    registration.refresh_from_db()
    assert (registration.phone, registration.dietary_requirement) == ("", "vegan")


def test_dietary_details_missing_is_said_once_on_the_manage_form(client, registration):
    data = form_data(client.get(manage(registration)).content.decode(), submit="update")
    data.update(dietary_requirement="other", dietary_details="")

    response = client.post(manage(registration), data)

    assert response.status_code == 400
    assert response.context["form"].errors["dietary_details"] == [
        "Please describe the dietary requirement."
    ]
    assert response.context["form"].non_field_errors() == []
    # Once in the error summary (a link to the field), once at the field.
    html = response.content.decode()
    assert html.count("Please describe the dietary requirement.") == 2
    assert (
        '<li><a href="#id_dietary_details">Please describe the dietary requirement.</a></li>'
    ) in html


def test_delegate_cancels_after_confirming_and_the_next_is_promoted(
    client, registration, open_event, django_capture_on_commit_callbacks
):
    RegistrationFactory.create_batch(2, event=open_event, status="confirmed")
    waiting = RegistrationFactory(event=open_event, status="waitlisted", email="next@example.org")
    confirm_page = client.get(manage(registration, "cancel/")).content.decode()
    assert "Cancel your registration?" in confirm_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage(registration, "cancel/"), follow=True)
    # The reference kept on one line (never broken at its hyphen on a phone).
    assert (
        f'Your registration <span class="reference">{registration.reference}</span> is cancelled.'
    ) in response.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == ("cancelled", "confirmed")
    assert {m.to[0] for m in mail.outbox} == {"delegate@example.org", "next@example.org"}


@pytest.mark.parametrize(
    ("status", "english", "japanese"),
    [
        (
            "confirmed",
            "If you cancel, your place goes to the next person on the waiting list.",
            "取り消すと、お席はキャンセル待ちの次の方に回ります。",
        ),
        (
            "waitlisted",
            "If you cancel, you leave the waiting list.",
            "取り消すと、キャンセル待ちから外れます。",
        ),
        (
            "pending",
            "If you cancel, the organisers will not consider your request.",
            "取り消すと、主催者によるご登録の審査は行われません。",
        ),
    ],
)
def test_the_cancel_page_says_what_cancelling_gives_up(
    client, registration, status, english, japanese
):
    """Only a confirmed delegate holds a seat to pass on."""
    Registration.objects.filter(pk=registration.pk).update(status=status)
    texts = {english, japanese} | {
        "If you cancel, your place goes to the next person on the waiting list.",
        "If you cancel, you leave the waiting list.",
        "If you cancel, the organisers will not consider your request.",
    }
    page = client.get(manage(registration, "cancel/")).content.decode()
    assert [text for text in sorted(texts) if text in page] == [english]
    japanese_page = client.get("/ja" + manage(registration, "cancel/")).content.decode()
    assert japanese in japanese_page


def test_deletion_is_refused_while_active_before_the_event(client, registration):
    # The event (1-2 November 2016) is over in real time, so move it to the future.
    event = registration.event
    event.start_date = date.today() + timedelta(days=30)
    event.end_date = event.start_date + timedelta(days=1)
    event.save()
    response = client.post(manage(registration, "delete/"), follow=True)
    assert "Please cancel your registration first" in response.content.decode()
    registration.refresh_from_db()
    assert registration.given_name == "Oliver"


def test_deletion_after_cancelling_anonymises_but_keeps_counts(client, registration):
    services.cancel_registration(registration=registration)
    response = client.post(manage(registration, "delete/"), follow=True)
    assert "Your personal data has been deleted." in response.content.decode()
    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert (registration.given_name, registration.family_name, registration.organisation) == (
        "Anonymised",
        "Delegate",
        "—",
    )
    assert "delegate@example.org" not in registration.email
    assert (registration.sector, registration.nationality.code, registration.status) == (
        "government",
        "GB",
        "cancelled",
    )
    assert not registration.emails.exists()


def test_resend_link_says_the_same_whether_or_not_the_email_is_registered(
    client, registration, django_capture_on_commit_callbacks
):
    url = reverse("registrations:resend_link", kwargs={"event_slug": "tokyo-test"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "Delegate@Example.org"}, follow=True)
        unknown = client.post(url, {"email": "stranger@example.org"}, follow=True)

    def normalise(response, email):
        page = response.content.decode().replace(email, "EMAIL")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert normalise(known, "Delegate@Example.org") == normalise(unknown, "stranger@example.org")
    assert [m.to for m in mail.outbox] == [["delegate@example.org"]]
    assert mail.outbox[0].subject == "Your link to manage your registration: Test Dialogue"
    assert "/tokyo-test/registration/" in mail.outbox[0].body


def test_purge_command_anonymises_old_events_only(event):
    from django.core.management import call_command

    old = RegistrationFactory(event=event, given_name="Old")
    recent_event = RegistrationFactory(given_name="Recent").event
    recent_event.end_date = date.today()
    recent_event.start_date = date.today()
    recent_event.save()
    call_command("purge_personal_data", "--days", "30", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Registration.objects.get(pk=old.pk).given_name == "Anonymised"
    assert Registration.objects.get(given_name="Recent").anonymised_at is None


def test_purge_removes_typed_searches_from_the_export_log(event):
    from django.core.management import call_command

    from registrations.models import ExportLog

    log = ExportLog.objects.create(
        event=event,
        username="door",
        source=ExportLog.Source.STAFF_PAGE,
        filters={"search": "Ashworth", "status": ["confirmed"]},
        row_count=1,
    )
    call_command("purge_personal_data", "--days", "30", stdout=open("/dev/null", "w"))  # noqa: SIM115
    log.refresh_from_db()
    assert log.filters == {"search": "[removed]", "status": ["confirmed"]}
    assert (log.username, log.row_count) == ("door", 1)


# --- The link form: same work for everyone, lookups after the answer, a cap per inbox ----


def resend_url():
    return reverse("registrations:resend_link", kwargs={"event_slug": "tokyo-test"})


def _statements(queries):
    """The SQL run, without the values (addresses, times, ids, savepoint names) in it."""
    return [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", query["sql"]) for query in queries]


def test_a_link_request_does_the_same_work_whether_or_not_the_address_is_registered(
    registration, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mail.outbox.clear()
    answers, statements = {}, {}
    for who, email in (("known", registration.email), ("unknown", "stranger@example.org")):
        with CaptureQueriesContext(connection) as queries:
            answers[who] = handled_but_not_closed(resend_url(), {"email": email})
        statements[who] = _statements(queries)
    assert statements["known"] == statements["unknown"]
    assert [answers[w].status_code for w in answers] == [302, 302]
    assert not mail.outbox  # nothing looked up, nothing sent while answering
    from registrations.models import ManageLinkRequest

    assert ManageLinkRequest.objects.count() == 2

    # Once the answers have been sent, the registered address gets its link. (As the
    # test client does, keep Django from closing the test's database connection.)
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for answer in answers.values():
                answer.close()
    finally:
        request_finished.connect(close_old_connections)
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert not ManageLinkRequest.objects.exists()  # the typed addresses are gone


def test_the_mail_worker_answers_link_requests_in_worker_mode(client, registration, settings):
    from django.core.management import call_command

    from registrations.models import ManageLinkRequest

    settings.EMAIL_DELIVERY = "worker"
    mail.outbox.clear()
    assert client.post(resend_url(), {"email": "Delegate@Example.org"}).status_code == 302
    assert client.post(resend_url(), {"email": "stranger@example.org"}).status_code == 302
    assert not mail.outbox
    assert ManageLinkRequest.objects.count() == 2
    call_command("send_queued_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["delegate@example.org"]]
    assert not ManageLinkRequest.objects.exists()


def test_at_most_three_link_emails_an_hour_reach_one_inbox(
    registration, django_capture_on_commit_callbacks
):
    from registrations.models import OutgoingEmail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):  # from five different networks: the cap is per inbox
            answer = Client(REMOTE_ADDR=f"203.0.113.{n}").post(
                resend_url(), {"email": registration.email}
            )
            assert answer.status_code == 302
    assert len(mail.outbox) == 3
    # An hour later, one more may go.
    OutgoingEmail.objects.filter(kind="manage_link").update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(resend_url(), {"email": registration.email})
    assert len(mail.outbox) == 4


# --- A new link revokes the old ones -------------------------------------------------------


def _link_in(message) -> str:
    return re.search(r"http://testserver(/tokyo-test/registration/[^/\s]+/)", message.body).group(1)


def test_asking_for_a_new_link_makes_the_old_ones_stop_working(
    client, registration, django_capture_on_commit_callbacks
):
    first = manage(registration)  # the link in the confirmation email and the redirect
    assert client.get(first).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(), {"email": registration.email})
    second = _link_in(mail.outbox[0])
    assert second != first
    assert client.get(second).status_code == 200

    response = client.get(first)
    assert response.status_code == 410
    page = response.content.decode()
    assert "A newer link has been sent for this registration" in page
    assert "Email me the link" in page
    assert registration.reference not in page
    # Its sub-pages too: nothing can be cancelled with an old link.
    assert client.post(first + "cancel/").status_code == 410
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(), {"email": registration.email})
    third = _link_in(mail.outbox[1])
    assert [client.get(link).status_code for link in (first, second, third)] == [410, 410, 200]
    # Emails sent later carry the current link.
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=registration)
    assert client.get(_link_in(mail.outbox[2])).status_code == 200


def test_links_made_before_links_could_be_revoked_work_until_a_new_one_is_sent(
    client, registration, django_capture_on_commit_callbacks
):
    old_style = signing.dumps(registration.reference, salt=SALT)
    url = reverse("registrations:manage", kwargs={"event_slug": "tokyo-test", "token": old_style})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(), {"email": registration.email})
    assert client.get(url).status_code == 410


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_nationality_a_delegate_gave_is_selected_once(client, registration, language):
    """Japan and the United Kingdom are listed first and again in their place: the
    manage page selects the delegate's country once, where it is first listed (two
    selected options in one select are invalid HTML; the browser keeps the last)."""
    prefix = "/ja" if language == "ja" else ""
    page = client.get(prefix + manage(registration)).content.decode()
    select = page[page.index('<select name="nationality"') :]
    select = select[: select.index("</select>")]
    assert registration.nationality == "GB"
    assert re.findall(r'<option value="(\w*)" selected>', select) == ["GB"]
    assert select.count('<option value="GB"') == 2
    assert select.index('<option value="GB" selected>') < select.index('<option value="AF"')
