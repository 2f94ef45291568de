"""Log records as single lines carrying the request id, with email addresses masked.

Every line looks like ``2026-11-01 09:00:00,123 INFO conference.request [3f2a…] GET / 200 12ms``.
A traceback is folded onto the same line (newlines written as ``\\n``) so one event
is one line in journald or any log shipper. Email addresses are replaced by
``[email]`` in the whole line, traceback included: a database error about a
duplicate sign-up quotes the address, and the logs must not hold it. The token
of a delegate's manage link (which opens, changes and cancels the registration),
and of a speaker's invitation link, is replaced by ``[token]`` wherever a path is
logged, Django's own 4xx lines too, and gunicorn's own log (``gunicorn_log_config``,
used by gunicorn.conf.py) goes through the same formatter.
"""

import contextvars
import logging
import re

LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

EMAIL_PATTERN = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# A delegate's manage link is its own credential: /<event>/registration/<token>/…, and
# so is a speaker's invitation link: /<event>/speaker/<token>/…
MANAGE_TOKEN_PATTERN = re.compile(r"(/(?:registration|speaker)/)[^/\s]+")


def redact(text: str) -> str:
    text = MANAGE_TOKEN_PATTERN.sub(r"\1[token]", text)
    return EMAIL_PATTERN.sub("[email]", text)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record: the current request's, or ``-`` outside one."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class SingleLineFormatter(logging.Formatter):
    def format(self, record):
        return redact(super().format(record)).replace("\r", "").replace("\n", "\\n")


def axes_client_str(username, ip_address, user_agent, path_info, request):
    """How django-axes names a sign-in attempt in its log lines: by path only.

    The request id on the same line ties it to the request; the username, often an
    email address, stays in the database table axes keeps for the lockout.
    """
    return f"path={path_info}"


def gunicorn_log_config(level: str) -> dict:
    """gunicorn's ``logconfig_dict``: its error log in our line format, redacted.

    gunicorn logs the path of a request the app failed on ("Error handling request
    /…/registration/<token>/"), and of requests it refuses itself; without this it
    writes them as they came. Its access log stays off: the app logs every request
    once (conference.middleware), without the query string.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "conference.logging.RequestIdFilter"}},
        "formatters": {
            "line": {
                "()": "conference.logging.SingleLineFormatter",
                "format": LINE_FORMAT,
                "datefmt": DATE_FORMAT,
            }
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
