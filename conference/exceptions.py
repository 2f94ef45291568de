from django.utils.translation import gettext_lazy as _


class Busy(Exception):
    """The database could not take a lock in time (``DB_LOCK_TIMEOUT_MS``): try again soon.

    Raised in place of the database's own error for any query that waited too long
    for a lock (``conference.db``), whichever page or command ran it; views that can
    keep what the visitor typed show the message on the form, and every other page
    answers 503 with ``Retry-After`` (``conference.middleware.BusyMiddleware``).
    """

    message = _("The system is busy, please try again in a moment.")
    retry_after = 5  # seconds

    def __init__(self, detail=""):
        self.detail = detail
        super().__init__(str(self.message))
