"""The messaging catalogue is complete and compiled, and the pages read in Japanese."""

import pytest
from django.urls import reverse
from django.utils import translation

from messaging import services, views
from messaging.audience import Audience
from tests.factories import UserFactory
from tests.helpers import render_in_japanese
from tests.messaging.conftest import draft


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
