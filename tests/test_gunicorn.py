"""gunicorn as production runs it (gunicorn.conf.py): its own log, and the app's answers to
requests that used to end in gunicorn's bare error page."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.test_scaleout import BASE_DIR, _collected_static, _free_port, _get

TOKEN = "eyJyIjoiQUJDRC1FRkdIIn0:1vXyZa:Secret-Signature-Part"
PATH = f"/tokyo-2016/registration/{TOKEN}/"


@pytest.fixture
def gunicorn(tmp_path):
    """``start(app, **env)``: one gunicorn worker on a free port, stopped after the test.

    Returns the base URL and a function that stops the server and returns its log.
    """
    try:
        import gunicorn as _gunicorn  # noqa: F401
    except ImportError:
        pytest.skip("needs gunicorn (make install)")
    running = []

    def start(app, **extra_env):
        port = _free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "DEBUG", "DATABASE_URL", "REDIS_URL"))
        }
        env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", **extra_env)
        log_path = tmp_path / f"gunicorn-{port}.log"
        log = open(log_path, "w")  # noqa: SIM115 (closed in stop)
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", app],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        running.append((process, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
            try:
                _get(url + "/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer in time")
                time.sleep(0.2)

        def stop() -> str:
            process.terminate()
            process.wait(timeout=15)
            log.close()
            return log_path.read_text()

        return url, stop

    yield start
    for process, log in running:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def test_gunicorns_own_log_masks_manage_tokens_and_emails(gunicorn):
    url, stop = gunicorn("tests.gunicorn_failing_app:application")
    status, _headers, _page = _get(f"{url}{PATH}?email=yuki.sato@example.go.jp")
    assert status == 500
    log = stop()
    assert TOKEN not in log and "Secret-Signature-Part" not in log
    assert "example.go.jp" not in log
    # One line per event, in the app's format, the traceback folded onto it.
    line = next(line for line in log.splitlines() if "Error handling request GET /tokyo" in line)
    assert re.match(
        r"^\S+ ERROR gunicorn\.error \[-\] Error handling request GET "
        r"/tokyo-2016/registration/\[token\]\S*\\nTraceback",
        line,
    )


def test_gunicorn_answers_a_body_in_another_charset_with_the_sites_400_page(
    gunicorn, tmp_path, tmp_path_factory
):
    url, stop = gunicorn(
        "conference.wsgi",
        DJANGO_SETTINGS_MODULE="conference.settings",
        DEBUG="0",
        SECRET_KEY=f"gunicorn-test-{uuid.uuid4().hex}{uuid.uuid4().hex}",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(_collected_static(tmp_path_factory)),
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_DELIVERY="worker",
    )
    request = urllib.request.Request(
        url + PATH,
        data="given_name=Zoë".encode("latin-1"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=latin-1",
            "Cookie": "csrftoken=" + "k" * 32,
        },
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)
    response = answer.value
    page = response.read().decode()
    log = stop()
    assert response.code == 400
    assert "Bad request" in page and 'class="site-masthead"' in page
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert TOKEN not in log
    assert "POST /tokyo-2016/registration/[token]/ 400" in log
