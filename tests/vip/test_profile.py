"""The speaker corrects their profile: at once, or after an organiser's review."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from speakers.models import Speaker
from tests.html_forms import form_data
from vip import emails, services
from vip.models import SpeakerProfileRevision, VipSettings

pytestmark = pytest.mark.django_db


def photo_with_gps(name="me.jpg"):
    """A JPEG carrying EXIF with a GPS position, as a phone writes it."""
    image = Image.new("RGB", (60, 80), "teal")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(0x8825)[2] = (35.0, 40.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def profile(speaker, **changes):
    data = {name: getattr(speaker, name) or "" for name in services.PROFILE_FIELDS}
    data.update(changes)
    return data


def post_profile(client, invitation, data, **files):
    return client.post(emails.speaker_path(invitation) + "profile/", {**data, **files})


def public_profile(speaker) -> str:
    path = reverse("conference:speaker", kwargs={"speaker_slug": speaker.slug})
    return Client().get(path).content.decode()


def review_on(event):
    VipSettings.objects.create(event=event, review_speaker_changes=True)


def test_without_review_the_changes_are_public_at_once(
    client, invitation, speaker, django_capture_on_commit_callbacks
):
    assert "Chief of the Air Staff" not in public_profile(speaker)  # cached now
    mail.outbox.clear()
    data = profile(
        speaker,
        position_en="Chief of the Air Staff (retired)",
        honorific_ja="空軍大将",
        biography_en="Served **40 years**.<script>alert(1)</script>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_profile(client, invitation, data)

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.position_en, speaker.honorific_ja) == (
        "Chief of the Air Staff (retired)",
        "空軍大将",
    )
    page = public_profile(speaker)
    assert "Chief of the Air Staff (retired)" in page
    assert "<strong>40 years</strong>" in page
    assert "<script>alert(1)" not in page  # the same sanitising as organisers' Markdown
    assert [message.subject for message in mail.outbox] == [
        f"Air Chief Marshal Sir Stephen Hillier changed their profile: {invitation.event}"
    ]
    assert not SpeakerProfileRevision.objects.exists()


def test_with_review_nothing_goes_public_until_an_organiser_approves(
    client, invitation, speaker, event, organiser, django_capture_on_commit_callbacks
):
    review_on(event)
    mail.outbox.clear()
    data = profile(
        speaker, position_en="Senior Fellow", organisation_ja="英国王立防衛安全保障研究所"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_profile(client, invitation, data, new_photo=photo_with_gps())

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.position_en or "", speaker.organisation_ja or "", speaker.photo.name) == (
        "",
        "",
        "",
    )
    assert "Senior Fellow" not in public_profile(speaker)
    revision = SpeakerProfileRevision.objects.get()
    assert revision.status == "pending"
    assert revision.changes == {
        "position_en": "Senior Fellow",
        "organisation_ja": "英国王立防衛安全保障研究所",
    }
    assert revision.photo.name.startswith("speakers/pending/")
    [notice] = mail.outbox
    assert notice.subject == (
        f"Air Chief Marshal Sir Stephen Hillier sent profile changes for review: {event}"
    )
    assert f"/admin/vip/speakerprofilerevision/{revision.pk}/change/" in notice.body
    # The speaker sees what they sent, and that it waits.
    page = client.get(emails.speaker_path(invitation)).content.decode()
    assert "are waiting for the organisers' review" in page
    assert 'value="Senior Fellow"' in page

    # The organiser reviews the difference and approves.
    client.force_login(organiser)
    change = reverse("admin:vip_speakerprofilerevision_change", args=[revision.pk])
    review = client.get(change).content.decode()
    assert "<ins>Senior Fellow</ins>" in review
    assert "<ins>英国王立防衛安全保障研究所</ins>" in review
    pending_photo = revision.photo.name
    storage = revision.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change, {**form_data(review, submit="_approve"), "_approve": "1"}, follow=True
        )
    # One message, the service's (not also Django's "… was changed successfully").
    assert [str(m) for m in response.context["messages"]] == [
        "Approved: the changes are on the site now."
    ]
    assert response.redirect_chain == [("/admin/vip/speakerprofilerevision/", 302)]

    speaker.refresh_from_db()
    revision.refresh_from_db()
    assert (speaker.position_en, speaker.organisation_ja) == (
        "Senior Fellow",
        "英国王立防衛安全保障研究所",
    )
    assert (revision.status, revision.reviewed_by, revision.photo.name) == (
        "approved",
        organiser,
        "",
    )
    assert "Senior Fellow" in public_profile(speaker)
    assert speaker.photo.name.startswith(f"speakers/{speaker.slug}-")
    assert not storage.exists(pending_photo)
    with Image.open(speaker.photo) as stored:
        assert stored.size == (60, 80)
        assert dict(stored.getexif()) == {}  # camera and GPS position left behind


def test_a_rejected_change_leaves_the_profile_as_it_was(
    client, invitation, speaker, event, organiser, django_capture_on_commit_callbacks
):
    review_on(event)
    post_profile(
        client, invitation, profile(speaker, family_name="Hillyer"), new_photo=photo_with_gps()
    )
    revision = SpeakerProfileRevision.objects.get()
    pending_photo, storage = revision.photo.name, revision.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_revision(revision=revision, by=organiser, note="Spelling is right as it is")

    speaker.refresh_from_db()
    revision.refresh_from_db()
    assert (speaker.family_name, speaker.photo.name) == ("Hillier", "")
    assert (revision.status, revision.review_note) == ("rejected", "Spelling is right as it is")
    assert not storage.exists(pending_photo)


def test_a_further_change_replaces_the_one_waiting(client, invitation, speaker, event):
    review_on(event)
    post_profile(client, invitation, profile(speaker, position_en="Fellow"))
    post_profile(client, invitation, profile(speaker, position_en="Senior Fellow"))
    assert list(SpeakerProfileRevision.objects.values_list("status", "changes")) == [
        ("pending", {"position_en": "Senior Fellow"})
    ]
    # Putting everything back leaves nothing to review.
    post_profile(client, invitation, profile(speaker))
    assert not SpeakerProfileRevision.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_with_a_message(client, invitation, speaker):
    fake = SimpleUploadedFile("me.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = post_profile(client, invitation, profile(speaker), new_photo=fake)
    assert response.status_code == 400
    assert response.context["profile_form"].errors == {
        "new_photo": [
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image."
        ]
    }
    speaker.refresh_from_db()
    assert speaker.photo.name == ""


def test_names_keep_the_plain_text_rule(client, invitation, speaker):
    response = post_profile(client, invitation, profile(speaker, family_name="Hil\u202elier"))
    assert response.status_code == 400
    assert list(response.context["profile_form"].errors) == ["family_name"]
    assert Speaker.objects.get(pk=speaker.pk).family_name == "Hillier"


def test_without_review_a_new_photo_is_stored_re_encoded(client, invitation, speaker):
    response = post_profile(client, invitation, profile(speaker), new_photo=photo_with_gps())
    assert response.status_code == 302
    speaker.refresh_from_db()
    with Image.open(speaker.photo) as stored:
        assert (stored.format, dict(stored.getexif())) == ("JPEG", {})
