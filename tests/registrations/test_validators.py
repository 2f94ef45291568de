"""One mailbox, one way of writing it; addresses no mail server would take are refused."""

import pytest
from django.core.exceptions import ValidationError

from registrations.validators import normalise_email, validate_deliverable_email

UNDELIVERABLE = "Enter an email address that can receive mail, such as name@example.org."


@pytest.mark.parametrize(
    ("typed", "mailbox"),
    [
        ("a@example.com", "a@example.com"),
        ("A@Example.COM", "a@example.com"),
        ("  a@example.com ", "a@example.com"),
        ("a@ｅｘａｍｐｌｅ.com", "a@example.com"),  # full-width domain
        ("ａ＠ｅｘａｍｐｌｅ．ｃｏｍ", "a@example.com"),  # full-width everything
        ("idn@bücher.example", "idn@xn--bcher-kva.example"),
        ("idn@BÜCHER.example", "idn@xn--bcher-kva.example"),
        ("idn@xn--bcher-kva.example", "idn@xn--bcher-kva.example"),
        ("idn@XN--BCHER-KVA.example", "idn@xn--bcher-kva.example"),
        ("a@example.com.", "a@example.com"),
    ],
)
def test_every_spelling_of_a_mailbox_has_one_key(typed, mailbox):
    assert normalise_email(typed) == mailbox


@pytest.mark.parametrize(
    "address",
    ["a@localhost", "a@[127.0.0.1]", "a@[IPv6:::1]", "a@example", "a@1.2.3.4", "a@exa..mple.com"],
)
def test_addresses_no_mail_server_would_take_are_refused(address):
    with pytest.raises(ValidationError) as excinfo:
        validate_deliverable_email(address)
    assert excinfo.value.messages == [UNDELIVERABLE]


@pytest.mark.parametrize(
    "address",
    ["a@example.com", "idn@bücher.example", "ｙｕｋｉ@example.jp", "a.b+c@mail.example.co.uk"],
)
def test_ordinary_and_international_addresses_are_accepted(address):
    validate_deliverable_email(address)


def test_the_per_email_rate_limit_counts_every_spelling_of_a_mailbox(settings, monkeypatch):
    from django.core.cache import cache

    from registrations import ratelimit

    cache.clear()
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)  # one window
    settings.REGISTRATION_EMAIL_RATE_LIMIT = 2
    spellings = ["a@example.com", "A@ｅｘａｍｐｌｅ.com", "a@EXAMPLE.com"]
    verdicts = [ratelimit.hit_email("register", email).allowed for email in spellings]
    assert verdicts == [True, True, False]
