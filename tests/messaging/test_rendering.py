"""What each recipient reads: their language (English when there is no Japanese
version), the placeholders filled in for them, and nothing they typed turned into HTML."""

import pytest
from django.utils import translation

from messaging import rendering
from messaging.forms import MessageForm
from messaging.models import Message
from registrations.tokens import make_manage_token
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

BILINGUAL = {
    "subject_en": "Day 1 for {name}",
    "body_en": "Dear {name},\n\nReference {reference}, {event}, {event_dates}.\n{manage_link}",
    "subject_ja": "{name} 様：1日目のご案内",
    "body_ja": "{name} 様\n\n登録番号 {reference}、{event}、{event_dates}。\n{manage_link}",
}


def message(event, **texts):
    return Message(event=event, **{**BILINGUAL, **texts})


@pytest.fixture
def otsuka(event):
    return RegistrationFactory(
        event=event,
        honorific="Admiral",
        given_name="Umio",
        family_name="Otsuka",
        japanese_name="大塚 海夫",
        language="ja",
        reference="OTSU-2345",
    )


@pytest.fixture
def hillier(event):
    return RegistrationFactory(
        event=event,
        honorific="Air Chief Marshal Sir",
        given_name="Stephen",
        family_name="Hillier",
        language="en",
        reference="HILL-2345",
    )


def manage_link(registration, prefix=""):
    return f"http://testserver{prefix}/{registration.event.slug}/registration/{make_manage_token(registration)}/"


def test_english_recipient_gets_the_english_version_with_placeholders_filled(event, hillier):
    email = rendering.render(message(event), hillier)
    assert email["language"] == "en"
    assert email["subject"] == "Day 1 for Air Chief Marshal Sir Stephen Hillier"
    assert email["body_text"] == (
        "Dear Air Chief Marshal Sir Stephen Hillier,\n\n"
        f"Reference HILL-2345, {event.name}, 1–2 November 2016.\n{manage_link(hillier)}"
    )


def test_japanese_recipient_gets_the_japanese_version_in_japanese_order(event, otsuka):
    event.name_ja = "第3回日英安全保障対話"
    event.save()
    email = rendering.render(message(event), otsuka)
    assert email["language"] == "ja"
    assert email["subject"] == "大塚 海夫 様：1日目のご案内"
    assert email["body_text"] == (
        "大塚 海夫 様\n\n登録番号 OTSU-2345、第3回日英安全保障対話、"
        "2016年11月1日（火）〜2日（水）。\n" + manage_link(otsuka, "/ja")
    )


def test_japanese_recipient_gets_english_when_there_is_no_japanese_version(event, otsuka):
    email = rendering.render(message(event, subject_ja="", body_ja=""), otsuka)
    assert email["language"] == "en"
    assert email["subject"] == "Day 1 for Admiral Umio Otsuka"
    assert email["body_text"].startswith("Dear Admiral Umio Otsuka,\n\nReference OTSU-2345")
    # The link still opens their page in their own language.
    assert email["body_text"].endswith(manage_link(otsuka, "/ja"))


def test_the_preview_can_show_either_version_for_any_recipient(event, otsuka, hillier):
    assert rendering.render(message(event), hillier, language="ja")["subject"] == (
        "Air Chief Marshal Sir Stephen Hillier 様：1日目のご案内"
    )
    assert rendering.render(message(event), otsuka, language="en")["subject"] == (
        "Day 1 for Admiral Umio Otsuka"
    )


def test_rendering_does_not_depend_on_the_active_language(event, otsuka, hillier):
    with translation.override("ja"):
        assert rendering.render(message(event), hillier)["body_text"].startswith(
            "Dear Air Chief Marshal Sir Stephen Hillier,"
        )


def test_values_are_escaped_in_the_html_part_and_left_alone_in_the_text(event):
    person = RegistrationFactory(
        event=event, honorific="", given_name="<b>Ann</b>", family_name="O'Neill & Sons"
    )
    email = rendering.render(
        message(event, body_en="Dear {name},\n<i>Welcome</i> to {event}\n\nSee {manage_link}"),
        person,
    )
    assert email["body_text"].startswith("Dear <b>Ann</b> O'Neill & Sons,\n<i>Welcome</i>")
    html = email["body_html"]
    assert "<b>Ann</b>" not in html and "<i>" not in html
    assert (
        "<p>Dear &lt;b&gt;Ann&lt;/b&gt; O&#x27;Neill &amp; Sons,<br>&lt;i&gt;Welcome&lt;/i&gt;"
        in html
    )
    link = manage_link(person)
    assert f'<p>See <a href="{link}">{link}</a></p>' in html
    assert html.startswith('<!doctype html>\n<html lang="en">')


