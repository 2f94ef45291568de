"""The production settings, loaded in a fresh interpreter with a production environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_KEY = "kX3v9-QpL2#t8Zr!mW4y&Hn6Jb1@Fd5Gs7Ec0Ua^Vi2Oo9Pq3Rl8Nk4Mj6Th1Ye5"


def production_env(tmp_path, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"))
        and not key.startswith(("EMAIL_", "AWS_", "SENTRY_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="conference.settings",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="dialogue.example.org",
        CSRF_TRUSTED_ORIGINS="https://dialogue.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def settings_values(env, *names):
    # The settings module alone, without django.setup(): a fifth of the time, and what
    # it computes is all that is asked.
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: repr(getattr(settings, n, None)) for n in {list(names)!r}}}))"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment when DEBUG is off." in result.stderr


def test_check_deploy_reports_no_issues_with_the_production_environment(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # One check is silenced on purpose: HSTS preloading is the domain owner's choice.
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_defaults_are_secure_without_being_switched_on(tmp_path):
    values = settings_values(
        production_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "ADMIN_OTP_REQUIRED",
        "SESSION_ENGINE",
        "STORAGES",
    )
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["CSRF_COOKIE_SECURE"] == "True"
    assert values["SECURE_HSTS_SECONDS"] == "31536000"
    assert values["ADMIN_OTP_REQUIRED"] == "True"
    assert values["SESSION_ENGINE"] == "'django.contrib.sessions.backends.cached_db'"
    assert "CompressedManifestStaticFilesStorage" in values["STORAGES"]
    assert "FileSystemStorage" in values["STORAGES"]


def test_redis_url_shares_the_cache_and_email_url_configures_smtp(tmp_path):
    env = production_env(
        tmp_path,
        REDIS_URL="redis://127.0.0.1:6379/3",
        EMAIL_URL="smtp+tls://mailer:s3cret@smtp.example.org:587",
        DEFAULT_FROM_EMAIL="dialogue@example.org",
    )
    values = settings_values(
        env, "CACHES", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS",
        "EMAIL_HOST_USER", "DEFAULT_FROM_EMAIL",
    )  # fmt: skip
    assert "conference.cache_backends.ResilientRedisCache" in values["CACHES"]
    assert "redis://127.0.0.1:6379/3" in values["CACHES"]
    assert values["EMAIL_BACKEND"] == "'django.core.mail.backends.smtp.EmailBackend'"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("'smtp.example.org'", "587")
    assert values["EMAIL_USE_TLS"] == "True"
    assert values["EMAIL_HOST_USER"] == "'mailer'"
    assert values["DEFAULT_FROM_EMAIL"] == "'dialogue@example.org'"


def test_a_bucket_name_moves_uploads_to_s3_and_allows_its_images(tmp_path):
    env = production_env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="dialogue-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
    )
    values = settings_values(env, "STORAGES", "CONTENT_SECURITY_POLICY")
    assert "storages.backends.s3.S3Storage" in values["STORAGES"]
    assert "'bucket_name': 'dialogue-media'" in values["STORAGES"]
    assert "https://s3.example.net" in values["CONTENT_SECURITY_POLICY"]


def test_error_reporting_stays_unloaded_without_a_dsn(tmp_path):
    code = (
        "import sys, django; django.setup(); "
        "print('sentry loaded' if 'sentry_sdk' in sys.modules else 'sentry not loaded')"
    )
    result = run(["-c", code], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sentry not loaded"


def test_psycopg_3_is_the_postgresql_driver():
    import psycopg

    assert psycopg.__version__.startswith("3.")


def test_the_local_demo_needs_no_secret_key_and_no_otp(tmp_path):
    values = settings_values(
        production_env(tmp_path, SECRET_KEY=None, DEBUG="1"),
        "ADMIN_OTP_REQUIRED",
        "SECURE_SSL_REDIRECT",
    )
    assert values["ADMIN_OTP_REQUIRED"] == "False"
    assert values["SECURE_SSL_REDIRECT"] == "False"


def test_production_leaves_email_to_the_worker_and_the_demo_sends_at_once(tmp_path):
    production = settings_values(production_env(tmp_path), "EMAIL_DELIVERY")
    demo = settings_values(production_env(tmp_path, SECRET_KEY=None, DEBUG="1"), "EMAIL_DELIVERY")
    assert (production["EMAIL_DELIVERY"], demo["EMAIL_DELIVERY"]) == ("'worker'", "'on_commit'")


def test_lock_waits_are_bounded_on_postgresql_and_sqlite(tmp_path):
    postgres = settings_values(
        production_env(tmp_path, DATABASE_URL="postgres://conference@127.0.0.1:5432/conference"),
        "DATABASES",
    )
    assert "'options': '-c lock_timeout=5000'" in postgres["DATABASES"]
    shorter = settings_values(
        production_env(
            tmp_path,
            DATABASE_URL="postgres://conference@127.0.0.1:5432/conference",
            DB_LOCK_TIMEOUT_MS="2000",
        ),
        "DATABASES",
    )
    assert "'options': '-c lock_timeout=2000'" in shorter["DATABASES"]
    sqlite = settings_values(production_env(tmp_path), "DATABASES")
    assert "'timeout': 5.0" in sqlite["DATABASES"]


def test_production_cookies_and_sessions(tmp_path):
    values = settings_values(
        production_env(tmp_path),
        "LANGUAGE_COOKIE_SECURE",
        "LANGUAGE_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
    )
    assert values == {
        "LANGUAGE_COOKIE_SECURE": "True",
        "LANGUAGE_COOKIE_HTTPONLY": "True",
        "LANGUAGE_COOKIE_SAMESITE": "'Lax'",
        "SESSION_COOKIE_AGE": "28800",
    }
