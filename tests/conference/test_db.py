"""A query that waits too long for a lock, or loses a deadlock, says busy (a 503 page
that keeps what the person typed) rather than failing with a 500."""

import pytest
from django.db import OperationalError

from conference.db import is_lock_timeout


class _PostgresError(Exception):
    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _wrapped(sqlstate):
    error = OperationalError("wrapped")
    error.__cause__ = _PostgresError(sqlstate)
    return error


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (_wrapped("55P03"), True),  # lock_timeout ran out
        (_wrapped("40P01"), True),  # deadlock detected: this side was aborted
        (_wrapped("57014"), False),  # statement cancelled: not a lock
        (OperationalError("database is locked"), True),  # SQLite's busy timeout
        (OperationalError("no such table: x"), False),
    ],
)
def test_lock_waits_and_deadlocks_are_busy_other_errors_are_not(error, busy):
    assert is_lock_timeout(error) is busy
