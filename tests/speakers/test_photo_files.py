"""Damaged uploads are refused with a message; phone pictures (MPO) are kept as JPEG;
a photo's files leave storage when the photo is replaced, cleared or its speaker deleted."""

import io
import random
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from speakers.models import Speaker
from speakers.thumbnails import thumbnail_url
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

DAMAGED = (
    "The photo could not be read to the end: the file is incomplete or damaged. "
    "Save or export it again and upload the new file."
)


def noisy(image_format, size=(120, 90), seed=1):
    """Random pixels: a file whose every byte matters."""
    pixels = random.Random(seed).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, image_format)
    return buffer.getvalue()


def corrupt_png_pixels(data):
    """The PNG with its compressed pixels scrambled but every chunk's checksum right:
    it opens and passes Pillow's ``verify()``, and fails only when decoded."""
    data = bytearray(data)
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8 : start - 4])[0]
    data[start + 10 : start + length] = bytes(
        byte ^ 0x5A for byte in data[start + 10 : start + length]
    )
    crc = zlib.crc32(bytes(data[start - 4 : start + length]))
    data[start + length : start + length + 4] = struct.pack(">I", crc)
    return bytes(data)


def mpo(first="navy", second="red", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, first).save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", size, second)]
    )
    return buffer.getvalue()


def form_data(speaker=None, **overrides):
    data = {
        "honorific_en": "Admiral",
        "given_name": "Umio",
        "family_name": "Otsuka",
        "slug": speaker.slug if speaker else "umio-otsuka",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cut.jpg", noisy("JPEG")[:-400]),  # opens and verifies; fails in exif_transpose
        ("cut.png", noisy("PNG")[: len(noisy("PNG")) // 2]),
        ("scrambled.png", corrupt_png_pixels(noisy("PNG"))),
    ],
)
def test_a_damaged_photo_is_refused_with_a_message_on_add(admin_client, name, content):
    response = admin_client.post(
        reverse("admin:speakers_speaker_add"), form_data(photo=upload(name, content))
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["photo"]
    if name == "cut.png":
        # Pillow's verify() catches this one already, inside Django's ImageField.
        assert errors == [
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image."
        ]
    else:
        assert errors == [DAMAGED]
    assert not Speaker.objects.exists()
    assert not default_storage.exists("speakers")


def test_a_damaged_photo_is_refused_on_change_and_the_old_one_kept(
    admin_client, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(photo=SimpleUploadedFile("old.jpg", noisy("JPEG")))
    old = speaker.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:speakers_speaker_change", args=[speaker.pk]),
            form_data(speaker, photo=upload("cut.jpg", noisy("JPEG", seed=2)[:-400])),
        )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == [DAMAGED]
    speaker.refresh_from_db()
    assert speaker.photo.name == old
    assert default_storage.exists(old)


def test_a_multi_picture_jpeg_is_stored_as_a_jpeg_of_its_first_picture(admin_client):
    response = admin_client.post(
        reverse("admin:speakers_speaker_add"), form_data(photo=upload("phone.jpg", mpo()))
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert speaker.photo.name.endswith(".jpg")
    with Image.open(speaker.photo) as stored:
        assert (stored.format, stored.size, getattr(stored, "n_frames", 1)) == (
            "JPEG",
            (40, 30),
            1,
        )
        red, _green, blue = stored.convert("RGB").getpixel((20, 15))
    assert blue > 100 and red < 40  # navy, the first picture, not the red second one


def files_in_storage():
    folders, files = default_storage.listdir("speakers")
    thumbnails = default_storage.listdir("speakers/thumbnails")[1] if folders else []
    return sorted(files), sorted(thumbnails)


@pytest.fixture
def speaker_with_thumbnail():
    speaker = SpeakerFactory(photo=SimpleUploadedFile("first.jpg", noisy("JPEG")))
    assert thumbnail_url(speaker)
    files, thumbnails = files_in_storage()
    assert (len(files), len(thumbnails)) == (1, 1)
    return speaker


def test_a_replaced_photo_leaves_no_file_behind(
    admin_client, speaker_with_thumbnail, django_capture_on_commit_callbacks
):
    speaker = speaker_with_thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:speakers_speaker_change", args=[speaker.pk]),
            form_data(speaker, photo=upload("second.png", noisy("PNG", seed=3))),
        )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name.endswith(".png")
    assert files_in_storage() == ([speaker.photo.name.split("/")[-1]], [])


def test_a_cleared_photo_leaves_no_file_behind(
    admin_client, speaker_with_thumbnail, django_capture_on_commit_callbacks
):
    speaker = speaker_with_thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:speakers_speaker_change", args=[speaker.pk]),
            form_data(speaker, **{"photo-clear": "on"}),
        )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name == ""
    assert files_in_storage() == ([], [])


def test_saving_without_a_new_photo_keeps_the_files(
    admin_client, speaker_with_thumbnail, django_capture_on_commit_callbacks
):
    speaker = speaker_with_thumbnail
    before = files_in_storage()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:speakers_speaker_change", args=[speaker.pk]),
            form_data(speaker, family_name="Otsuka-Smith"),
        )
    speaker.refresh_from_db()
    assert speaker.family_name == "Otsuka-Smith"
    assert files_in_storage() == before


def test_deleting_a_speaker_deletes_their_files(
    admin_client, speaker_with_thumbnail, django_capture_on_commit_callbacks
):
    speaker = speaker_with_thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:speakers_speaker_delete", args=[speaker.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Speaker.objects.exists()
    assert files_in_storage() == ([], [])


def test_deleting_speakers_from_the_list_deletes_their_files(
    admin_client, speaker_with_thumbnail, django_capture_on_commit_callbacks
):
    other = SpeakerFactory(photo=SimpleUploadedFile("other.jpg", noisy("JPEG", seed=4)))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:speakers_speaker_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [speaker_with_thumbnail.pk, other.pk],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not Speaker.objects.exists()
    assert files_in_storage() == ([], [])
