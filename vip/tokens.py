"""Speakers' links: signed, unguessable, no login, expiring, revocable.

The same rules as delegates' manage links (registrations.tokens): the token carries
the invitation's id and its ``token_version``, signed with SECRET_KEY and a
timestamp, so it cannot be forged or altered. The signature is refused after
SPEAKER_LINK_MAX_AGE_DAYS whatever else is true; the page itself also refuses a
revoked invitation, one that was never answered by its date, and every link once
the event is over (``vip.selectors.link_problem``). Inviting the speaker again,
sending a new link, or revoking raises the version: every link sent before stops
working.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "vip.speaker-invitation"


def make_token(invitation) -> str:
    return signing.dumps([invitation.pk, invitation.token_version], salt=SALT)


def read_token(token: str) -> tuple[int, int]:
    """The invitation id and version in ``token``; raises signing.BadSignature (or
    SignatureExpired)."""
    max_age = timedelta(days=settings.SPEAKER_LINK_MAX_AGE_DAYS)
    payload = signing.loads(token, salt=SALT, max_age=max_age)
    match payload:
        case [int(invitation_id), int(version)]:
            return invitation_id, version
    raise signing.BadSignature("Unexpected speaker link payload.")


def is_current(invitation, version: int) -> bool:
    """False once a newer link has been sent, or the invitation revoked."""
    return version == invitation.token_version
