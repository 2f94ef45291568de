"""Speaker photos are stored as Pillow's clean re-encoding, never as uploaded."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from speakers.images import reencode_photo
from speakers.models import Speaker

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def photo_with_exif(image_format="JPEG", size=(40, 30), orientation=1):
    exif = Image.Exif()
    exif[MAKE] = "ShutterCo"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD)[2] = (35.0, 40.0, 12.0)  # latitude: near the venue
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, image_format, exif=exif.tobytes())
    return buffer.getvalue()


def upload(admin_client, content, name):
    return admin_client.post(
        reverse("admin:speakers_speaker_add"),
        {
            "given_name": "Umio",
            "family_name": "Otsuka",
            "slug": "umio-otsuka",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "photo": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_uploaded_photo_is_stored_without_exif(admin_client, image_format):
    original = photo_with_exif(image_format)
    assert b"ShutterCo" in original
    response = upload(admin_client, original, f"portrait.{image_format.lower()}")
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    stored = speaker.photo.read()
    assert b"ShutterCo" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == image_format
        assert dict(image.getexif()) == {}


def test_stored_name_follows_the_format_pillow_found_not_the_uploaded_name(admin_client):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    upload(admin_client, buffer.getvalue(), "portrait.jpg")
    assert re.fullmatch(r"speakers/umio-otsuka-[0-9a-f]{12}\.png", Speaker.objects.get().photo.name)


def test_rotation_from_exif_is_kept_in_the_pixels():
    # Orientation 6: the camera was turned; the clean copy is turned for real.
    clean = reencode_photo(io.BytesIO(photo_with_exif(size=(40, 30), orientation=6)))
    with Image.open(clean) as image:
        assert image.size == (30, 40)
