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


# The focus indicator of the element that has focus: its outline (every focusable
# control draws one: static/css/site.css), its width and the colour behind it, i.e.
# the first opaque background among its ancestors (the ring sits outside the control).
_FOCUS_RING_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
    const style = getComputedStyle(el);
    let node = el.parentElement, behind = [255, 255, 255, 1];
    while (node) {
        const bg = rgb(getComputedStyle(node).backgroundColor);
        if (bg.length === 4 ? bg[3] > 0.5 : bg.length === 3) { behind = bg; break; }
        node = node.parentElement;
    }
    const label = (el.id ? '#' + el.id : el.tagName.toLowerCase())
        + ' ' + (el.innerText || el.value || el.name || '').trim().slice(0, 30);
    return {
        label, style: style.outlineStyle, width: parseFloat(style.outlineWidth),
        colour: rgb(style.outlineColor), behind: behind.slice(0, 3),
        visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length),
    };
}"""


def _luminance(rgb):
    def channel(value):
        value = value / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second):
    """The WCAG contrast ratio of two sRGB colours, e.g. 21.0 for black on white."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_problems(page, *, limit=80):
    """Tab through ``page`` from the top; each stop whose focus indicator is thinner
    than 2 px or under 3:1 against what surrounds it, as 'label: why'. Also returns
    how many stops were visited, so a test can say the walk did reach the controls."""
    # Start from the top, whatever the page focused itself (the check-in search does).
    page.evaluate(
        """() => { const body = document.body; body.tabIndex = -1; body.focus();
                   body.removeAttribute('tabindex'); }"""
    )
    problems, seen = [], []
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(_FOCUS_RING_JS)
        if ring is None or (seen and ring["label"] == seen[0]):
            break
        if not ring["visible"]:
            continue
        seen.append(ring["label"])
        ratio = contrast(ring["colour"], ring["behind"]) if len(ring["colour"]) >= 3 else 0
        if ring["style"] == "none" or ring["width"] < 2 or ratio < 3:
            problems.append(
                f"{ring['label']}: outline {ring['style']} {ring['width']}px, {ratio:.2f}:1"
            )
    return problems, len(seen)


def give_logo(event, *, size=(640, 160), partner_en=None, partner_ja=None):
    """Give ``event`` a wide organiser's logo (stored as the admin stores it) and, if
    asked, a partner line: the masthead and the badges then carry both."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from conference.services import save_event

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([4, 4, size[0] - 5, size[1] - 5], fill=(122, 31, 43, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    event.logo = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    event.logo_alt_en, event.logo_alt_ja = "Example organiser", "主催団体の例"
    if partner_en is not None:
        event.partner_line_en = partner_en
    if partner_ja is not None:
        event.partner_line_ja = partner_ja
    return save_event(event=event, logo_changed=True)


def serve_media(page):
    """Answer /media/ from MEDIA_ROOT: the live server serves no uploads with DEBUG off
    (nginx does in production)."""
    from django.conf import settings

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL.strip("/") + "/", 1)[1]
        route.fulfill(path=str(Path(settings.MEDIA_ROOT) / name))

    page.route("**/media/**", fulfil)
