"""An event's organiser logo and co-host/partner line: validated and re-encoded in the
admin, shown in the masthead, on badges and as og:image; a change reaches cached pages."""

import io
import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conference.models import Event
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.helpers import event_change_data

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generator: a drawing program -->\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def logo_file(size=(120, 40), image_format="PNG", name="logo.png", mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, size, (20, 33, 61, 255) if mode == "RGBA" else "navy").save(
        buffer, image_format
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post_logo(admin_client, event, logo, **overrides):
    fields = {
        "logo_alt_en": "RUSI Japan",
        "partner_line_en": "Co-hosted with the Japan Institute of International Affairs",
        "partner_line_ja": "共催：日本国際問題研究所",
        **overrides,
    }
    data = event_change_data(admin_client, event, **fields)
    data.pop("logo", None)  # the stored file's name, which a browser does not send back
    if logo is not None:
        data["logo"] = logo
    return admin_client.post(reverse("admin:conference_event_change", args=[event.pk]), data)


def logo_errors(response):
    assert response.status_code == 200
    return response.context["adminform"].form.errors.get("logo")


@pytest.fixture
def event_with_logo(admin_client, event):
    response = post_logo(admin_client, event, logo_file())
    assert response.status_code == 302
    event.refresh_from_db()
    return event


# --- validation -----------------------------------------------------------------------


def test_an_svg_logo_is_refused_with_a_message_that_says_why_and_what_to_do(admin_client, event):
    response = post_logo(admin_client, event, SimpleUploadedFile("logo.png", SVG, "image/png"))
    assert logo_errors(response) == [
        "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG "
        "(keeping its transparent background) or WebP and upload that."
    ]
    event.refresh_from_db()
    assert event.logo.name == ""


def _too_big():
    # Random pixels do not compress: 900 x 900 x 3 bytes make a PNG of about 2.4 MB.
    noisy = Image.frombytes("RGB", (900, 900), random.Random(1).randbytes(900 * 900 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue(), "image/png")


def test_after_a_refused_upload_the_preview_shows_what_is_stored(
    admin_client, event, event_with_logo
):
    """Not the refused file's name, a link to nothing (a 404 image)."""
    stored = event_with_logo.logo.url
    refused = post_logo(admin_client, event, _too_big())
    assert logo_errors(refused)
    html = refused.content.decode()
    assert f'<img src="{stored}"' in html
    assert "/media/big.png" not in html

    blank = EventFactory(slug="no-logo-yet")
    refused = post_logo(admin_client, blank, _too_big())
    assert "No logo yet." in refused.content.decode()
    assert "big.png" not in refused.content.decode()


def test_an_svg_is_recognised_by_its_content_whatever_its_name(admin_client, event):
    named_svg = SimpleUploadedFile("logo.svg", b"\xef\xbb\xbf  <svg></svg>", "image/svg+xml")
    assert logo_errors(post_logo(admin_client, event, named_svg)) == [
        "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG "
        "(keeping its transparent background) or WebP and upload that."
    ]


def test_a_gif_logo_is_refused(admin_client, event):
    response = post_logo(admin_client, event, logo_file(image_format="GIF", name="logo.gif"))
    assert logo_errors(response) == [
        "Upload the logo in PNG, JPEG or WebP format (this one is GIF)."
    ]


def test_a_logo_that_is_not_an_image_is_refused(admin_client, event):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not a logo", "image/png")
    assert logo_errors(post_logo(admin_client, event, fake)) == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]


def test_a_logo_over_2_mb_is_refused(admin_client, event):
    # Random pixels do not compress: 900 x 900 x 3 bytes make a PNG of about 2.4 MB.
    noisy = Image.frombytes("RGB", (900, 900), random.Random(1).randbytes(900 * 900 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    big = SimpleUploadedFile("big.png", buffer.getvalue(), "image/png")
    assert logo_errors(post_logo(admin_client, event, big)) == [
        "The logo is 2.3\xa0MB; the largest accepted is 2.0\xa0MB."
    ]


def test_a_logo_with_too_many_pixels_is_refused(admin_client, event):
    huge = logo_file((5000, 4000), mode="RGB")  # a flat colour: a few kilobytes
    assert logo_errors(post_logo(admin_client, event, huge)) == [
        "The logo is 5000 × 4000 pixels; at most 16 million pixels are accepted."
    ]


def test_a_logo_needs_its_text_alternative(admin_client, event):
    response = post_logo(admin_client, event, logo_file(), logo_alt_en="")
    assert logo_errors(response) == [
        "Fill in the logo's text alternative, in English at least (usually the "
        "organisation's name): it is read out in the logo's place to people who cannot "
        "see it."
    ]


def test_a_logo_is_stored_as_a_clean_copy_with_its_size(admin_client, event_with_logo):
    event = event_with_logo
    assert re.fullmatch(rf"events/{event.slug}-logo-[0-9a-f]{{12}}\.png", event.logo.name)
    assert (event.logo_width, event.logo_height) == (120, 40)
    with event.logo.open("rb"), Image.open(event.logo) as stored:
        assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (120, 40))
    assert (event.logo_alt_en, event.partner_line_ja) == ("RUSI Japan", "共催：日本国際問題研究所")


def test_a_replaced_logo_leaves_no_file_behind(
    admin_client, event_with_logo, django_capture_on_commit_callbacks
):
    event = event_with_logo
    first = event.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = post_logo(admin_client, event, logo_file((80, 80), "JPEG", "new.jpg", "RGB"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.logo.name.endswith(".jpg")
    assert not event.logo.storage.exists(first)
    assert event.logo.storage.exists(event.logo.name)


# --- where it shows ---------------------------------------------------------------------


def test_the_masthead_shows_the_logo_and_the_partner_line(client, event_with_logo):
    event = event_with_logo
    page = client.get(event.get_absolute_url()).content.decode()
    assert (
        f'<img class="site-logo" src="/media/{event.logo.name}" alt="RUSI Japan" '
        'width="120" height="40">'
    ) in page
    assert (
        '<p class="site-partner">Co-hosted with the Japan Institute of International Affairs</p>'
    ) in page
    japanese = client.get("/ja" + event.get_absolute_url()).content.decode()
    assert '<p class="site-partner">共催：日本国際問題研究所</p>' in japanese


def test_without_logo_or_partner_line_the_masthead_has_neither(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert "site-logo" not in page
    assert "site-partner" not in page
    assert 'property="og:image"' not in page


@pytest.mark.parametrize("name", ["conference:event", "conference:agenda", "conference:speakers"])
def test_event_pages_share_the_logo_as_og_image(client, event_with_logo, name):
    event = event_with_logo
    page = client.get(reverse(name, kwargs={"event_slug": event.slug})).content.decode()
    assert re.findall(r'<meta property="og:image(?::alt)?" content="([^"]*)">', page) == [
        f"http://testserver/media/{event.logo.name}",
        "RUSI Japan",
    ]


def test_badges_carry_the_logo_and_the_partner_line(client, event_with_logo):
    event = event_with_logo
    RegistrationFactory(event=event, status="confirmed")
    client.force_login(UserFactory(groups=["Organisers"]))
    page = client.get(reverse("staff:badges", kwargs={"event_slug": event.slug})).content.decode()
    assert page.count('<div class="name-badge name-badge--footer">') == 1
    assert (
        f'<p class="badge-footer"><img class="badge-logo" src="/media/{event.logo.name}" '
        'alt="RUSI Japan" width="120" height="40"><span class="badge-partner badge-partner-long">'
        "Co-hosted with the Japan Institute of International Affairs</span></p>"
    ) in page  # 60 letters beside a logo: two smaller lines (tests/browser/test_print.py)
    event.partner_line_en = "Co-hosted with JIIA"
    event.save()
    page = client.get(reverse("staff:badges", kwargs={"event_slug": event.slug})).content.decode()
    assert '<span class="badge-partner">Co-hosted with JIIA</span>' in page


def test_badges_without_logo_or_partner_line_keep_their_rows(client, event):
    RegistrationFactory(event=event, status="confirmed")
    client.force_login(UserFactory(groups=["Organisers"]))
    page = client.get(reverse("staff:badges", kwargs={"event_slug": event.slug})).content.decode()
    assert page.count('<div class="name-badge">') == 1
    assert "badge-footer" not in page


def test_a_new_logo_reaches_the_cached_page(admin_client, client, event_with_logo):
    event = event_with_logo
    first = client.get(event.get_absolute_url())
    assert client.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    response = post_logo(admin_client, event, logo_file((60, 60), "WEBP", "new.webp", "RGB"))
    assert response.status_code == 302
    event.refresh_from_db()
    again = client.get(event.get_absolute_url())
    assert again.content != first.content
    assert f'src="/media/{event.logo.name}"' in again.content.decode()
    assert event.logo.name.endswith(".webp")


def test_clearing_the_logo_takes_it_off_the_cached_page(admin_client, client, event_with_logo):
    event = event_with_logo
    assert "site-logo" in client.get(event.get_absolute_url()).content.decode()
    response = post_logo(admin_client, event, None, **{"logo-clear": "on"})
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).logo.name == ""
    assert "site-logo" not in client.get(event.get_absolute_url()).content.decode()


def test_the_refusals_are_translated_for_japanese_organisers():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from conference.validators import validate_logo

    with translation.override("ja"), pytest.raises(ValidationError) as refused:
        validate_logo(SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"))
    with translation.override("ja"):
        assert refused.value.messages == [
            "SVG形式のロゴは受け付けていません（SVGファイルにはスクリプトを含めることができるため"
            "です）。ロゴをPNG形式（透明な背景のまま）またはWebP形式で書き出して、"
            "アップロードしてください。"
        ]


def test_deleting_an_event_deletes_its_logo_file(
    admin_client, event_with_logo, django_capture_on_commit_callbacks
):
    event = event_with_logo
    name, storage = event.logo.name, event.logo.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:conference_event_delete", args=[event.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not storage.exists(name)


def test_a_speakers_page_shares_the_speakers_photo_not_the_logo(client, event_with_logo):
    from tests.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

    session = SessionFactory(event=event_with_logo)
    pictured = SpeakerFactory(slug="pictured", photo=logo_file((300, 300), "JPEG", "p.jpg", "RGB"))
    plain = SpeakerFactory(slug="plain")
    for speaker in (pictured, plain):
        SessionRoleFactory(session=session, speaker=speaker, is_confirmed=True)
    og = r'<meta property="og:image(?::alt)?" content="([^"]*)">'

    page = client.get(reverse("conference:speaker", kwargs={"speaker_slug": "pictured"}))
    [image] = re.findall(og, page.content.decode())
    thumbnail = r"http://testserver/media/speakers/thumbnails/pictured-[0-9a-f]{12}-[0-9a-f]{10}"
    assert re.fullmatch(thumbnail + r"-400\.webp", image)
    page = client.get(reverse("conference:speaker", kwargs={"speaker_slug": "plain"}))
    assert re.findall(og, page.content.decode()) == []
