"""The error summary after a failed sign-up, as a keyboard or screen-reader user meets
it: the title says "Error:", the summary has focus, each problem is a link that puts
focus in its field, in English and Japanese; the Japanese form asks 姓 before 名."""

import pytest

from tests.browser.helpers import screenshot
from tests.browser.pages import LANGUAGES, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

FIRST = {"en": ("Error: ", "Enter your given name"), "ja": ("エラー：", "姓を入力してください")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_failed_sign_up_focuses_a_summary_whose_links_reach_the_fields(
    new_context, upcoming_event, language
):
    page = new_context("phone", locale="ja-JP" if language == "ja" else "en-GB").new_page()
    page.goto(public_pages(upcoming_event, language)["register"])
    labels = page.locator("form label[for^=id_]").evaluate_all(
        "labels => labels.map(label => label.htmlFor)"
    )
    names = [label for label in labels if label in ("id_given_name", "id_family_name")]
    assert names == (
        ["id_family_name", "id_given_name"]
        if language == "ja"
        else ["id_given_name", "id_family_name"]
    )

    page.locator("form [type=submit][name=register]").click()
    page.wait_for_load_state()

    prefix, first = FIRST[language]
    assert page.title().startswith(prefix)
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.count() >= 7
    expect(links.first).to_have_text(first)
    screenshot(page, f"{language}-phone", "register-error-summary")

    # Every link puts focus in the field it names (the checkbox group: its first box).
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")[1:]
        link.click()
        focused = page.evaluate("document.activeElement.id")
        assert focused == target, (link.inner_text(), focused)
        assert page.locator(f"#{target}").is_visible()
        page.evaluate("window.scrollTo(0, 0)")
