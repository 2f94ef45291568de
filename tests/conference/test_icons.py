"""The apple-touch icon: a 180 x 180 PNG of the favicon's design, linked from every page
and answered at the site's root, where iOS asks for it."""

import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/apple-touch-icon.png", "/apple-touch-icon-precomposed.png"])
def test_the_icon_is_answered_at_the_root(client, path):
    response = client.get(path)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert response["Cache-Control"] == "public, max-age=86400"
    with open(finders.find("img/apple-touch-icon.png"), "rb") as static:
        assert response.content == static.read()


def test_the_icon_is_the_favicon_drawn_at_180_px():
    with Image.open(finders.find("img/apple-touch-icon.png")) as image:
        image.load()
    # Opaque (iOS shows transparency as black), square corners (iOS rounds them).
    assert (image.format, image.size, image.mode) == ("PNG", (180, 180), "RGB")
    assert image.getpixel((0, 0)) == (0x1B, 0x25, 0x40)  # navy, as favicon.svg
    assert image.getpixel((90, 175)) == (0x7A, 0x1F, 0x2B)  # the claret band
    # White letters in the middle of the navy.
    middle = image.crop((40, 60, 140, 120)).getcolors(maxcolors=256 * 256)
    assert max(middle)[1] in {(0x1B, 0x25, 0x40), (255, 255, 255)}
    assert (255, 255, 255) in {colour for _, colour in middle}


def test_every_page_links_the_icon(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert re.findall(r'<link rel="apple-touch-icon" href="([^"]+)">', page) == [
        "/static/img/apple-touch-icon.png"
    ]
