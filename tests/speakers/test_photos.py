import io
import random
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from speakers.models import Speaker
from speakers.validators import validate_photo
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def image_file(size=(40, 30), image_format="JPEG", name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def speaker_form_data(**overrides):
    data = {
        "honorific_en": "Admiral",
        "given_name": "Umio",
        "family_name": "Otsuka",
        "slug": "umio-otsuka",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def post_speaker(client, photo):
    return client.post(
        reverse("admin:speakers_speaker_add"), {**speaker_form_data(), "photo": photo}
    )


def test_display_name_keeps_rank_and_post_nominals():
    speaker = SpeakerFactory.build(
        honorific="Mr", given_name="Itsunori", family_name="Onodera", post_nominals="MP"
    )
    assert speaker.display_name == "Mr Itsunori Onodera MP"


def test_admin_accepts_a_jpeg_photo(admin_client):
    response = post_speaker(admin_client, image_file())
    assert response.status_code == 302
    speaker = Speaker.objects.get(slug="umio-otsuka")
    # A random part keeps an unpublished speaker's photo from being guessed.
    assert re.fullmatch(r"speakers/umio-otsuka-[0-9a-f]{12}\.jpg", speaker.photo.name)
    with Image.open(speaker.photo) as stored:
        assert stored.size == (40, 30)


def test_admin_refuses_a_file_that_is_not_an_image(admin_client):
    fake = SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = post_speaker(admin_client, fake)
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Speaker.objects.exists()


def test_admin_refuses_a_photo_with_too_many_pixels(admin_client):
    # A flat colour compresses to a few kilobytes however many pixels it has.
    response = post_speaker(admin_client, image_file((6000, 5000), "PNG", "huge.png"))
    assert response.status_code == 200
    assert "The photo is 6000 × 5000 pixels; at most 25 million pixels are accepted." in (
        response.content.decode()
    )
    assert not Speaker.objects.exists()


def png_claiming(width, height):
    """A tiny PNG whose header claims huge dimensions: a decompression bomb's shape."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data[12:29]  # chunk type + 13 data bytes
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def test_admin_refuses_a_decompression_bomb(admin_client):
    # 100000 x 100000 is far beyond Pillow's own limit: it refuses to open it at all.
    bomb = SimpleUploadedFile("bomb.png", png_claiming(100_000, 100_000), "image/png")
    response = post_speaker(admin_client, bomb)
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    assert not Speaker.objects.exists()


def test_validator_refuses_a_header_claiming_too_many_pixels():
    with pytest.raises(ValidationError) as excinfo:
        validate_photo(SimpleUploadedFile("x.png", png_claiming(9000, 9000), "image/png"))
    assert excinfo.value.code == "photo_too_many_pixels"


def test_admin_refuses_an_oversized_file(admin_client, settings):
    # Random pixels do not compress: 1500 x 1500 x 3 bytes make a PNG of about 6.8 MB.
    noisy = Image.frombytes("RGB", (1500, 1500), random.Random(1).randbytes(1500 * 1500 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    big = buffer.getvalue()
    assert len(big) > 5 * 1024 * 1024
    response = post_speaker(admin_client, SimpleUploadedFile("big.png", big, "image/png"))
    assert response.status_code == 200
    assert "the largest accepted is 5.0\xa0MB" in response.content.decode()
    assert not Speaker.objects.exists()


def test_admin_refuses_a_gif(admin_client):
    response = post_speaker(admin_client, image_file(image_format="GIF", name="anim.gif"))
    assert response.status_code == 200
    assert "Upload a photo in JPEG, PNG or WebP format (this one is GIF)." in (
        response.content.decode()
    )