def test_doubled_braces_write_a_brace(event, hillier):
    email = rendering.render(message(event, subject_en="{{Draft}} for {name}"), hillier)
    assert email["subject"] == "{Draft} for Air Chief Marshal Sir Stephen Hillier"


def test_a_subject_too_long_for_the_queue_is_cut_with_an_ellipsis(event):
    person = RegistrationFactory(event=event, given_name="G" * 150, family_name="F" * 150)
    subject = rendering.render(message(event, subject_en="Hello {name}"), person)["subject"]
    assert len(subject) == 250
    assert subject.endswith("G…") or subject.endswith("F…")


# --- the form refuses what it cannot fill in ---------------------------------------------


def form(event, **overrides):
    data = {**BILINGUAL, "statuses": ["confirmed"], **overrides}
    return MessageForm(data=data, event=event)


def test_the_form_accepts_every_placeholder(event):
    assert form(event).errors == {}


def test_unknown_placeholders_are_refused_with_the_list_of_known_ones(event):
    bound = form(event, body_en="Dear {title} {name}, {surname}", subject_ja="{名前} 様")
    assert bound.errors == {
        "body_en": [
            "Unknown placeholder {title}, {surname}. The placeholders are: "
            "{name}, {reference}, {manage_link}, {event}, {event_dates}."
        ],
        "subject_ja": [
            "Unknown placeholder {名前}. The placeholders are: "
            "{name}, {reference}, {manage_link}, {event}, {event_dates}."
        ],
    }


@pytest.mark.parametrize(
    "text", ["{name.__class__}", "{name[0]}", "{name!r}", "{name:>20}", "{0}", "{}"]
)
def test_attribute_access_formats_and_positional_fields_are_refused(event, text):
    assert list(form(event, body_en=text).errors) == ["body_en"]


@pytest.mark.parametrize("text", ["Dear {name", "Dear name}", "{ name }"])
def test_stray_braces_are_refused(event, text):
    errors = form(event, body_en=text).errors["body_en"]
    assert errors in (
        [
            "A brace that is not part of a placeholder: write a placeholder as {name}, "
            "and a brace itself as {{ or }}."
        ],
        [
            "Unknown placeholder { name }. The placeholders are: "
            "{name}, {reference}, {manage_link}, {event}, {event_dates}."
        ],
    )


def test_japanese_subject_and_body_come_together(event):
    assert form(event, body_ja="").errors == {
        "body_ja": ["Write the Japanese message too, or leave the Japanese subject empty."]
    }
    assert form(event, subject_ja="").errors == {
        "subject_ja": ["Write the Japanese subject too, or leave the Japanese message empty."]
    }
    assert form(event, subject_ja="", body_ja="").errors == {}


def test_english_subject_and_body_are_required(event):
    assert form(event, subject_en="", body_en="").errors == {
        "subject_en": ["This field is required."],
        "body_en": ["This field is required."],
    }


def test_hand_picked_references_are_matched_and_unknown_ones_refused(event):
    first = RegistrationFactory(event=event, reference="ABCD-2345")
    second = RegistrationFactory(event=event, reference="EFGH-2345")
    RegistrationFactory(reference="JKLM-2345")  # another event's
    bound = form(event, references="abcd2345, EFGH-2345\nABCD-2345")
    assert bound.is_valid()
    assert bound.to_data().audience.registrations == (first.pk, second.pk)
    bound = form(event, references="ABCD-2345 JKLM-2345 nonsense")
    assert bound.errors == {
        "references": ["No registration of this event has the references JKLM-2345, nonsense."]
    }


def test_links_right_after_japanese_text_are_clickable_in_the_html_part(event, otsuka):
    """Japanese writes no space before a link ("登録の変更：https://…"): found by serving
    the site and reading the worker's output."""
    email = rendering.render(
        message(event, body_ja="登録の変更：{manage_link}。詳細はhttps://example.org/a?b=1&c=2）"),
        otsuka,
    )
    link = manage_link(otsuka, "/ja")
    assert f'登録の変更：<a href="{link}">{link}</a>。' in email["body_html"]
    assert (
        '詳細は<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>）'
        in email["body_html"]
    )


def test_quotes_and_brackets_end_a_link(event, hillier):
    email = rendering.render(
        message(event, body_en='See "https://example.org/x" or (https://example.org/y).'), hillier
    )
    assert (
        '<p>See &quot;<a href="https://example.org/x">https://example.org/x</a>&quot; or '
        '(<a href="https://example.org/y">https://example.org/y</a>).</p>'
    ) in email["body_html"]
