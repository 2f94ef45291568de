"""Test settings: the real settings module, with what tests need to be fast and hermetic."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from conference.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="conference-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"
EMAIL_DELIVERY = "on_commit"  # tests read mail.outbox right after the change

# --- Production switches the test client cannot use, and shared state it must not keep.
# Tests run with DEBUG off, so every production default above is in force; these
# are the exceptions. A test that checks one of them turns it back on with the
# ``settings`` fixture.
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
ADMIN_OTP_REQUIRED = False  # force_login() users have no OTP device
AXES_ENABLED = False  # client.login() has no request for axes; lockouts must not carry over
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The embedded SQLite test database (in memory, one per xdist worker) is made from the
# models, as pytest-django's --no-migrations does: 0.6 s instead of 8 s of applying 60
# migrations one by one, in every worker. The migrations still build every test
# database on PostgreSQL (`make test-postgres`, as in production), and
# tests/test_layout.py checks they describe these models exactly (makemigrations
# --check), so both schemas are one. The one data migration has its own test.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {**DATABASES["default"].get("TEST", {}), "MIGRATE": False}  # noqa: F405
# WhiteNoise scans STATIC_ROOT at start-up; tests never run collectstatic.
STATIC_ROOT = tempfile.mkdtemp(prefix="conference-test-static-")
