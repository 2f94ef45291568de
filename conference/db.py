"""Bounded lock waits: a query that waits too long for a lock raises ``Busy``.

On PostgreSQL every connection is opened with ``lock_timeout`` (``DB_LOCK_TIMEOUT_MS``,
conference/settings.py): a sign-up queued behind a long transaction on the event row
gives up after that long instead of holding a gunicorn worker until it is killed.
On SQLite the connection's busy timeout is the same bound. Either way the database's
own error is turned into the domain error ``conference.exceptions.Busy`` here, for
every query of every connection, so no caller has to know what the error looks like.
"""

from django.db import OperationalError

from conference.exceptions import Busy

# PostgreSQL's SQLSTATEs for a lock wait cut short by lock_timeout, and for a deadlock
# broken by aborting this side (two transactions taking the same rows in opposite
# orders: say a speaker's participant row written while the same person signs up).
# Either way nothing was written and trying again later works: the caller says busy.
LOCK_NOT_AVAILABLE = "55P03"
DEADLOCK_DETECTED = "40P01"
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")


def is_lock_timeout(error: Exception) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in (LOCK_NOT_AVAILABLE, DEADLOCK_DETECTED):
        return True
    return isinstance(error, OperationalError) and str(error) in SQLITE_BUSY_MESSAGES


def lock_timeout_as_busy(execute, sql, params, many, context):
    """A ``connection.execute_wrapper``: a lock wait that ran out raises ``Busy``."""
    try:
        return execute(sql, params, many, context)
    except OperationalError as error:
        if is_lock_timeout(error):
            raise Busy(type(error.__cause__ or error).__name__) from error
        raise


def install(sender=None, connection=None, **kwargs):
    """``connection_created`` receiver: wrap every connection's queries once."""
    if lock_timeout_as_busy not in connection.execute_wrappers:
        connection.execute_wrappers.append(lock_timeout_as_busy)
