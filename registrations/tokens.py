"""Manage links: signed, unguessable, no login.

The token carries the registration's reference, signed with SECRET_KEY and a
timestamp; it cannot be forged or altered, and it expires after
MANAGE_LINK_MAX_AGE_DAYS (long enough to last from sign-up to the event).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "registrations.manage-link"


def make_manage_token(registration) -> str:
    return signing.dumps(registration.reference, salt=SALT)


def read_manage_token(token: str) -> str:
    """The reference in ``token``; raises signing.BadSignature (or SignatureExpired)."""
    max_age = timedelta(days=settings.MANAGE_LINK_MAX_AGE_DAYS)
    return signing.loads(token, salt=SALT, max_age=max_age)
