"""A page printed from the staff preview says so, and marks what the public would not see."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from conference.roles import ensure_staff_groups
from tests.factories import SessionFactory, SessionRoleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def print_rules() -> dict[str, str]:
    """The rules inside site.css's ``@media print`` block: selector → declarations."""
    css = SITE_CSS.read_text()
    block = css[css.index("@media print {") + len("@media print {") :]
    rules = {}
    for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", block.split("\n}\n")[0]):
        selectors = re.sub(r"/\*.*?\*/", "", selectors, flags=re.S)
        for selector in selectors.split(","):
            rules[selector.strip()] = rules.get(selector.strip(), "") + declarations.strip()
    return rules


def hidden_in_print() -> set[str]:
    return {
        selector
        for selector, declarations in print_rules().items()
        if "display: none" in declarations
    }


@pytest.fixture
def agenda(client):
    session = SessionFactory(title="Panel")
    SessionRoleFactory(session=session, speaker=SpeakerFactory(given_name="Named"))
    SessionRoleFactory(
        session=session, speaker=SpeakerFactory(given_name="Pencilled"), is_confirmed=False
    )
    SessionRoleFactory(
        session=session, speaker=SpeakerFactory(given_name="Hidden", is_published=False)
    )
    return f"/{session.event.slug}/agenda/"


@pytest.fixture
def organiser(client):
    ensure_staff_groups()
    user = UserFactory(groups=["Organisers"])
    client.force_login(user)
    return user


def test_the_preview_notice_is_printed(client, organiser, agenda):
    page = client.get(agenda).content.decode()
    notice = re.search(r'<p class="([^"]*preview-notice[^"]*)"[^>]*>(.*?)</p>', page, re.S)
    assert notice.group(1) == "alert alert-warning preview-notice"  # no d-print-none
    assert (
        '<span class="preview-print-note d-none d-print-inline">This copy was printed from the '
        "staff preview: it may name unconfirmed speakers and show unpublished sessions, each "
        "marked in brackets. Not for distribution; print the public page for that.</span>"
    ) in notice.group(2)
    assert ".preview-notice" not in hidden_in_print()
    assert "display: block !important" in print_rules()[".preview-notice"]


def test_unconfirmed_and_unpublished_speakers_are_marked_on_screen_and_in_print(
    client, organiser, agenda
):
    page = client.get(agenda).content.decode()
    flag = '<span class="badge text-bg-warning preview-flag">{}</span>'
    # One line for the three panellists, each flag right after its name.
    assert "Admiral Named Otsuka</a>, <a" in page
    assert "Admiral Pencilled Otsuka</a> " + flag.format("Unconfirmed") + ", <a" in page
    assert "Admiral Hidden Otsuka</a> " + flag.format("Not published") + "</li>" in page
    rules = print_rules()
    assert ".preview-flag" not in hidden_in_print()
    assert (rules[".preview-flag::before"], rules[".preview-flag::after"]) == (
        'content: "(";',
        'content: ")";',
    )


def test_the_public_prints_no_notice_and_no_unconfirmed_name(client, agenda):
    page = client.get(agenda).content.decode()
    assert "preview-notice" not in page
    assert "Pencilled" not in page
    assert "Hidden" not in page
