"""Helpers the browser tests share: console watching, the axe-core audit, screenshots.

Fixtures (the browser, contexts, the live server's demo, the Nu Html Checker) are in
conftest.py beside this file.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Screenshots for people to look at (var/ is git-ignored), taken only with SCREENSHOTS=1
# (.ci/run sets it, so CI keeps them as artefacts): nothing asserts on them, and a
# full-page PNG of every page costs more than the checks themselves.
SCREENSHOTS = ROOT / "var" / "screenshots"


def missing(reason):
    """Skip on a developer's machine, fail in CI, where the tools must be present."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


def watch_console(page):
    """Console errors, script errors and failed requests of ``page``, as they happen."""
    errors = []

    def on_console(message):
        # A failed request is reported below with its address; the console says only "404".
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text}")

    def on_response(response):
        # Browsers ask for /favicon.ico by themselves; the site has none (yet).
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.request.method} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("response", on_response)
    return errors


def run_axe(page, axe_source):
    """WCAG 2.2 A/AA violations on the page as it is now, one line per node."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"][:5])
        for v in result
    ]


def screenshots_wanted():
    return os.environ.get("SCREENSHOTS") == "1"


def screenshot(page, *parts):
    """A full-page PNG at var/screenshots/<parts>.png with SCREENSHOTS=1; else nothing."""
    if not screenshots_wanted():
        return None
    path = SCREENSHOTS.joinpath(*parts).with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


def sign_in(page, user):
    """Sign ``user`` (made by UserFactory, with its password) in on the admin's login page."""
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery")
    page.locator("[type=submit]").click()
