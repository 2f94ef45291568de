"""The sign-up form, as a delegate meets it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from conference.models import Event
from registrations.models import Registration
from tests.factories import InvitationFactory, RegistrationFactory
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def register_url(event, language="en"):
    with translation.override(language):
        return reverse("registrations:register", kwargs={"event_slug": event.slug})


def test_form_shows_every_field_a_delegate_needs(client, open_event):
    page = client.get(register_url(open_event)).content.decode()
    for label in [
        "Honorific or rank", "Given name", "Family name", "Name in Japanese script",
        "Email again", "Organisation", "Sector", "Nationality", "I will attend",
        "Reception dinner", "Dietary requirement", "Accessibility needs", "Interpretation",
        "I have read the privacy notice",
    ]:  # fmt: skip
        assert label in page, label
    assert 'href="/privacy/"' in page
    assert "Invitation code" not in page  # only for invitation-only events


def test_open_event_confirms_and_emails_the_delegate(
    client, open_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(open_event), form_data(open_event), follow=True)
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert (registration.given_name, registration.japanese_name) == ("Yuki", "佐藤 由紀")
    assert registration.privacy_consent_at is not None
    assert registration.privacy_notice_version == "2026-12"
    assert registration.delegate_list_consent_at is None
    assert [o.name for o in registration.attendance_options.order_by("order")] == [
        "Day 1",
        "Day 2",
    ]
    page = response.content.decode()
    assert (
        "Thank you: your place is confirmed. Your reference is "
        f'<span class="reference">{registration.reference}</span>; we have emailed you the '
        "details."
    ) in page
    assert response.redirect_chain[0][0].startswith("/tokyo-test/registration/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your place is confirmed: Test Dialogue"
    assert mail.outbox[0].to == ["yuki.sato@example.jp"]


def test_japanese_form_registers_in_japanese(client, open_event):
    response = client.post(register_url(open_event, "ja"), form_data(open_event), follow=True)
    registration = Registration.objects.get()
    assert registration.language == "ja"
    assert response.redirect_chain[0][0].startswith("/ja/tokyo-test/registration/")
    assert response.content.decode().startswith("<!doctype html>")
    assert '<html lang="ja">' in response.content.decode()


def test_long_names_emoji_and_japanese_are_stored_exactly(client, open_event):
    data = form_data(
        open_event,
        given_name="  Ōtsuka-Fitzwilliam 🙂 ",
        family_name="de la Tour d'Auvergne-" + "x" * 100,
        japanese_name="大塚 海夫",
    )
    client.post(register_url(open_event), data)
    registration = Registration.objects.get()
    assert registration.given_name == "Ōtsuka-Fitzwilliam 🙂"  # outer spaces only are trimmed
    assert registration.family_name == "de la Tour d'Auvergne-" + "x" * 100


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"email_confirm": "other@example.jp"},
            "email_confirm",
            "The two email addresses do not match.",
        ),
        (
            {"email": "not-an-email", "email_confirm": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"given_name": "Yu\x00ki"}, "given_name", "Null characters are not allowed."),
        ({"family_name": "x" * 151}, "family_name", "Ensure this value has at most 150 characters"),
        (
            {"sector": "spy"},
            "sector",
            "Select a valid choice. spy is not one of the available choices.",
        ),
        ({"nationality": "XX"}, "nationality", "Select a valid choice."),
        ({"attendance_options": ["999999"]}, "attendance_options", "Select a valid choice."),
        (
            {"attendance_options": None},
            "attendance_options",
            "Please choose at least one day or event you will attend.",
        ),
        (
            {"dietary_requirement": "other"},
            "dietary_details",
            "Please describe the dietary requirement.",
        ),
        (
            {"privacy_consent": None},
            "privacy_consent",
            "Please accept the privacy notice to register.",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_no_record(client, open_event, overrides, field, message):
    response = client.post(register_url(open_event), form_data(open_event, **overrides))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    html = response.content.decode()
    # The error summary: the page title says so, and the problem links to its field.
    assert "<title>Error: Register for " in html
    summary = html[
        html.index('<div class="error-summary"') : html.index(
            "</ul>", html.index('<div class="error-summary"')
        )
    ]
    target = f"id_{field}_0" if field == "attendance_options" else f"id_{field}"
    assert f'<a href="#{target}">' in summary
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_dietary_details_missing_is_said_once_on_the_sign_up_form(client, open_event):
    response = client.post(
        register_url(open_event), form_data(open_event, dietary_requirement="other")
    )
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


def test_full_open_event_waitlists(client, open_event, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(3, event=open_event, status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(open_event), form_data(open_event), follow=True)
    assert Registration.objects.get(email="yuki.sato@example.jp").status == "waitlisted"
    assert "you are on the waiting list" in response.content.decode()
    assert mail.outbox[0].subject == "You are on the waiting list: Test Dialogue"


def test_full_event_without_waiting_list_refuses_clearly(client, open_event):
    open_event.waiting_list_enabled = False
    open_event.save()
    RegistrationFactory.create_batch(3, event=open_event, status="confirmed")
    response = client.post(register_url(open_event), form_data(open_event))
    assert response.status_code == 409
    assert "Test Dialogue is fully booked and has no waiting list." in response.content.decode()
    assert not Registration.objects.filter(email="yuki.sato@example.jp").exists()


def test_approval_mode_leaves_the_registration_pending(
    client, open_event, django_capture_on_commit_callbacks
):
    open_event.registration_mode = Event.RegistrationMode.APPROVAL
    open_event.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(open_event), form_data(open_event), follow=True)
    assert Registration.objects.get().status == "pending"
    assert "The organisers will review it" in response.content.decode()
    assert mail.outbox[0].subject == "Registration received: Test Dialogue"


def test_registration_not_yet_open_says_when_and_refuses_posts(client, open_event):
    open_event.registration_opens_at = timezone.now() + timedelta(days=3)
    open_event.save()
    page = client.get(register_url(open_event)).content.decode()
    assert "Registration for Test Dialogue opens on" in page
    assert 'name="given_name"' not in page
    response = client.post(register_url(open_event), form_data(open_event))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_registration_closed_says_so_and_refuses_posts(client, open_event):
    open_event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    open_event.save()
    assert "Registration for Test Dialogue closed on" in (
        client.get(register_url(open_event)).content.decode()
    )
    response = client.post(register_url(open_event), form_data(open_event))
    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize("closes_at", [None, "2017-01-01T00:00:00+09:00"])
def test_registration_closes_by_itself_when_the_event_has_ended(
    client, open_event, clock, closes_at
):
    from datetime import datetime

    open_event.registration_closes_at = datetime.fromisoformat(closes_at) if closes_at else None
    open_event.save()
    clock.move_to(datetime.fromisoformat("2016-11-03T00:00:00+09:00"))  # the day after, Tokyo

    page = client.get(register_url(open_event)).content.decode()
    assert (
        "Registration for Test Dialogue closed when the event ended, at the end of "
        "Wednesday 2 November 2016 (Asia/Tokyo)."
    ) in page
    assert 'name="given_name"' not in page
    response = client.post(register_url(open_event), form_data(open_event))
    assert response.status_code == 403
    assert not Registration.objects.exists()
    event_page = client.get(f"/{open_event.slug}/").content.decode()
    assert "Registration is closed." in event_page
    assert "register-button" not in event_page


def test_registration_is_refused_by_the_service_after_the_event_has_ended(open_event, clock):
    from datetime import datetime

    from registrations import services
    from registrations.exceptions import RegistrationClosed
    from tests.helpers import delegate

    with pytest.raises(RegistrationClosed) as excinfo:
        services.register_delegate(
            event=open_event,
            data=delegate(),
            now=datetime.fromisoformat("2016-11-02T15:00:00+00:00"),
        )
    assert excinfo.value.message == (
        "Registration for Test Dialogue closed when the event ended, at the end of "
        "Wednesday 2 November 2016 (Asia/Tokyo)."
    )
    assert not Registration.objects.exists()


def test_event_page_says_until_when_registration_runs(client, open_event):
    page = client.get(f"/{open_event.slug}/").content.decode()
    assert "Registration closes on Wednesday 2 November 2016." in page


def test_unpublished_event_has_no_form(client, open_event):
    open_event.is_published = False
    open_event.save()
    assert client.get(register_url(open_event)).status_code == 404


def test_second_registration_with_the_same_email_is_refused_and_offers_the_link(client, open_event):
    client.post(register_url(open_event), form_data(open_event))
    data = form_data(open_event, email="YUKI.SATO@example.jp", email_confirm="YUKI.SATO@example.jp")
    response = client.post(register_url(open_event), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "A registration with this email address already exists for this event." in page
    assert "Email me the link" in page
    assert Registration.objects.count() == 1


def test_double_submit_of_the_same_form_creates_one_registration(
    client, open_event, django_capture_on_commit_callbacks
):
    data = form_data(open_event, submission_key="same-form-key-123")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(register_url(open_event), data)
        second = client.post(register_url(open_event), data)
    assert Registration.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"].split("/registration/")[0]
        == second["Location"].split("/registration/")[0]
    )
    assert len(mail.outbox) == 1


def submission_key_on(response):
    return re.search(r'name="submission_key" value="([^"]*)"', response.content.decode())[1]


def test_form_carries_a_fresh_submission_key(client, open_event):
    # The second form comes from the cached page: the key is still new.
    first = submission_key_on(client.get(register_url(open_event)))
    second = submission_key_on(client.get(register_url(open_event)))
    assert first and second and first != second


def test_cached_form_gives_each_visitor_their_own_csrf_token_and_cookie(open_event):
    from django.test import Client

    pages = [Client(enforce_csrf_checks=True).get(register_url(open_event)) for _ in range(2)]
    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', p.content.decode()) for p in pages
    ]
    # Two forms on the page (sign-up and "email me the link"), each with the token.
    assert [len(found) for found in tokens] == [2, 2]
    assert tokens[0][0] != tokens[1][0]
    assert all("csrftoken" in page.cookies for page in pages)
    assert all("placeholder" not in page.content.decode() for page in pages)


def test_cached_form_is_never_served_with_a_message_or_to_staff(client, open_event):
    client.get(register_url(open_event))  # stores the form
    client.post(register_url(open_event), form_data(open_event))  # leaves a flash message
    page = client.get(register_url(open_event)).content.decode()
    assert "your place is confirmed" in page  # rendered for this visitor, not cached


def test_cached_form_follows_an_organisers_change_to_the_options(client, open_event):
    client.get(register_url(open_event))
    option = open_event.attendance_options.get(name="Day 2")
    option.name = "Day 2 (afternoon only)"
    option.save()
    assert "Day 2 (afternoon only)" in client.get(register_url(open_event)).content.decode()


def test_sign_up_form_get_costs_no_query_once_cached(client, open_event, django_assert_num_queries):
    client.get(register_url(open_event))
    with django_assert_num_queries(0):  # the event, its options and the page: the cache
        response = client.get(register_url(open_event))
    assert "Reception dinner" in response.content.decode()


def test_cached_sign_up_event_follows_an_organisers_change_to_the_event(client, open_event):
    client.get(register_url(open_event))
    open_event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    open_event.save()
    response = client.post(register_url(open_event), form_data(open_event))
    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_honeypot_filled_by_a_bot_stores_nothing(client, open_event):
    response = client.post(
        register_url(open_event), form_data(open_event, website="http://spam.example")
    )
    assert response.status_code == 200
    assert "Registration received" in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


@pytest.fixture
def fixed_clock(monkeypatch):
    """Rate-limit windows run on the clock: 09:03:20 in Tokyo, in the 09:00–09:10 window."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from registrations import ratelimit

    now = datetime(2026, 10, 1, 9, 3, 20, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp()
    monkeypatch.setattr(ratelimit, "clock", lambda: now, raising=False)


def sign_up_as(client, event, number, **extra):
    email = f"delegate{number}@example.org"
    return client.post(
        register_url(event), form_data(event, email=email, email_confirm=email), **extra
    )


def test_rate_limit_says_when_to_try_again_and_whom_to_ask(
    client, open_event, settings, fixed_clock
):
    settings.REGISTRATION_RATE_LIMIT = 2
    open_event.contact_email = "nathan.mathiot@example.org"
    open_event.save()
    assert [sign_up_as(client, open_event, n).status_code for n in range(2)] == [302, 302]
    response = sign_up_as(client, open_event, 2)
    assert response.status_code == 429
    assert response["Retry-After"] == "400"  # 6 minutes 40 seconds, to 09:10
    page = " ".join(response.content.decode().split())
    assert (
        "We have received many submissions from your network in a short time. Please try "
        "again after 09:10 (JST); what you have already sent is safe."
    ) in page
    assert "ask the organisers to raise the limit for this event. Contact: " in page
    assert '<a href="mailto:nathan.mathiot@example.org">Nathan Mathiot</a>, RUSI Japan</p>' in page
    assert Registration.objects.count() == 2


def test_rate_limit_page_in_japanese(client, open_event, settings, fixed_clock):
    settings.REGISTRATION_RATE_LIMIT = 0
    response = client.post(register_url(open_event, "ja"), form_data(open_event))
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "09:10（JST）以降にもう一度お試しください" in page
    assert "Nathan Mathiot, RUSI Japan" in page


def test_one_email_address_is_limited_whatever_network_it_comes_from(
    open_event, settings, fixed_clock
):
    from django.test import Client

    settings.REGISTRATION_EMAIL_RATE_LIMIT = 2
    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(register_url(open_event), form_data(open_event))
        for n in range(3)
    ]
    assert [response.status_code for response in statuses] == [302, 409, 429]
    assert statuses[2]["Retry-After"] == "400"
    assert (
        "This email address has been used for several sign-ups in a short time. Please try "
        "again after 09:10 (JST)"
    ) in " ".join(statuses[2].content.decode().split())
    # Another address from the same networks is not held back.
    other = Client(REMOTE_ADDR="198.51.100.0").post(
        register_url(open_event),
        form_data(open_event, email="colleague@example.jp", email_confirm="colleague@example.jp"),
    )
    assert other.status_code == 302


