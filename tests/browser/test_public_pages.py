"""Every public page in a real browser: a screenshot, an axe-core WCAG 2.2 A/AA audit
and no console errors (a Content-Security-Policy refusal is one), on a desktop and a
phone, in English and Japanese; the registration form also after a failed submit.

With SCREENSHOTS=1 (as in CI), screenshots go to var/screenshots/<language>-<viewport>/<page>.png
for people to look at.
"""

import pytest

from tests.browser.helpers import run_axe, screenshot, watch_console
from tests.browser.pages import LANGUAGES, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_wcag_violations(
    new_context, demo_event, upcoming_event, axe_source, language, viewport
):
    page = new_context(viewport, locale="ja-JP" if language == "ja" else "en-GB").new_page()
    console_errors = watch_console(page)
    problems = {}
    folder = f"{language}-{viewport}"

    pages = public_pages(demo_event, language)
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language, path
        screenshot(page, folder, name)
        problems[path] = run_axe(page, axe_source)

    assert console_errors == []  # none while reading: no CSP refusal, no script error

    # The form after a failed submit (on the edition taking sign-ups; the 2016 one is
    # closed): error summary, messages tied to their fields.
    open_form = public_pages(upcoming_event, language)["register"]
    page.goto(open_form)
    page.locator("form [type=submit][name=register]").click()
    page.wait_for_load_state()
    assert page.locator("#form-errors").is_visible()
    assert page.locator("[aria-invalid=true]").count() >= 5
    screenshot(page, folder, "register-failed")
    problems[open_form + " (after a failed submit)"] = run_axe(page, axe_source)

    report = "\n".join(
        f"{path}:\n    " + "\n    ".join(found) for path, found in problems.items() if found
    )
    assert not report, f"axe-core WCAG 2.2 A/AA violations ({language}, {viewport}):\n{report}"


def test_axe_reports_what_it_finds(page, demo_event, axe_source):
    """The audit is live: an image without a text alternative is reported."""
    page.goto(public_pages(demo_event, "en")["privacy"])
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert [line.split(" ", 1)[0] for line in run_axe(page, axe_source)] == ["image-alt"]
