"""Speakers' pages and emails in Japanese, and the vip catalogue behind them."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from vip import emails, services


@pytest.mark.django_db
def test_the_invitation_email_and_page_in_japanese(
    client, event, speaker, keynote, django_capture_on_commit_callbacks
):
    speaker.japanese_name = "ヒリアー スティーブン"
    speaker.honorific_ja = "空軍大将"
    speaker.save()
    event.name_ja = "第1回日英安全保障対話"
    event.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_speaker(
            event=event, speaker=speaker, roles=[keynote], language="ja"
        )
    [message] = mail.outbox
    assert message.subject == "【ご登壇のお願い】第1回日英安全保障対話"
    assert message.body.startswith("ヒリアー スティーブン 空軍大将 様\n")
    assert "2016年11月1日（火）〜2日（水）" in message.body
    assert "- 基調講演\n  2016年11月1日（火） 09:30–10:15 (JST), Main hall" in message.body
    assert "役割：基調講演者" in message.body

    page = client.get(emails.speaker_path(invitation))
    assert page.status_code == 200
    assert page["Content-Language"] == "ja"
    html = page.content.decode()
    for text in ("ご招待", "ご登壇", "はい、お引き受けします", "いいえ、辞退いたします", "ご移動"):
        assert text in html
    assert "Your invitation" not in html


@pytest.mark.django_db
def test_the_arrivals_sheet_and_admin_in_japanese(client, event):
    client.force_login(UserFactory(groups=["Organisers"]))
    with translation.override("ja"):
        url = reverse("vip:arrivals_restricted", kwargs={"event_slug": event.slug})
    html = client.get(url).content.decode()
    assert "VIP一覧（取扱注意）" in html
    assert "取扱注意：主催者限り。" in html
