"""Every public page's HTML passes the Nu Html Checker (vnu.jar, run with the machine's
Java) with no errors, in English and Japanese: every session and speaker page of the
demo, the registration form before and after a failed submit, a delegate's manage,
cancel, participant-list and resend-link pages, and the 404 page; and so do the staff
pages of the protocol layer (protocol list, balance, participant list, badges, the door
card of a speaker)."""

import pytest
from django.urls import reverse
from django.utils import translation

from registrations.models import Registration
from registrations.tokens import make_manage_token
from tests.browser.pages import LANGUAGES, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_public_pages_are_valid_html(client, demo_event, upcoming_event, vnu):
    # The 2016 archive's pages (its form page says registration closed), and the form,
    # the failed submit and a delegate's pages of the edition taking sign-ups.
    registration = Registration.objects.filter(event=upcoming_event, status="confirmed").first()
    delegate = {"event_slug": upcoming_event.slug, "token": make_manage_token(registration)}
    documents = {}
    for language in LANGUAGES:
        pages = public_pages(demo_event, language, every_session_and_speaker=True)
        open_form = public_pages(upcoming_event, language)["register"]
        for path in [*pages.values(), open_form]:
            response = client.get(path)
            assert response.status_code == 200, path
            documents[path] = response.content.decode()
        response = client.post(open_form, {"given_name": "Yuki"})
        assert response.status_code == 400
        documents[open_form + " (after a failed submit)"] = response.content.decode()
        with translation.override(language):
            missing = reverse("conference:event", kwargs={"event_slug": "no-such-event"})
            delegate_pages = [
                reverse("registrations:manage", kwargs=delegate),
                reverse("registrations:participants", kwargs=delegate),
                reverse("registrations:cancel", kwargs=delegate),
                reverse("registrations:resend_link", kwargs={"event_slug": upcoming_event.slug}),
            ]
        for path in delegate_pages:
            response = client.get(path)
            assert response.status_code == 200, path
            documents[path] = response.content.decode()
        response = client.get(missing)
        assert response.status_code == 404
        documents[missing + " (404)"] = response.content.decode()
    assert len(documents) > 40

    errors = vnu(documents)

    report = "\n".join(
        f"{path}:\n    " + "\n    ".join(found) for path, found in sorted(errors.items())
    )
    assert not errors, f"Nu Html Checker errors on {len(errors)} page(s):\n{report}"


def test_staff_protocol_pages_are_valid_html(client, demo_event, vnu):
    from conference.roles import ORGANISERS
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=[ORGANISERS]))
    speaker = Registration.objects.filter(event=demo_event, speaker__slug="stephen-hillier").get()
    documents = {}
    for language in LANGUAGES:
        with translation.override(language):
            slug = {"event_slug": demo_event.slug}
            paths = [
                reverse("staff:dashboard", kwargs=slug),
                reverse("staff:protocol", kwargs=slug),
                reverse("staff:protocol", kwargs=slug) + "?include=waiting",
                reverse("staff:balance", kwargs=slug),
                reverse("staff:participants", kwargs=slug),
                reverse("staff:badges", kwargs=slug) + "?order=precedence",
                reverse("staff:check_in", kwargs=slug) + "?q=Hillier",
                reverse("staff:check_in_card", kwargs={**slug, "reference": speaker.reference}),
            ]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            documents[path] = response.content.decode()

    errors = vnu(documents)

    report = "\n".join(
        f"{path}:\n    " + "\n    ".join(found) for path, found in sorted(errors.items())
    )
    assert not errors, f"Nu Html Checker errors on {len(errors)} page(s):\n{report}"


def test_message_and_interpretation_pages_are_valid_html(client, demo_event, upcoming_event, vnu):
    """The staff pages issue 14 adds, in both languages: the messages' history, the form
    (empty and after a failed submit), preview, confirmation, a sent message, and the
    interpretation sheet."""
    from conference.roles import ORGANISERS, ensure_staff_groups
    from messaging import services
    from messaging.audience import Audience
    from tests.factories import UserFactory

    ensure_staff_groups()
    client.force_login(UserFactory(username="organiser", groups=[ORGANISERS]))
    data = services.MessageData(
        subject_en="Day 1", body_en="Dear {name},\n\nSee {manage_link}", audience=Audience(),
        subject_ja="1日目", body_ja="{name} 様\n\n{manage_link}",
    )  # fmt: skip
    unsent = services.save_draft(event=upcoming_event, data=data, by=None)
    sent = services.save_draft(event=upcoming_event, data=data, by=None)
    services.send_message(message=sent, by=None)
    documents = {}
    for language in LANGUAGES:
        with translation.override(language):
            slug = {"event_slug": upcoming_event.slug}
            paths = [
                reverse("messaging:list", kwargs=slug),
                reverse("messaging:compose", kwargs=slug),
                reverse("messaging:preview", kwargs={**slug, "pk": unsent.pk}),
                reverse("messaging:confirm", kwargs={**slug, "pk": unsent.pk}),
                reverse("messaging:detail", kwargs={**slug, "pk": sent.pk}),
                reverse("staff:interpretation", kwargs=slug),
            ]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            documents[path] = response.content.decode()
        response = client.post(paths[1], {"subject_en": "{oops}"})
        assert response.status_code == 400
        documents[paths[1] + " (after a failed submit)"] = response.content.decode()

    errors = vnu(documents)

    report = "\n".join(
        f"{path}:\n    " + "\n    ".join(found) for path, found in sorted(errors.items())
    )
    assert not errors, f"Nu Html Checker errors on {len(errors)} page(s):\n{report}"


def test_pages_with_the_organisers_logo_are_valid_html(client, demo_event, vnu):
    """The masthead's logo and partner line, the og:image tags and the badges' footer."""
    from conference.roles import ORGANISERS, ensure_staff_groups
    from tests.browser.helpers import give_logo
    from tests.factories import UserFactory

    give_logo(demo_event)
    documents = {}
    for language in LANGUAGES:
        pages = public_pages(demo_event, language)
        for name in ("event", "agenda", "speakers"):
            response = client.get(pages[name])
            assert 'property="og:image"' in response.content.decode()
            documents[pages[name]] = response.content.decode()
    ensure_staff_groups()
    client.force_login(UserFactory(groups=[ORGANISERS]))
    badges = reverse("staff:badges", kwargs={"event_slug": demo_event.slug})
    page = client.get(badges).content.decode()
    assert 'class="badge-logo"' in page
    documents[badges] = page

    errors = vnu(documents)

    assert errors == {}


def test_the_checker_reports_what_it_finds(vnu):
    """The check is live: an invalid document is reported, by name, with where and what;
    a valid one is not, and a warning alone is no error (as with --errors-only)."""
    invalid = '<!DOCTYPE html>\n<html lang="en"><title>x</title>\n<p><div>x</div></p>\n</html>'
    valid = '<!DOCTYPE html><html lang="en"><title>x</title><section><p>x</p></section></html>'
    assert vnu({"invalid": invalid, "valid": valid}) == {
        "invalid": ["3:16 No “p” element in scope but a “p” end tag seen.  «iv>x</div></p>\n</htm»"]
    }
