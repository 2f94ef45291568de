"""Manage links: signed, unguessable, no login, revocable.

The token carries the registration's reference and its ``manage_token_version``,
signed with SECRET_KEY and a timestamp; it cannot be forged or altered, and it
expires after MANAGE_LINK_MAX_AGE_DAYS (long enough to last from sign-up to the
event). Sending a new link on request raises the registration's version, so every
link sent before stops working: a delegate who fears an old email was seen by
someone else asks for a new link.

Tokens made before links carried a version hold the reference alone; they count as
version 0, so they keep working until the delegate first asks for a new link.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "registrations.manage-link"


def make_manage_token(registration) -> str:
    return signing.dumps([registration.reference, registration.manage_token_version], salt=SALT)


def read_manage_token(token: str) -> tuple[str, int]:
    """The reference and version in ``token``; raises signing.BadSignature (or
    SignatureExpired)."""
    max_age = timedelta(days=settings.MANAGE_LINK_MAX_AGE_DAYS)
    payload = signing.loads(token, salt=SALT, max_age=max_age)
    if isinstance(payload, str):  # from before links could be revoked
        return payload, 0
    match payload:
        case [str(reference), int(version)]:
            return reference, version
    raise signing.BadSignature("Unexpected manage link payload.")


def is_current(registration, version: int) -> bool:
    """False once a newer link has been sent for the registration."""
    return version == registration.manage_token_version
