"""Email addresses as mail delivers them: one mailbox, one way of writing it.

``ａ@ｅｘａｍｐｌｅ.com`` (full-width), ``A@Example.com``, ``idn@bücher.example`` and
``idn@xn--bcher-kva.example`` each reach one mailbox that another spelling also
reaches. ``normalise_email`` gives every spelling of a mailbox the same key, which
is what the one-active-registration-per-mailbox rule, the resend-link lookup and
invitations bound to an address compare.

The key is: Unicode NFKC of the whole address (full-width and compatibility forms
become plain ones), the domain lower-cased and IDNA-encoded to its ASCII form
(Python's ``idna`` codec, IDNA 2003 with nameprep, the form mail servers look up),
and the local part lower-cased (mail servers in practice ignore its case, and the
site always treated it so).
"""

import contextlib
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # RFC 5321's limit for a forward path, in its ASCII form


def _split(address: str) -> tuple[str, str]:
    local, _at, domain = address.rpartition("@")
    return local, domain


def display_email(address: str) -> str:
    """The address as the delegate typed it, in plain characters: NFKC, trimmed."""
    return unicodedata.normalize("NFKC", address or "").strip()


def _ascii_domain(domain: str) -> str:
    """The domain as DNS knows it; raises UnicodeError for one no resolver accepts."""
    return domain.lower().rstrip(".").encode("idna").decode("ascii").lower()


def normalise_email(address: str) -> str:
    """The comparison key for a mailbox (see the module's docstring).

    Never raises: an address that cannot be encoded keeps its display form, and
    the field's validator refuses it before it is stored.
    """
    address = display_email(address)
    local, domain = _split(address)
    if not local:
        return address.lower()
    with contextlib.suppress(UnicodeError):
        domain = _ascii_domain(domain)
    return f"{local.lower()}@{domain}"


def validate_deliverable_email(value: str) -> None:
    """Refuse what no mail server on the internet would accept mail for.

    Used beside Django's syntax check (the field's own validator): no address
    literals (``a@[127.0.0.1]``), no domain without a dot (``a@localhost``), no
    numeric top-level domain (an IP address written without brackets), and a
    domain that IDNA can encode.
    """
    address = display_email(value)
    message = _("Enter an email address that can receive mail, such as name@example.org.")
    local, domain = _split(address)
    if not local or domain.startswith("["):
        raise ValidationError(message, code="undeliverable")
    try:
        ascii_domain = _ascii_domain(domain)
    except UnicodeError:
        raise ValidationError(message, code="undeliverable") from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(labels) or labels[-1].isdigit():
        raise ValidationError(message, code="undeliverable")
    if len(normalise_email(address)) > MAX_LENGTH:
        raise ValidationError(
            _("An email address can have at most %(limit)d characters.") % {"limit": MAX_LENGTH},
            code="too_long",
        )
