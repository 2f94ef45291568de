"""Security as a browser and an attacker meet it: headers, cookies, admin sign-in, error pages."""

import io
import logging
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conference.logging import RequestIdFilter, SingleLineFormatter
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_public_page_sends_the_security_headers(client):
    response = client.get(reverse("conference:event_list"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(client):
    page = client.get(reverse("conference:event_list")).content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert " onclick=" not in page and " onload=" not in page


@pytest.mark.django_db
def test_admin_keeps_scripts_strict_and_allows_only_style_attributes(client):
    response = client.get(reverse("admin:login"), secure=True)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["style-src-attr"] == ["'unsafe-inline'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client):
    UserFactory(username="organiser")
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf = login_page.cookies["csrftoken"]
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")
    response = client.post(
        reverse("admin:login"), {"username": "organiser", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")


# --- Admin lockout (django-axes) ------------------------------------------------------


def attempt(client, username, password, **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


@pytest.mark.django_db
def test_admin_locks_out_after_five_failed_sign_ins(client, settings, caplog):
    settings.AXES_ENABLED = True
    UserFactory(username="organiser@example.org")
    for _ in range(4):
        response = attempt(client, "organiser@example.org", "wrong password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    fifth = attempt(client, "organiser@example.org", "wrong password")
    assert fifth.status_code == 429
    assert "Too many attempts" in fifth.content.decode()
    # Locked out: even the right password is refused now, and nobody is signed in.
    right = attempt(client, "organiser@example.org", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # The log names no one.
    assert "organiser@example.org" not in caplog.text


@pytest.mark.django_db
def test_lockout_is_per_client_address_behind_the_trusted_proxy(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    UserFactory(username="organiser")
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    organiser = Client(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")  # left entry is forgeable
    for _ in range(5):
        attempt(attacker, "organiser", "wrong password")
    assert attempt(attacker, "organiser", PASSWORD).status_code == 429
    assert attempt(organiser, "organiser", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = []
    UserFactory(username="organiser")
    for _ in range(5):
        attempt(Client(HTTP_X_FORWARDED_FOR="198.51.100.7"), "organiser", "wrong password")
    # A made-up X-Forwarded-For does not escape the lockout.
    assert (
        attempt(Client(HTTP_X_FORWARDED_FOR="192.0.2.1"), "organiser", PASSWORD).status_code == 429
    )


# --- Two-factor admin (django-otp) ------------------------------------------------------


@pytest.mark.django_db
def test_admin_requires_a_one_time_password_when_enabled(client, settings):
    settings.ADMIN_OTP_REQUIRED = True
    user = UserFactory(username="organiser", is_superuser=True)
    # A password alone, with no authenticator set up, does not open the admin.
    response = attempt(client, "organiser", PASSWORD)
    assert response.status_code == 200
    assert 'name="otp_token"' in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.post(
        reverse("admin:login"),
        {
            "username": "organiser",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_an_organiser_with_one_authenticator_signs_in_at_the_first_attempt(client, settings):
    """Username, password and code on the first page: no second round to pick the
    only device there is (django-otp alone answers "Please select a device.")."""
    settings.ADMIN_OTP_REQUIRED = True
    user = UserFactory(username="organiser", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    data = {"username": "organiser", "password": PASSWORD, "otp_token": totp(device.bin_key)}
    response = client.post(
        reverse("admin:login"), {**data, "otp_token": f"{data['otp_token']:06d}"}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_with_two_authenticators_the_organiser_chooses_one(client, settings):
    settings.ADMIN_OTP_REQUIRED = True
    user = UserFactory(username="organiser", is_superuser=True)
    phone = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=user, name="tablet", confirmed=True)
    data = {"username": "organiser", "password": PASSWORD}
    response = client.post(
        reverse("admin:login"), {**data, "otp_token": f"{totp(phone.bin_key):06d}"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Please select a device."]
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.post(
        reverse("admin:login"),
        {**data, "otp_device": phone.persistent_id, "otp_token": f"{totp(phone.bin_key):06d}"},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_another_accounts_device_is_never_chosen(client, settings):
    settings.ADMIN_OTP_REQUIRED = True
    UserFactory(username="organiser", is_superuser=True)
    other = TOTPDevice.objects.create(user=UserFactory(username="other"), confirmed=True)
    response = client.post(
        reverse("admin:login"),
        {
            "username": "organiser",
            "password": PASSWORD,
            "otp_device": other.persistent_id,
            "otp_token": f"{totp(other.bin_key):06d}",
        },
    )
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_a_wrong_one_time_password_is_refused(client, settings):
    settings.ADMIN_OTP_REQUIRED = True
    user = UserFactory(username="organiser", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post(
        reverse("admin:login"),
        {
            "username": "organiser",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": wrong,
        },
    )
    assert response.status_code == 200  # wrong code
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_signed_in_staff_without_otp_verification_are_sent_to_sign_in(client, settings):
    settings.ADMIN_OTP_REQUIRED = True
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_admin_needs_no_one_time_password_in_the_local_demo(client):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_add_totp_device_prints_a_code_to_scan():
    from django.core.management import call_command

    user = UserFactory(username="organiser")
    out = io.StringIO()
    call_command("add_totp_device", "organiser", stdout=out)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert "otpauth://totp/" in out.getvalue()


# --- Error pages -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "heading", "body"),
    [
        ("", "Page not found", "does not exist or has moved"),
        ("/ja", "ページが見つかりません", "お探しのページは存在しないか、移動しました。"),
    ],
)
def test_not_found_page_in_both_languages_echoes_nothing(client, prefix, heading, body):
    response = client.get(f"{prefix}/no-such-edition-<b>x</b>/agenda/")
    assert response.status_code == 404
    page = response.content.decode()
    assert heading in page and body in page
    assert 'class="site-masthead"' in page  # the site's own frame
    main = page.split('<main id="main"')[1].split("</main>")[0]
    assert "no-such-edition" not in main
    assert "No Event matches" not in page and "Traceback" not in page


def render_error(view, language, *args):
    request = RequestFactory().get("/somewhere/secret?email=a@example.org")
    with translation.override(language):
        return view(request, *args)


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Something went wrong on our side"), ("ja", "サーバーでエラーが発生しました")],
)
def test_server_error_page_renders_without_the_database(language, text):
    # No django_db mark: any query here would fail the test.
    response = render_error(defaults.server_error, language)
    page = response.content.decode()
    assert response.status_code == 500
    assert text in page and 'class="site-masthead"' in page
    assert "secret" not in page and "example.org" not in page
    assert "{#" not in page and "The body of every error page" not in page


@pytest.mark.parametrize(
    ("view", "status", "english", "japanese"),
    [
        (defaults.bad_request, 400, "Bad request", "リクエストを処理できませんでした"),
        (defaults.permission_denied, 403, "Access denied", "アクセスできません"),
    ],
)
def test_bad_request_and_forbidden_pages_in_both_languages(view, status, english, japanese):
    from django.core.exceptions import PermissionDenied

    exception = PermissionDenied("internal detail 42")
    for language, text in (("en", english), ("ja", japanese)):
        response = render_error(view, language, exception)
        page = response.content.decode()
        assert response.status_code == status
        assert text in page
        assert "internal detail 42" not in page
        assert "{#" not in page and "#}" not in page


@pytest.mark.django_db
def test_expired_form_page_explains_instead_of_a_bare_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_too_many_requests_page_in_japanese():
    from django.template.loader import render_to_string

    with translation.override("ja"):
        page = render_to_string("429.html")
    assert "試行回数が多すぎます" in page


# --- Logs --------------------------------------------------------------------------------


@pytest.fixture
def request_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(SingleLineFormatter("%(levelname)s %(name)s [%(request_id)s] %(message)s"))
    logger = logging.getLogger("conference.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_id_and_no_query_string(client, request_log):
    response = client.get(
        reverse("conference:event_list") + "?q=delegate@example.org",
        HTTP_X_REQUEST_ID="edge-42",
    )
    assert response["X-Request-ID"] == "edge-42"
    assert re.fullmatch(
        r"INFO conference\.request \[edge-42\] GET /events/ 200 \d+ms\n", request_log.getvalue()
    )
    assert "example.org" not in request_log.getvalue()


@pytest.mark.django_db
def test_an_unsafe_request_id_is_replaced(client):
    response = client.get(reverse("conference:event_list"), HTTP_X_REQUEST_ID="bad id\nforged")
    assert len(response["X-Request-ID"]) == 32
    assert "forged" not in response["X-Request-ID"]


def test_log_lines_mask_emails_and_fold_tracebacks():
    record_logger = logging.getLogger("conference.test")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(SingleLineFormatter("%(levelname)s [%(request_id)s] %(message)s"))
    record_logger.addHandler(handler)
    try:
        try:
            raise ValueError("Key (email)=(yuki.sato@example.go.jp) already exists.")
        except ValueError:
            record_logger.exception("sign-up failed for %s", "yuki.sato@example.go.jp")
    finally:
        record_logger.removeHandler(handler)
    line = stream.getvalue()
    assert line.count("\n") == 1
    assert line.startswith("ERROR [-] sign-up failed for [email]\\nTraceback")
    assert "example.go.jp" not in line


@pytest.mark.django_db
def test_manage_link_tokens_never_reach_the_logs(client, request_log, clock):
    from django.utils import timezone

    from registrations import emails, services
    from registrations.services import RegistrationData
    from tests.factories import EventFactory

    event = EventFactory(registration_mode="open", registration_opens_at=timezone.now())
    registration, _ = services.register_delegate(
        event=event,
        data=RegistrationData(
            given_name="Yuki",
            family_name="Sato",
            email="yuki@example.jp",
            organisation="MOD",
            sector="government",
            nationality="JP",
        ),
    )
    path = emails.manage_path(registration)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    client.get(path)
    client.post(path, {"given_name": ""})  # a form error: Django logs the 400 too
    lines = request_log.getvalue()
    assert f"GET /{event.slug}/registration/[token]/ 200" in lines
    assert f"POST /{event.slug}/registration/[token]/ 400" in lines
    assert token not in lines


# --- Headers on every response, personal pages never stored -----------------------------

DENIED = (
    "accelerometer=(), autoplay=(), {camera}, display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), sync-xhr=(), usb=(), "
    "xr-spatial-tracking=()"
)
NO_CAMERA = DENIED.format(camera="camera=()")
OWN_CAMERA = DENIED.format(camera="camera=(self)")


@pytest.fixture
def delegate_registration():
    from datetime import timedelta

    from django.utils import timezone

    from registrations import services
    from registrations.services import RegistrationData
    from tests.factories import AttendanceOptionFactory, EventFactory

    start = timezone.localdate() + timedelta(days=30)  # sign-ups close when an event ends
    event = EventFactory(
        slug="tokyo-test",
        start_date=start,
        end_date=start + timedelta(days=1),
        registration_mode="open",
        registration_opens_at=timezone.now(),
    )
    AttendanceOptionFactory(event=event, name="Day 1")
    registration, _ = services.register_delegate(
        event=event,
        data=RegistrationData(
            given_name="Yuki",
            family_name="Sato",
            email="yuki@example.jp",
            organisation="MOD",
            sector="government",
            nationality="JP",
        ),
    )
    return registration


def assert_site_headers(response, *, camera=False):
    assert response["Permissions-Policy"] == (OWN_CAMERA if camera else NO_CAMERA)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert csp_directives(response)["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_public_pages_deny_browser_features_and_may_be_cached(client, delegate_registration):
    slug = delegate_registration.event.slug
    for path in ("/events/", f"/{slug}/", f"/{slug}/register/", "/privacy/", "/robots.txt"):
        response = client.get(path)
        assert (path, response.status_code) == (path, 200)
        assert_site_headers(response)
        assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_delegates_own_pages_are_never_stored(client, delegate_registration):
    from registrations import emails

    manage = emails.manage_path(delegate_registration)
    for path in (manage, manage + "cancel/", manage + "delete/"):
        response = client.get(path)
        assert (path, response.status_code) == (path, 200)
        assert response["Cache-Control"] == "no-store, private"
        assert_site_headers(response)


@pytest.mark.django_db
def test_every_staff_page_is_never_stored_and_only_the_door_may_use_the_camera(
    client, delegate_registration
):
    event = delegate_registration.event
    client.force_login(UserFactory(groups=["Organisers"]))
    pages = {
        "staff:dashboard": {},
        "staff:attendees": {},
        "staff:catering": {},
        "staff:badges": {},
        "staff:check_in": {},
        "staff:check_in_card": {"reference": delegate_registration.reference},
    }
    for name, kwargs in pages.items():
        response = client.get(reverse(name, kwargs={"event_slug": event.slug, **kwargs}))
        assert (name, response.status_code) == (name, 200)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert_site_headers(response, camera=name.startswith("staff:check_in"))
    admin = client.get(reverse("admin:index"))
    assert {"no-store", "private"} <= {part.strip() for part in admin["Cache-Control"].split(",")}
    assert_site_headers(admin)


@pytest.mark.django_db
def test_static_files_carry_the_headers_too(settings):
    settings.WHITENOISE_USE_FINDERS = True  # tests never run collectstatic
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == NO_CAMERA


@pytest.mark.django_db
def test_error_pages_carry_the_headers(client, settings, delegate_registration):
    settings.ROOT_URLCONF = "tests.urls_with_error"
    settings.REGISTRATION_RATE_LIMIT = 1
    event = delegate_registration.event
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.raise_request_exception = False
    client.force_login(UserFactory())  # staff, without any permission
    register = reverse("registrations:register", kwargs={"event_slug": event.slug})
    Client().post(register)  # the one attempt allowed
    responses = {
        400: strict.post("/events/", b"a=1", content_type="text/plain; charset=latin-1"),
        403: client.get(reverse("staff:dashboard", kwargs={"event_slug": event.slug})),
        "403 csrf": strict.post(reverse("admin:login"), {"username": "x"}),
        404: Client().get("/no-such-edition/"),
        429: Client().post(register),
        500: Client(raise_request_exception=False).get("/broken/"),
    }
    for status, response in responses.items():
        assert (status, response.status_code) == (status, int(str(status)[:3]))
        assert 'class="site-masthead"' in response.content.decode()
        assert_site_headers(response)


@pytest.mark.django_db
def test_language_cookie_is_secure_httponly_and_samesite(client):
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/events/"})
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["secure"], cookie["httponly"], cookie["samesite"]) == (
        "ja",
        True,
        True,
        "Lax",
    )


# --- Staff sessions end after 8 idle hours --------------------------------------------


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(pk=client.cookies["sessionid"].value)


@pytest.mark.django_db
def test_a_staff_session_lasts_8_hours_from_the_last_request(client, delegate_registration):
    from datetime import timedelta

    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.cache import cache
    from django.utils import timezone

    from conference.middleware import SESSION_REFRESHED_KEY

    dashboard = reverse("staff:dashboard", kwargs={"event_slug": "tokyo-test"})
    client.force_login(UserFactory(groups=["Organisers"]))
    signed_in = _session_row(client).expire_date
    assert signed_in - timezone.now() == pytest.approx(timedelta(hours=8), abs=timedelta(minutes=1))
    # A request right after signing in writes nothing.
    response = client.get(dashboard)
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert _session_row(client).expire_date == signed_in

    # Seven hours and 59 minutes of silence later, one request gives it 8 hours more.
    key = client.cookies["sessionid"].value
    store = SessionStore(key)
    store[SESSION_REFRESHED_KEY] = int(
        (timezone.now() - timedelta(hours=7, minutes=59)).timestamp()
    )
    store.save()
    type(_session_row(client)).objects.filter(pk=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    cache.clear()
    response = client.get(dashboard)
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    renewed = _session_row(client).expire_date
    assert renewed - timezone.now() == pytest.approx(timedelta(hours=8), abs=timedelta(minutes=1))

    # Eight idle hours: signed out.
    type(_session_row(client)).objects.filter(pk=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    cache.clear()
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Request bodies Django cannot read --------------------------------------------------

CSRF_COOKIE = "k" * 32


def _unreadable_post(client, path, content_type, body=b"given_name=Yuki"):
    client.cookies["csrftoken"] = CSRF_COOKIE
    return client.generic("POST", path, body, content_type=content_type)


@pytest.fixture
def site_log():
    """Every log line as production writes it (the redacting one-line formatter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(SingleLineFormatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=latin-1",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=x-no-such-charset",
        "multipart/form-data; boundary=xyz; charset=latin-1",
        "text/plain; charset=iso-8859-1",
    ],
)
def test_a_body_in_another_charset_gets_the_400_page_with_the_headers(
    delegate_registration, content_type, site_log
):
    from registrations import emails

    client = Client(enforce_csrf_checks=True)
    manage = emails.manage_path(delegate_registration)
    token = manage.rstrip("/").rsplit("/", 1)[-1]
    for path in (manage, "/tokyo-test/register/", "/events/", "/admin/login/"):
        response = _unreadable_post(client, path, content_type)
        assert (path, response.status_code) == (path, 400)
        page = response.content.decode()
        assert "Bad request" in page and 'class="site-masthead"' in page
        assert_site_headers(response)
    japanese = _unreadable_post(client, "/ja" + manage, content_type)
    assert japanese.status_code == 400
    assert "リクエストを処理できませんでした" in japanese.content.decode()
    assert token not in site_log.getvalue()
    assert "POST /tokyo-test/registration/[token]/ 400" in site_log.getvalue()
    delegate_registration.refresh_from_db()
    assert delegate_registration.given_name == "Yuki"


@pytest.mark.django_db
def test_a_body_django_refuses_to_read_gets_the_400_page(client, settings, delegate_registration):
    # Too many fields, too large: Django refuses to read the body, and used to refuse
    # again inside its own error pages.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    strict = Client(enforce_csrf_checks=True)
    many = "&".join(f"f{n}=x" for n in range(10)).encode()
    response = _unreadable_post(
        strict, "/tokyo-test/register/", "application/x-www-form-urlencoded", many
    )
    assert response.status_code == 400
    assert_site_headers(response)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    large = b"given_name=" + b"x" * 200
    response = _unreadable_post(
        strict, "/tokyo-test/register/", "application/x-www-form-urlencoded", large
    )
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/privacy/", "/ja/", "/admin/login/"])
def test_a_host_not_ours_gets_the_sites_400_page(client, path):
    """The 400 page itself must not ask for the refused Host again (its canonical link
    once did, and the error page raised in turn)."""
    response = client.get(path, HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    page = response.content.decode()
    assert "evil.example.com" not in page
    assert 'rel="canonical"' not in page
