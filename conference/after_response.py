"""Work a request leaves for after its answer has been sent.

Django calls a response's closers when the WSGI server closes it, after the last byte
has gone: what runs then cannot change the answer or its timing. ``later()`` queues a
call there while a request is being answered (``AfterResponseMiddleware`` collects
them), and runs it at once anywhere else (a management command, the mail worker, a
test calling a service). A failure is logged, never raised: whatever it left undone
the mail worker does later.

The sign-up's confirmation email is the reason: with ``EMAIL_DELIVERY=on_commit`` it
used to be sent right after the commit, inside the request, and building its check-in
QR-code PNG (~7.5 ms) and talking to the mail server held up the delegate's answer.
"""

import logging
from contextvars import ContextVar
from functools import partial

logger = logging.getLogger(__name__)

_pending: ContextVar[list | None] = ContextVar("after_response", default=None)

# At most this many calls run after one answer: a sync worker runs them one by one,
# each up to an SMTP timeout, and gunicorn kills a worker busy past its own timeout
# (an organiser promoting fifty people from the waiting list at once). The rest are
# left undone, so only work another process also does may be queued here: the mail
# worker sends every email still queued.
LIMIT = 5


def later(function, /, **kwargs) -> None:
    """``function(**kwargs)`` once the current response has been sent (now, outside one)."""
    pending = _pending.get()
    if pending is None:
        _run_one(partial(function, **kwargs))
    else:
        pending.append(partial(function, **kwargs))


def _run_one(call) -> None:
    try:
        call()
    except Exception:
        logger.exception(
            "work after the response failed (%s)", getattr(call.func, "__name__", call.func)
        )


def _run_all(pending: list) -> None:
    # What one call queues (none does today) runs too, and nothing runs twice.
    done = 0
    while pending and done < LIMIT:
        _run_one(pending.pop(0))
        done += 1
    if pending:
        logger.info("%s calls after the response left to the mail worker", len(pending))


class AfterResponseMiddleware:
    """Collects ``later()`` calls made while a view answers; runs them after the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = []
        token = _pending.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _pending.reset(token)
        if pending:
            response._resource_closers.append(partial(_run_all, pending))
        return response
