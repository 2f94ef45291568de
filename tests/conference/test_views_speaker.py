import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import EventFactory, SessionFactory, SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def jpeg(width=1200, height=900):
    out = BytesIO()
    Image.new("RGB", (width, height), (120, 40, 50)).save(out, "JPEG")
    return SimpleUploadedFile("portrait.jpg", out.getvalue(), content_type="image/jpeg")


def test_speaker_page_in_both_languages(client, demo):
    english = client.get("/speakers/itsunori-onodera/").content.decode()
    japanese = client.get("/ja/speakers/itsunori-onodera/").content.decode()

    assert "<h1>Mr ONODERA Itsunori MP</h1>" in english
    assert '<p class="speaker-alt-name lead" lang="ja">小野寺五典</p>' in english
    assert "former Minister of Defence, closely" in english
    assert "Opening keynote: a strategic partnership for a new era" in english
    assert "<h1>小野寺五典</h1>" in japanese
    assert "元防衛大臣として" in japanese
    assert "基調講演：新しい時代の戦略的パートナーシップ" in japanese
    # Each edition's dates and each appearance, punctuated as the language writes them.
    assert '3rd UK-Japan Security Dialogue <span class="event-dates">(1–2 November 2016)' in (
        english
    )
    assert "— Keynote speaker, Tuesday 1 November 2016, 09:15–10:00 JST</span>" in english
    assert '第3回 日英安全保障対話<span class="event-dates">（2016年11月1日（火）〜2日（水））' in (
        japanese
    )
    assert 'パートナーシップ</a><span class="text-body-secondary">：基調講演者、' in japanese
    assert "：基調講演者、2016年11月1日（火）、09:15–10:00 JST</span>" in japanese


def test_speaker_page_lists_sessions_across_editions(client):
    speaker = SpeakerFactory(slug="umio-otsuka")
    for year, title in [(2016, "Maritime panel"), (2017, "Naval roundtable")]:
        event = EventFactory(name=f"Dialogue {year}")
        SessionRoleFactory(speaker=speaker, session=SessionFactory(event=event, title=title))
    hidden = EventFactory(name="Draft dialogue", is_published=False)
    SessionRoleFactory(speaker=speaker, session=SessionFactory(event=hidden, title="Draft"))

    html = client.get("/speakers/umio-otsuka/").content.decode()

    assert "Maritime panel" in html and "Naval roundtable" in html
    assert "Draft" not in html


def test_unpublished_speaker_is_404_and_previewable(client):
    SpeakerFactory(slug="hidden", is_published=False)

    assert client.get("/speakers/hidden/").status_code == 404

    from conference.roles import ensure_staff_groups
    from tests.factories import UserFactory

    ensure_staff_groups()
    client.force_login(UserFactory(groups=["Organisers"]))
    assert client.get("/speakers/hidden/").status_code == 200


def test_event_staff_preview_speakers_of_their_events_only(client):
    from conference.roles import ensure_staff_groups
    from tests.factories import EventFactory, SessionFactory, SessionRoleFactory, UserFactory

    ensure_staff_groups()
    theirs = SessionFactory(event=EventFactory(), title="Their panel")
    other = SessionFactory(event=EventFactory(), title="Another panel")
    mine = SpeakerFactory(slug="mine", is_published=False)
    stranger = SpeakerFactory(slug="stranger", is_published=False)
    SessionRoleFactory(speaker=mine, session=theirs, is_confirmed=False)
    SessionRoleFactory(speaker=mine, session=other, is_confirmed=False)
    SessionRoleFactory(speaker=stranger, session=other, is_confirmed=False)
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[theirs.event]))

    html = client.get("/speakers/mine/").content.decode()
    # Their own event's unconfirmed appearance is previewed; the other event's is not.
    assert "Their panel" in html and "Another panel" not in html
    assert client.get("/speakers/stranger/").status_code == 404


def test_biography_with_a_script_is_neutralised(client):
    SpeakerFactory(
        slug="mallory",
        biography=(
            "Works on *maritime* security. <script>alert('x')</script>\n\n"
            '<img src=x onerror="alert(1)"> [Profile](javascript:alert(2)) '
            "[RUSI](https://rusi.org)"
        ),
    )

    html = client.get("/speakers/mallory/").content.decode()

    assert "<script>alert" not in html
    assert "alert('x')" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<em>maritime</em>" in html
    assert '<a href="https://rusi.org" rel="noopener noreferrer nofollow">RUSI</a>' in html


def test_photo_is_served_as_a_400px_webp_thumbnail_made_once(client, settings):
    speaker = SpeakerFactory(slug="umio-otsuka", photo=jpeg())
    SessionRoleFactory(speaker=speaker)

    html = client.get("/speakers/umio-otsuka/").content.decode()
    cache.clear()
    client.get(f"/{speaker.roles.get().session.event.slug}/speakers/")

    thumbnails = list((settings.MEDIA_ROOT / "speakers" / "thumbnails").iterdir())
    assert len(thumbnails) == 1
    assert f"/media/speakers/thumbnails/{thumbnails[0].name}" in html
    assert speaker.photo.url not in html
    with Image.open(thumbnails[0]) as image:
        assert (image.format, image.size) == ("WEBP", (400, 400))
    assert 'alt="Admiral ' in html


def test_a_speakers_email_never_reaches_a_public_page(client):
    speaker = SpeakerFactory(email="private.address@example.org", is_published=True)
    role = SessionRoleFactory(speaker=speaker, is_confirmed=True)
    event = role.session.event
    pages = [
        reverse("conference:speaker", kwargs={"speaker_slug": speaker.slug}),
        reverse("conference:speakers", kwargs={"event_slug": event.slug}),
        reverse("conference:event", kwargs={"event_slug": event.slug}),
        reverse("conference:agenda", kwargs={"event_slug": event.slug}),
        reverse("conference:agenda_ics", kwargs={"event_slug": event.slug}),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"private.address" not in response.content, url


def test_a_photo_replaces_the_monogram_on_every_speaker_card(client):
    """The event's speakers page and its home page show a speaker's photo where one was
    uploaded, and the monogram (initials) only where none was."""
    with_photo = SpeakerFactory(given_name="Umio", family_name="Otsuka", photo=jpeg())
    without = SpeakerFactory(given_name="Shigeo", family_name="Yoneda")
    session = SessionFactory()
    SessionRoleFactory(session=session, speaker=with_photo, is_confirmed=True)
    SessionRoleFactory(session=session, speaker=without, is_confirmed=True)
    slug = {"event_slug": session.event.slug}
    for url in (
        reverse("conference:speakers", kwargs=slug),
        reverse("conference:event", kwargs=slug),
    ):
        html = client.get(url).content.decode()
        photos = re.findall(r'<img class="speaker-photo" src="([^"]+)" alt="([^"]+)"', html)
        assert [(src.split("/")[-2], alt) for src, alt in photos] == [
            ("thumbnails", with_photo.display_name)
        ], url
        assert re.findall(r'<span class="speaker-photo speaker-photo--none"[^>]*>(\w+)<', html) == [
            "SY"
        ], url
