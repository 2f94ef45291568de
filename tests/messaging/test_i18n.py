"""The messaging catalogue is complete and compiled, and the pages read in Japanese."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import messaging
from messaging import services, views
from messaging.audience import Audience
from tests.factories import UserFactory
from tests.messaging.conftest import draft
from tests.registrations.test_staff_i18n import read_po, render_in_japanese

CATALOGUE = Path(messaging.__file__).resolve().parent / "locale" / "ja" / "LC_MESSAGES"


def entries():
    return [entry for entry in read_po(CATALOGUE / "django.po") if entry["msgid"]]


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    assert len(entries()) > 100
    assert [e["msgid"] for e in entries() if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries() if not all(e["msgstr"].values())] == []


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for entry in entries():
        expected = set(placeholder.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in entry["msgstr"].values():
            assert set(placeholder.findall(text)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries():
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            translated = compiled.ngettext(msgid, entry["msgid_plural"], 1)
            assert translated == entry["msgstr"]["msgstr[0]"]
        else:
            assert compiled.gettext(msgid) == entry["msgstr"]["msgstr"], msgid


def url(name, event, message=None):
    kwargs = {"event_slug": event.slug}
    if message is not None:
        kwargs["pk"] = message.pk
    return reverse(f"messaging:{name}", kwargs=kwargs)


@pytest.mark.django_db
def test_the_message_pages_in_japanese(event, people, options, organiser):
    message = draft(event, audience=Audience(options=(options["day_1"].pk,)))
    compose = render_in_japanese(
        views.ComposeView, url("compose", event), organiser, event_slug=event.slug
    )
    for text in (
        "メッセージを作成",
        "差し込み項目",
        "日本語（任意）",
        "宛先",
        "保存してプレビュー",
    ):
        assert text in compose, text
    preview = render_in_japanese(
        views.PreviewView, url("preview", event, message), organiser,
        event_slug=event.slug, pk=message.pk,
    )  # fmt: skip
    for text in (
        "プレビュー",
        "受信者に届く内容",
        "英語版",
        "参加項目（いずれか）：1日目",
        "送信に進む",
    ):
        assert text in preview, text
    confirm = render_in_japanese(
        views.ConfirmView, url("confirm", event, message), organiser,
        event_slug=event.slug, pk=message.pk,
    )  # fmt: skip
    assert "受信者3名、1分あたり60通で約1分。" in confirm
    assert "3名に送信" in confirm
    services.send_message(message=message, by=organiser)
    detail = render_in_japanese(
        views.DetailView, url("detail", event, message), organiser,
        event_slug=event.slug, pk=message.pk,
    )  # fmt: skip
    for text in ("配信状況", "送信待ち", "配信済み", "内容"):
        assert text in detail, text


@pytest.mark.django_db
def test_the_history_in_japanese_under_ja(client, event, people):
    staff = UserFactory(groups=["Event staff"], staff_of=[event])
    services.send_message(message=draft(event, subject_en="Joining instructions"), by=None)
    client.force_login(staff)
    with translation.override("ja"):
        page = client.get(url("list", event))
    assert page.request["PATH_INFO"] == f"/ja/staff/{event.slug}/messages/"
    content = page.content.decode()
    assert "参加者へのメッセージ" in content and "送信済み" in content
