"""The staff pages in Japanese, and the registrations catalogue behind them.

The staff pages live in ``i18n_patterns`` like the public ones: English at
/staff/<slug>/..., Japanese at /ja/staff/<slug>/..., with the same language switcher.
Individual pages' Japanese is also checked by rendering the views with Japanese active.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from registrations import staff_views
from tests.factories import RegistrationFactory, UserFactory
from tests.helpers import render_in_japanese


@pytest.fixture
def door_staff(event):
    return UserFactory(groups=["Event staff"], staff_of=[event])


def url(name, event, **kwargs):
    return reverse(name, kwargs={"event_slug": event.slug, **kwargs})


@pytest.mark.django_db
def test_staff_pages_are_in_japanese_under_ja(client, event, door_staff):
    client.force_login(door_staff)
    with translation.override("ja"):
        japanese = url("staff:dashboard", event)
    assert japanese == f"/ja/staff/{event.slug}/"
    response = client.get(japanese)
    assert response.status_code == 200
    assert response["Content-Language"] == "ja"
    assert "ダッシュボード" in response.content.decode()


@pytest.mark.django_db
def test_staff_pages_are_english_by_default(client, event, door_staff):
    client.force_login(door_staff)
    page = client.get(url("staff:dashboard", event)).content.decode()
    assert "Dashboard" in page
    assert "ダッシュボード" not in page


@pytest.mark.django_db
def test_dashboard_in_japanese(event, door_staff):
    RegistrationFactory(event=event, status="confirmed")
    page = render_in_japanese(
        staff_views.DashboardView,
        url("staff:dashboard", event),
        door_staff,
        event_slug=event.slug,
    )
    for text in ("ダッシュボード", "座席", "空席", "日別の登録数", "分野別", "国籍別", "名札"):
        assert text in page
    assert ">Dashboard<" not in page


@pytest.mark.django_db
def test_check_in_pages_in_japanese(event, door_staff):
    registration = RegistrationFactory(event=event, status="confirmed", family_name="Tanaka")
    search = render_in_japanese(
        staff_views.CheckInView,
        url("staff:check_in", event) + "?q=Tanaka",
        door_staff,
        event_slug=event.slug,
    )
    for text in (
        "チェックイン",
        "参加確定者（登壇者を含む）のうちチェックイン済み",
        "検索",
        "氏名・所属・登録番号",
    ):
        assert text in search
    assert ">Check in<" not in search

    nobody = render_in_japanese(
        staff_views.CheckInView,
        url("staff:check_in", event) + "?q=Nobody",
        door_staff,
        event_slug=event.slug,
    )
    assert "このイベントの登録者に「Nobody」に該当する人はいません。" in nobody

    card = render_in_japanese(
        staff_views.CheckInCardView,
        url("staff:check_in_card", event, reference=registration.reference),
        door_staff,
        event_slug=event.slug,
        reference=registration.reference,
    )
    assert "別の参加者を検索" in card
    assert "この参加者のQRコード" in card
    assert f'aria-label="{registration.reference}のQRコード"' in card


@pytest.mark.django_db
def test_catering_in_japanese(event, door_staff):
    RegistrationFactory(event=event, status="confirmed")
    page = render_in_japanese(
        staff_views.CateringView,
        url("staff:catering", event),
        door_staff,
        event_slug=event.slug,
    )
    for text in ("ケータリング", "食事の制限", "参加確定者", "参加項目別"):
        assert text in page
    assert "Who needs what" not in page


# --- the catalogue ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_index_in_japanese(client, event, door_staff):
    client.force_login(door_staff)
    page = client.get("/ja/staff/").content.decode()
    assert "担当のイベント" in page
    assert "スタッフとして担当しているイベントです。" in page
    assert f'href="/ja/staff/{event.slug}/check-in/"' in page