def test_a_whole_office_registers_when_the_organisers_raise_the_limit(client, open_event, settings):
    settings.REGISTRATION_RATE_LIMIT = 3
    open_event.capacity = 50
    open_event.registration_rate_limit = 12
    open_event.save()
    office = [sign_up_as(client, open_event, n).status_code for n in range(12)]
    assert office == [302] * 12
    assert sign_up_as(client, open_event, 12).status_code == 429
    # Another event keeps the site's limit.
    open_event.registration_rate_limit = None
    open_event.save()
    from django.core.cache import cache

    cache.clear()
    assert [sign_up_as(client, open_event, n).status_code for n in range(20, 24)] == [
        302,
        302,
        302,
        429,
    ]


def test_the_per_event_limit_is_in_the_admins_registration_settings(client, open_event):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("admin:conference_event_change", args=[open_event.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    registration = html.split(">Registration<", 1)[1].split("</fieldset>", 1)[0]
    assert 'name="registration_rate_limit"' in registration


def test_rate_limit_is_per_client_address(client, open_event, settings):
    settings.REGISTRATION_RATE_LIMIT = 1
    client.post(register_url(open_event), form_data(open_event), REMOTE_ADDR="10.0.0.1")
    response = client.post(
        register_url(open_event),
        form_data(open_event, email="b@example.org", email_confirm="b@example.org"),
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302


def test_csrf_is_required(open_event):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(register_url(open_event), form_data(open_event))
    assert response.status_code == 403
    assert not Registration.objects.exists()


class TestInvitations:
    @pytest.fixture
    def invitation_event(self, open_event):
        open_event.registration_mode = Event.RegistrationMode.INVITATION
        open_event.save()
        return open_event

    def test_valid_code_confirms_and_counts_a_use(self, client, invitation_event):
        invitation = InvitationFactory(event=invitation_event, code="PRESS-2016", max_uses=2)
        client.post(
            register_url(invitation_event),
            form_data(invitation_event, invitation_code="press-2016"),
        )
        assert Registration.objects.get().status == "confirmed"
        invitation.refresh_from_db()
        assert invitation.uses == 1

    def test_code_is_required(self, client, invitation_event):
        page = client.get(register_url(invitation_event)).content.decode()
        assert "Invitation code" in page
        response = client.post(register_url(invitation_event), form_data(invitation_event))
        assert response.status_code == 400
        assert "please enter your invitation code" in response.content.decode()

    def test_wrong_code_is_refused(self, client, invitation_event):
        InvitationFactory(event=invitation_event, code="PRESS-2016")
        response = client.post(
            register_url(invitation_event), form_data(invitation_event, invitation_code="NOPE")
        )
        assert response.status_code == 400
        assert "This invitation code is not valid for this event." in response.content.decode()
        assert not Registration.objects.exists()

    def test_used_up_code_is_refused(self, client, invitation_event):
        InvitationFactory(event=invitation_event, code="ONCE", max_uses=1, uses=1)
        response = client.post(
            register_url(invitation_event), form_data(invitation_event, invitation_code="ONCE")
        )
        assert "This invitation code has already been used." in response.content.decode()
        assert not Registration.objects.exists()

    def test_code_bound_to_another_email_is_refused(self, client, invitation_event):
        invitation = InvitationFactory(
            event=invitation_event, code="AMB", email="ambassador@example.org"
        )
        response = client.post(
            register_url(invitation_event), form_data(invitation_event, invitation_code="AMB")
        )
        assert "This invitation code was issued for another email address." in (
            response.content.decode()
        )
        invitation.refresh_from_db()
        assert invitation.uses == 0
        assert not Registration.objects.exists()

    def test_code_from_another_event_is_refused(self, client, invitation_event):
        InvitationFactory(code="ELSEWHERE")
        response = client.post(
            register_url(invitation_event),
            form_data(invitation_event, invitation_code="ELSEWHERE"),
        )
        assert "This invitation code is not valid for this event." in response.content.decode()


def test_full_attendance_option_is_refused_with_its_name(client, open_event):
    dinner = open_event.attendance_options.get(name="Reception dinner")
    RegistrationFactory(event=open_event, status="confirmed").attendance_options.add(dinner)
    options = [*form_data(open_event)["attendance_options"], dinner.pk]
    response = client.post(
        register_url(open_event), form_data(open_event, attendance_options=options)
    )
    assert response.status_code == 409
    assert "Reception dinner is full. Please untick it" in response.content.decode()
    assert not Registration.objects.filter(email="yuki.sato@example.jp").exists()


def test_japanese_form_is_in_japanese(client, open_event):
    page = client.get(register_url(open_event, "ja")).content.decode()
    for text in [
        "ご本人について",
        "日本語表記の氏名",
        "メールアドレス（確認）",
        "参加する日程・行事",
        "2日目",
        "食事の制限",
        "プライバシーに関するお知らせを読み",
    ]:
        assert text in page, text
    assert 'href="/ja/privacy/"' in page


def test_a_submission_key_from_someone_elses_form_reveals_nothing(client, open_event):
    first = form_data(open_event, submission_key="key-of-the-first-delegate")
    client.post(register_url(open_event), first)
    owner = Registration.objects.get()
    other = form_data(
        open_event,
        email="other@example.org",
        email_confirm="other@example.org",
        given_name="Other",
        submission_key="key-of-the-first-delegate",
    )
    from django.test import Client

    response = Client().post(register_url(open_event), other, follow=True)
    page = response.content.decode()
    assert owner.email not in page and owner.reference not in page
    second = Registration.objects.get(email="other@example.org")
    assert second.reference in page
    assert second.submission_key is None


# --- one mailbox, one registration --------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a@example.com", "A@EXAMPLE.com"),
        ("a@example.com", "a@ｅｘａｍｐｌｅ.com"),
        ("idn@bücher.example", "idn@xn--bcher-kva.example"),
    ],
)
def test_one_mailbox_registers_once_however_it_is_written(client, open_event, first, second):
    client.post(register_url(open_event), form_data(open_event, email=first, email_confirm=first))
    response = client.post(
        register_url(open_event), form_data(open_event, email=second, email_confirm=second)
    )
    assert response.status_code == 409
    assert response.context["form"].errors["email"] == [
        "A registration with this email address already exists for this event."
    ]
    assert Registration.objects.count() == 1


def test_the_address_is_kept_as_typed_in_plain_characters(client, open_event):
    client.post(
        register_url(open_event),
        form_data(open_event, email="Yuki@ＥＸＡＭＰＬＥ.jp", email_confirm="yuki@example.jp"),
    )
    registration = Registration.objects.get()
    assert (registration.email, registration.email_normalised) == (
        "Yuki@EXAMPLE.jp",
        "yuki@example.jp",
    )


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "yuki@localhost",
            "Enter an email address that can receive mail, such as name@example.org.",
        ),
        (
            "yuki@[127.0.0.1]",
            "Enter an email address that can receive mail, such as name@example.org.",
        ),
        ("yuki@example", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_an_address_no_mail_server_would_take_is_refused(client, open_event, address, message):
    response = client.post(
        register_url(open_event), form_data(open_event, email=address, email_confirm=address)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [message]
    assert not Registration.objects.exists()


def test_an_invitation_bound_to_a_mailbox_accepts_any_spelling_of_it(client, open_event):
    open_event.registration_mode = Event.RegistrationMode.INVITATION
    open_event.save()
    InvitationFactory(event=open_event, code="PRESS", email="idn@bücher.example")
    response = client.post(
        register_url(open_event),
        form_data(
            open_event,
            email="IDN@xn--bcher-kva.example",
            email_confirm="idn@bücher.example",
            invitation_code="press",
        ),
    )
    assert response.status_code == 302
    assert Registration.objects.get().status == "confirmed"


def test_the_manage_link_is_resent_to_any_spelling_of_the_mailbox(
    client, open_event, django_capture_on_commit_callbacks
):
    client.post(register_url(open_event), form_data(open_event))
    mail.outbox.clear()
    url = reverse("registrations:resend_link", kwargs={"event_slug": open_event.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "ＹＵＫＩ.SATO@example.JP"})
    assert [message.to for message in mail.outbox] == [["yuki.sato@example.jp"]]


# --- lengths --------------------------------------------------------------------------


LIMITED = {
    "honorific": 100,
    "given_name": 150,
    "family_name": 150,
    "japanese_name": 150,
    "phone": 40,
    "organisation": 250,
    "position": 250,
    "dietary_details": 500,
    "accessibility_needs": 1000,
}


@pytest.mark.parametrize(("field", "limit"), LIMITED.items())
def test_every_free_text_field_has_a_limit_the_form_states(client, open_event, field, limit):
    response = client.post(
        register_url(open_event), form_data(open_event, **{field: "x" * (limit + 1)})
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]
    assert not Registration.objects.exists()


def test_accessibility_needs_take_up_to_a_thousand_characters(client, open_event):
    needs = ("Step-free access. " * 60)[:1000].strip() + "."
    response = client.post(
        register_url(open_event), form_data(open_event, accessibility_needs=needs)
    )
    assert response.status_code == 302
    assert Registration.objects.get().accessibility_needs == needs
    page = client.get(register_url(open_event)).content.decode()
    assert 'maxlength="1000"' in page


@pytest.mark.parametrize(("field", "limit"), {**LIMITED, "email": 254}.items())
def test_the_database_refuses_text_over_its_limit(open_event, field, limit):
    from django.db import DataError, IntegrityError, transaction

    registration = RegistrationFactory(event=open_event)
    too_long = (
        "x" * (limit - len("@example.org") + 1) + "@example.org"
        if field == "email"
        else ("x" * (limit + 1))
    )
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(**{field: too_long})


# --- control characters -----------------------------------------------------------------

CONTROL = (
    "This contains an invisible control character (often left by copying and pasting). "
    "Please type it again."
)
BIDI = (
    "This contains an invisible character that changes the direction of the text. "
    "Please type it again without it."
)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "Yu\x1bki", CONTROL),  # ESC
        ("family_name", "Sato\x07", CONTROL),  # BEL
        ("honorific", "D\x85r", CONTROL),  # C1 next line
        ("japanese_name", "佐藤\x7f由紀", CONTROL),  # DEL
        ("organisation", "Tokyo\tForum", CONTROL),
        ("position", "Senior\u2028Fellow", "Please write this on one line."),
        ("family_name", "\u202eotaS", BIDI),  # right-to-left override
        ("given_name", "Yuki\u2066", BIDI),  # left-to-right isolate
        ("organisation", "Forum \u202a", BIDI),
        ("given_name", "\u200b\u200b", "Please write this with visible characters."),
        ("family_name", "\u200d\ufeff\u2060", "Please write this with visible characters."),
        ("accessibility_needs", "Ramp\x1b[31m", CONTROL),
        ("dietary_details", "none\x00", "Null characters are not allowed."),
    ],
)
def test_control_and_invisible_characters_are_refused_with_a_message(
    client, open_event, field, value, message
):
    response = client.post(register_url(open_event), form_data(open_event, **{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Registration.objects.exists()


def test_text_people_write_is_accepted(client, open_event):
    response = client.post(
        register_url(open_event),
        form_data(
            open_event,
            given_name="Zoë 👩‍👩‍👧",  # an emoji sequence joined by zero-width joiners
            family_name="עברית-Smith",  # right-to-left script, no control characters
            accessibility_needs="Ramp, please.\r\n\tAnd a hearing loop.",
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.given_name == "Zoë 👩‍👩‍👧"
    assert registration.accessibility_needs == "Ramp, please.\r\n\tAnd a hearing loop."


# --- the sharing question ---------------------------------------------------------------


def test_the_consent_question_promises_exactly_the_participant_list(client, open_event):
    """The form's question says what the list shows and to whom, as the list does
    (tests/registrations/test_participants.py); the notice says the same."""
    page = client.get(register_url(open_event)).content.decode()
    assert (
        "List me in the participant list of this event: my honorific, name (in Latin and "
        "Japanese script), position, organisation and delegation."
    ) in page
    assert (
        "Only the event's confirmed participants, through their own registration link, "
        "and its staff see the list; it is never public."
    ) in page
    assert "may share my name" not in page
    privacy = client.get("/privacy/").content.decode()
    assert "The participant list" in privacy
    assert "shows no email address or phone number" in privacy
    assert "This site does not show or send your details" not in privacy


def test_the_consent_is_recorded_with_the_new_notice_version(client, open_event, settings):
    response = client.post(
        register_url(open_event), form_data(open_event, delegate_list_consent="on")
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION == "2026-12"
    assert registration.delegate_list_consent_at is not None


def _summary(html):
    start = html.index('<div class="error-summary"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize(
    ("language", "title", "messages"),
    [
        (
            "en",
            "<title>Error: Register for ",
            {
                "given_name": "Enter your given name",
                "family_name": "Enter your family name",
                "organisation": "Enter your organisation",
                "sector": "Select your sector",
                "nationality": "Select your nationality",
                "email": "Enter your email address",
                "email_confirm": "Enter your email address again",
            },
        ),
        (
            "ja",
            "<title>エラー：",
            {
                "given_name": "名を入力してください",
                "family_name": "姓を入力してください",
                "organisation": "所属を入力してください",
                "sector": "分野を選択してください",
                "nationality": "国籍を選択してください",
                "email": "メールアドレスを入力してください",
                "email_confirm": "確認のため、メールアドレスをもう一度入力してください",
            },
        ),
    ],
)
def test_an_empty_form_names_each_missing_field_in_a_linked_summary(
    client, open_event, language, title, messages
):
    blank = dict.fromkeys(messages, "")
    response = client.post(register_url(open_event, language), form_data(open_event, **blank))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {name: errors[name] for name in messages} == {
        name: [message] for name, message in messages.items()
    }
    html = response.content.decode()
    assert title in html
    summary = _summary(html)
    assert 'tabindex="-1" autofocus' in summary
    # In the order the page shows the fields (GOV.UK): the Japanese form asks 姓 before 名,
    # and the email fields come right after the names, before the organisation.
    links = re.findall(r'<li><a href="#id_(\w+)">([^<]+)</a></li>', summary)
    names = ["family_name", "given_name"] if language == "ja" else ["given_name", "family_name"]
    order = [*names, "email", "email_confirm", "organisation", "sector", "nationality"]
    assert links == [(name, messages[name]) for name in order]
    assert "This field is required." not in html


def test_selects_start_with_a_prompt_not_dashes(client, open_event):
    html = client.get(register_url(open_event)).content.decode()
    japanese = client.get(register_url(open_event, "ja")).content.decode()

    assert "---------" not in html
    assert '<option value="" selected>Select your sector</option>' in html
    assert '<option value="" selected>Select your nationality</option>' in html
    assert '<option value="" selected>国籍を選択してください</option>' in japanese


def test_the_required_marker_is_not_read_out(client, open_event):
    html = client.get(register_url(open_event)).content.decode()

    assert html.count('<span class="asteriskField" aria-hidden="true">*</span>') >= 8
    assert '<span class="asteriskField">' not in html
    assert 'id="id_given_name"' in html and "required" in html


def test_the_japanese_form_asks_the_family_name_first(client, open_event):
    english = client.get(register_url(open_event)).content.decode()
    japanese = client.get(register_url(open_event, "ja")).content.decode()

    assert english.index('id="id_given_name"') < english.index('id="id_family_name"')
    assert japanese.index('id="id_family_name"') < japanese.index('id="id_given_name"')


@pytest.mark.parametrize(
    ("language", "first"),
    [
        ("en", ["Select your nationality", "Japan", "United Kingdom", "Afghanistan"]),
        ("ja", ["国籍を選択してください", "日本", "イギリス"]),
    ],
)
def test_the_nationality_list_opens_with_japan_and_the_united_kingdom(
    client, open_event, language, first
):
    html = client.get(register_url(open_event, language)).content.decode()
    select = html[html.index('<select name="nationality"') :]
    options = re.findall(r"<option [^>]*>([^<]*)</option>", select[: select.index("</select>")])

    assert options[: len(first)] == first
    assert options.count("Japan" if language == "en" else "日本") == 2  # and in its place


@pytest.mark.parametrize("existing", [1, 3])
def test_sign_up_post_costs_the_same_queries_however_many_have_registered(
    client, open_event, django_assert_num_queries, existing
):
    # The event with its venue (1), its options (1); then, in the transaction (2): the
    # submission key (1), the mailbox (1), the seats taken as expected (1), the
    # registration, its options, its history and its email (4); then, under the
    # event's lock (1), the seats taken that decide (1) and the ticked options' own
    # capacities, read locked (1).
    open_event.capacity = 10
    open_event.save()
    RegistrationFactory.create_batch(existing, event=open_event)
    data = form_data(open_event, submission_key="post-cost-key")
    with django_assert_num_queries(14):
        response = client.post(register_url(open_event), data)
    assert response.status_code == 302
    assert Registration.objects.get(submission_key="post-cost-key").status == "confirmed"


@pytest.mark.parametrize("existing", [1, 3])
def test_sign_up_post_after_the_form_reads_the_event_from_the_cache(
    client, open_event, django_assert_num_queries, existing
):
    # As a delegate does it: the form first (which keeps the event and its options in
    # the cache), then the POST asks the database only inside its transaction (12).
    open_event.capacity = 10
    open_event.save()
    RegistrationFactory.create_batch(existing, event=open_event)
    client.get(register_url(open_event))
    data = form_data(open_event, submission_key="cached-event-key")
    with django_assert_num_queries(12):
        response = client.post(register_url(open_event), data)
    assert response.status_code == 302
    assert Registration.objects.get(submission_key="cached-event-key").status == "confirmed"


def test_an_option_capped_since_the_form_was_cached_is_checked_against_its_new_capacity(
    client, open_event
):
    """The sign-up reads the event and its options from the cache; the capacity that
    decides is the option row's own, read under its lock, not the cached copy's."""
    from registrations.models import AttendanceOption

    client.get(register_url(open_event))  # caches the options, none capped
    day1 = open_event.attendance_options.order_by("order").first()
    RegistrationFactory(event=open_event, status="confirmed").attendance_options.set([day1])
    # Capped behind the cache's back (as an edit whose cache write failed would be).
    AttendanceOption.objects.filter(pk=day1.pk).update(capacity=1)

    response = client.post(
        register_url(open_event), form_data(open_event, attendance_options=[day1.pk])
    )

    assert response.status_code == 409
    assert f"{day1.name} is full. Please untick it to register for the rest." in (
        response.content.decode()
    )
    assert not Registration.objects.filter(email="yuki.sato@example.jp").exists()


def test_an_unknown_nationality_is_refused_with_the_choice_message(client, open_event):
    response = client.post(register_url(open_event), form_data(open_event, nationality="XX"))
    assert response.status_code == 400
    assert response.context["form"].errors["nationality"] == [
        "Select a valid choice. XX is not one of the available choices."
    ]
    assert Registration.objects.count() == 0


def test_the_sign_up_form_is_never_compressed(client, open_event):
    # It carries a CSRF token: compressed beside what a visitor typed, BREACH could read
    # it out. Only cached public pages are (conference/cache.py).
    for _ in range(2):  # drawn, then from the cached form
        response = client.get(register_url(open_event), HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert not response.has_header("Content-Encoding")
