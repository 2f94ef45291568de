"""Helpers that several test modules share.

Test modules import from here, never from another test module or a conftest: importing
a test module runs its tests' collection side effects, and a conftest is pytest's to load.
Fixtures stay in the nearest conftest.py.
"""

import re
from pathlib import Path

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from registrations.services import RegistrationData


def form_data(event, **overrides):
    """A complete, valid POST for the sign-up form of ``event``; ``None`` drops a field."""
    options = list(event.attendance_options.order_by("order"))
    data = {
        "honorific": "Dr",
        "given_name": "Yuki",
        "family_name": "Sato",
        "japanese_name": "佐藤 由紀",
        "email": "yuki.sato@example.jp",
        "email_confirm": "yuki.sato@example.jp",
        "phone": "",
        "organisation": "Tokyo Forum for Strategic Studies",
        "position": "Senior Fellow",
        "sector": "think_tank",
        "nationality": "JP",
        "attendance_options": [options[0].pk, options[1].pk],
        "dietary_requirement": "none",
        "dietary_details": "",
        "accessibility_needs": "",
        "interpretation": "en",
        "privacy_consent": "on",
        "website": "",
        "submission_key": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def delegate(email="delegate@example.org", **overrides):
    """What ``register_delegate`` needs to know about one delegate."""
    fields = {
        "given_name": "Oliver",
        "family_name": "Ashworth",
        "email": email,
        "organisation": "UK Ministry of Defence",
        "sector": "government",
        "nationality": "GB",
    }
    fields.update(overrides)
    return RegistrationData(**fields)


def event_change_data(admin_client, event, **overrides):
    """The event's admin form as the browser would send it back, with ``overrides``.

    Built from the admin's own form and inlines for the client's user, as its change
    page builds them, without rendering the page (half a second each in the admin
    tests): the admin's form and formset classes, the form's initial values, and the
    inlines' prefixes numbered as ``ModelAdmin._create_formsets`` numbers them.
    """
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from conference.models import Event

    request = RequestFactory().get(reverse("admin:conference_event_change", args=[event.pk]))
    request.user = get_user_model().objects.get(pk=admin_client.session["_auth_user_id"])
    model_admin = admin.site._registry[Event]
    event = model_admin.get_object(request, str(event.pk))
    form = model_admin.get_form(request, event, change=True)(instance=event)
    data = {
        key: value
        for key, value in form.initial.items()
        # A file field's stored file is not sent back: a browser sends a file input
        # only when a new file is chosen.
        if value is not None and not isinstance(value, (list, dict, FieldFile))
    }
    # Every inline on the page (apps above conference add theirs) posted empty.
    prefixes = {}
    for formset, _inline in model_admin.get_formsets_with_inlines(request, event):
        prefix = formset.get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1 or not prefix:
            prefix = f"{prefix}-{prefixes[prefix]}"
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(
        {
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "venue": event.venue_id,
            **overrides,
        }
    )
    return data


def handled_but_not_closed(path, data, remote_addr="198.51.100.20"):
    """A POST through the full middleware stack, answered as the server has it before
    sending it: what runs once the answer is sent (emails after the response) has not."""
    from django.test import RequestFactory
    from django.test.client import ClientHandler

    handler = ClientHandler()
    handler.load_middleware()
    request = RequestFactory().post(path, data, REMOTE_ADDR=remote_addr)
    request._dont_enforce_csrf_checks = True
    return handler.get_response(request)


class RedisServer:
    """A redis-server of the test's own, on a free loopback port, with nothing saved to disk.

    ``stop()`` and ``start()`` take it away and bring it back (empty) on the same port;
    ``pause(seconds)`` leaves it running, with its data, but answering nobody: a network
    partition. Never the shared Redis on 6379, which other test runs may be using.
    """

    def __init__(self, executable, directory):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.executable = executable
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)

    def start(self):
        import subprocess
        import time

        import redis

        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self, seconds: float):
        self.client().execute_command("CLIENT", "PAUSE", int(seconds * 1000), "ALL")


def redis_cache(url, **params):
    """The cache settings production builds from REDIS_URL, pointed at ``url``."""
    return {
        "default": {
            "BACKEND": "conference.cache_backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            **params,
        }
    }


# --- translation catalogues -----------------------------------------------------------

_ENTRY_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")$")


def _unquote(text: str) -> str:
    return (
        text[1:-1]
        .replace('\\"', '"')
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
    )


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: {"flags", "msgctxt", "msgid", "msgid_plural", "msgstr": [...]}.

    Enough of the format for makemessages' output; obsolete (``#~``) entries are skipped.
    """
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            finish()
            entry, key = {"flags": {f.strip() for f in line[2:].split(",")}, "msgstr": {}}, None
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
            continue
        match = _ENTRY_KEYWORD.match(line)
        assert match, f"unexpected line in {path.name}: {line!r}"
        key, value = match[1], _unquote(match[2])
        if key in ("msgctxt", "msgid") and (entry is None or "msgid" in entry):
            finish()
            entry = {"flags": set(), "msgstr": {}}
        if key.startswith("msgstr"):
            entry["msgstr"][key] = value
        else:
            entry[key] = value
    finish()
    return entries


# --- personal data ------------------------------------------------------------------------


def every_text_in_the_database():
    """Every text column of every table the ORM knows, and every session's contents."""
    from django.contrib.sessions.models import Session

    texts = []
    for model in apps.get_models(include_auto_created=True):
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if columns:
            for row in model._base_manager.values_list(*columns):
                texts.extend(
                    (f"{model._meta.db_table}.{column}", str(value))
                    for column, value in zip(columns, row, strict=True)
                    if value
                )
    for session in Session.objects.all():
        texts.append(("django_session (decoded)", str(session.get_decoded())))
    return texts


def render_in_japanese(view_class, path, user, **kwargs) -> str:
    """The view's page with Japanese active, as LocaleMiddleware would leave it."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="ja")
    request.user = user or AnonymousUser()
    with translation.override("ja"):
        request.LANGUAGE_CODE = translation.get_language()
        response = view_class.as_view()(request, **kwargs)
        assert response.status_code == 200
        return response.render().content.decode()


def manage_path(registration, suffix="") -> str:
    """The delegate's manage page (or ``suffix`` under it), as their email links to it."""
    from registrations import emails

    return emails.manage_path(registration) + suffix
