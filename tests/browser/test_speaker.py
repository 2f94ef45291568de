"""Speakers and VIPs in a real browser: an organiser invites a speaker from the admin; the
speaker, on a 360 px phone in Japanese, accepts one appearance, declines the other and
gives their arrival; the agenda names them. The new pages pass axe and the Nu checker."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from conference.models import Event, SessionRole
from conference.roles import EVENT_STAFF, ORGANISERS
from tests.browser.helpers import run_axe, screenshot, sign_in, watch_console
from tests.factories import UserFactory
from vip import emails
from vip.models import InvitedAppearance, SpeakerInvitation, SpeakerLogistics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_speaker_accepts_on_a_360px_phone_in_japanese(
    new_context, live_server, upcoming_event, axe_source
):
    slug = upcoming_event.slug
    otsuka_roles = SessionRole.objects.filter(
        session__event=upcoming_event, speaker__slug="umio-otsuka"
    ).order_by("session__starts_at")
    panel, discussant = list(otsuka_roles)

    # The organiser invites him again from the appearances list (a fresh link, in Japanese).
    organiser = UserFactory(username="organiser", groups=[ORGANISERS])
    admin = new_context("desktop").new_page()
    admin_errors = watch_console(admin)
    admin.goto("/admin/conference/sessionrole/?q=Otsuka")
    sign_in(admin, organiser)
    admin.goto(
        f"/admin/conference/sessionrole/?q=Otsuka&session__event__id__exact={upcoming_event.pk}"
    )
    rows = admin.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    admin.locator("#action-toggle").check()
    admin.select_option(
        "select[name=action]", label="Invite the selected speakers to these appearances…"
    )
    admin.locator("button[name=index]").click()
    expect(admin.get_by_role("heading", name="Invite speakers")).to_be_visible()
    admin.select_option("select[name^=language_]", "ja")
    mail.outbox.clear()
    admin.get_by_role("button", name="Send the invitations").click()
    expect(admin.locator(".messagelist .success")).to_have_text(
        "1 invitation sent: the email is on its way."
    )
    screenshot(admin, "flows", "speaker-0-organiser-invited")
    assert admin_errors == []

    [invitation_email] = mail.outbox
    assert invitation_email.to == ["umio.otsuka@speakers.example.org"]
    assert invitation_email.subject.startswith("【ご登壇のお願い】")
    link = re.search(rf"{re.escape(live_server.url)}/ja/{slug}/speaker/\S+/", invitation_email.body)
    assert link, invitation_email.body

    # The speaker, on a small phone, in Japanese.
    page = new_context("small-phone", locale="ja-JP").new_page()
    errors = watch_console(page)
    page.goto(link.group())
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("ご招待")
    expect(page.get_by_text("大塚海夫 海将 様")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "flows", "speaker-1-invitation-ja")
    assert run_axe(page, axe_source) == []

    # Accept the panel, decline the discussant's seat, with a word for the organisers.
    page.get_by_role("group", name=panel.session.title_ja).get_by_label(
        "はい、お引き受けします"
    ).check()
    page.get_by_role("group", name=discussant.session.title_ja).get_by_label(
        "いいえ、辞退いたします"
    ).check()
    page.get_by_label("主催者へのメッセージ（任意）").fill(
        "討論者は辞退しますが、パネルには喜んで参加します。"
    )
    screenshot(page, "flows", "speaker-2-answers-ja")
    page.get_by_role("button", name="回答を送る").click()

    expect(page.get_by_role("status").first).to_contain_text("ご登壇が確定し")
    expect(page).to_have_url(re.compile(r"#answers$"))
    answers = dict(
        InvitedAppearance.objects.filter(role__in=[panel, discussant]).values_list(
            "role_id", "answer"
        )
    )
    assert answers == {panel.pk: "accepted", discussant.pk: "declined"}
    panel.refresh_from_db()
    assert panel.is_confirmed is True
    assert no_sideways_scroll(page)
    assert run_axe(page, axe_source) == []

    # His arrival, on the same page.
    page.locator("#id_arrival_date").fill(
        (upcoming_event.start_date.replace(day=upcoming_event.start_date.day)).isoformat()
    )
    page.locator("#id_arrival_time").fill("07:40")
    page.select_option("#id_arrival_mode", "train")
    page.locator("#id_arrival_number").fill("のぞみ2号")
    page.locator("#id_arrival_point").fill("東京駅")
    screenshot(page, "flows", "speaker-3-travel-ja")
    page.get_by_role("button", name="移動情報を保存する").click()
    expect(page.get_by_role("status").first).to_have_text("移動情報を保存しました。")
    travel = SpeakerLogistics.objects.get(event=upcoming_event, speaker__slug="umio-otsuka")
    assert (travel.arrival_number, travel.arrival_point) == ("のぞみ2号", "東京駅")
    screenshot(page, "flows", "speaker-4-saved-ja")

    # The public agenda, in Japanese, names him now.
    page.goto(f"/ja/{slug}/agenda/")
    expect(page.get_by_role("link", name="大塚海夫 海将")).to_be_visible()
    assert errors == []

    # The organisers were told, with his message.
    notices = [m for m in mail.outbox if m.to == ["japan-dialogue@example.org"]]
    assert any("討論者は辞退しますが" in m.body for m in notices)


def vip_pages(event, invitation, language):
    with translation.override(language):
        return {
            "speaker": emails.speaker_path(invitation, language),
            "arrivals": reverse("vip:arrivals", kwargs={"event_slug": event.slug}),
            "arrivals-restricted": reverse(
                "vip:arrivals_restricted", kwargs={"event_slug": event.slug}
            ),
        }


@pytest.mark.parametrize("viewport", ["desktop", "small-phone"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_new_pages_have_no_wcag_violations(
    new_context, upcoming_event, axe_source, language, viewport
):
    invitation = SpeakerInvitation.objects.get(event=upcoming_event, speaker__slug="umio-otsuka")
    context = new_context(viewport, locale="ja-JP" if language == "ja" else "en-GB")
    page = context.new_page()
    errors = watch_console(page)
    problems = {}
    pages = vip_pages(upcoming_event, invitation, language)
    page.goto(pages["speaker"])
    problems["speaker"] = run_axe(page, axe_source)
    screenshot(page, f"{language}-{viewport}", "speaker-invitation")
    # After a failed submit: errors tied to their fields.
    page.locator("#id_departure_date").fill(upcoming_event.start_date.isoformat())
    page.locator("#id_arrival_date").fill(upcoming_event.end_date.isoformat())
    page.locator("button[name=save_travel]").click()
    page.wait_for_load_state()
    assert page.locator("#travel-errors").is_visible()
    problems["speaker (travel refused)"] = run_axe(page, axe_source)

    page.goto("/admin/")
    sign_in(page, UserFactory(groups=[ORGANISERS]))
    for name in ("arrivals", "arrivals-restricted"):
        response = page.goto(pages[name])
        assert response.status == 200
        problems[name] = run_axe(page, axe_source)
        screenshot(page, f"{language}-{viewport}", name)
    report = "\n".join(
        f"{name}:\n    " + "\n    ".join(found) for name, found in problems.items() if found
    )
    assert not report, f"axe-core violations ({language}, {viewport}):\n{report}"
    # The failed submit's 400 is the one expected error response.
    assert [error for error in errors if not error.startswith("400 POST")] == []


def test_the_new_pages_are_valid_html(client, upcoming_event, vnu):
    invitation = SpeakerInvitation.objects.get(event=upcoming_event, speaker__slug="umio-otsuka")
    documents = {}
    for language in ("en", "ja"):
        pages = vip_pages(upcoming_event, invitation, language)
        client.logout()
        response = client.get(pages["speaker"])
        assert response.status_code == 200
        documents[f"{language} speaker"] = response.content.decode()
        response = client.post(pages["speaker"] + "travel/", {"arrival_time": "07:00"})
        assert response.status_code == 400
        documents[f"{language} speaker (refused)"] = response.content.decode()
        response = client.get(pages["speaker"].replace("/speaker/", "/speaker/x"))
        assert response.status_code == 400
        documents[f"{language} bad link"] = response.content.decode()
        client.force_login(UserFactory(groups=[EVENT_STAFF], staff_of=[upcoming_event]))
        documents[f"{language} arrivals"] = client.get(pages["arrivals"]).content.decode()
        client.force_login(UserFactory(groups=[ORGANISERS]))
        documents[f"{language} restricted"] = client.get(
            pages["arrivals-restricted"]
        ).content.decode()

    errors = vnu(documents)

    report = "\n".join(
        f"{name}:\n    " + "\n    ".join(found) for name, found in sorted(errors.items())
    )
    assert not errors, f"Nu Html Checker errors:\n{report}"
    assert Event.objects.filter(slug=upcoming_event.slug).exists()
