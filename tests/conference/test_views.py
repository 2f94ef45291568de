import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from conference.models import Event, Session
from tests.factories import (
    EventFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    user = UserFactory(groups=["Organisers"])
    client.force_login(user)
    return user


def text(response):
    """The page's text as a reader meets it: tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|span|time|em|strong|abbr)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_root_redirects_to_latest_published_event(client):
    EventFactory(slug="tokyo-2016", start_date=tokyo_date(2016))
    EventFactory(slug="london-2017", start_date=tokyo_date(2017), end_date=tokyo_date(2017))
    EventFactory(
        slug="draft-2018", start_date=tokyo_date(2018), end_date=tokyo_date(2018),
        is_published=False,
    )  # fmt: skip

    assert client.get("/")["Location"] == "/london-2017/"
    assert client.get("/ja/")["Location"] == "/ja/london-2017/"


def tokyo_date(year):
    from datetime import date

    return date(year, 11, 1)


def test_events_archive_lists_published_editions(client):
    EventFactory(name="3rd UK-Japan Security Dialogue", slug="tokyo-2016")
    EventFactory(name="Draft edition", is_published=False)

    response = client.get("/events/")

    assert response.status_code == 200
    assert "Archive" in text(response)
    assert "3rd UK-Japan Security Dialogue 1–2 November 2016" in text(response)
    assert "Draft edition" not in text(response)


def test_event_home_in_english(client, clock, demo):
    # In October 2016, when the 2016 edition was taking sign-ups.
    response = client.get("/tokyo-2016/")

    page = text(response)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "<h1>3rd UK-Japan Security Dialogue</h1>" in response.content.decode()
    assert "1–2 November 2016" in page
    assert "First Members' Building of the House of Representatives" in page
    assert "Joint defence equipment initiatives" in page
    assert "Air Chief Marshal Sir Stephen Hillier" in page
    assert "Registration is open. Places are confirmed by the organisers." in page
    assert 'href="/tokyo-2016/register/"' in response.content.decode()


def test_event_home_in_japanese(client, demo):
    response = client.get("/ja/tokyo-2016/")

    page = text(response)
    assert '<html lang="ja">' in response.content.decode()
    assert "第3回 日英安全保障対話" in page
    assert "2016年11月1日（火）〜2日（水）" in page
    assert "衆議院第一議員会館" in page
    assert "防衛装備品の共同開発" in page
    assert "スティーブン・ヒリアー 空軍大将" in page
    assert "参加登録" in page
    assert 'href="/ja/tokyo-2016/register/"' in response.content.decode()


def test_event_home_hides_contact_email_from_bots(client, demo):
    response = client.get("/tokyo-2016/")

    html = response.content.decode()
    assert "japan-dialogue@example.org" not in html
    assert "mailto:" not in html
    assert "japan-dialogue [at] example.org" in text(response)


def test_event_home_carries_schema_org_event(client, demo):
    response = client.get("/tokyo-2016/")

    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(block.group(1))
    assert data["@type"] == "Event"
    assert (data["startDate"], data["endDate"]) == ("2016-11-01", "2016-11-02")
    assert data["location"]["address"]["addressLocality"] == "Tokyo"
    assert data["organizer"]["name"] == "RUSI Japan"


def test_event_home_has_title_description_and_open_graph(client, demo):
    html = client.get("/tokyo-2016/").content.decode()

    assert "<title>3rd UK-Japan Security Dialogue</title>" in html
    assert '<meta name="description" content="Two days in Tokyo' in html
    assert '<meta property="og:title" content="3rd UK-Japan Security Dialogue">' in html
    assert '<meta property="og:locale" content="en_GB">' in html


@pytest.mark.parametrize(
    ("opens", "closes", "mode", "expected"),
    [
        (None, None, Event.RegistrationMode.OPEN, "Registration is not open yet."),
        (+2, None, Event.RegistrationMode.OPEN, "Registration opens on"),
        (-2, -1, Event.RegistrationMode.OPEN, "Registration is closed."),
        (-2, None, Event.RegistrationMode.OPEN, "Registration is open."),
        (-2, None, Event.RegistrationMode.INVITATION, "Attendance is by invitation only."),
    ],
)
def test_event_home_shows_registration_state(client, clock, opens, closes, mode, expected):
    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now + timedelta(days=opens) if opens is not None else None,
        registration_closes_at=now + timedelta(days=closes) if closes is not None else None,
        registration_mode=mode,
    )

    page = text(client.get(f"/{event.slug}/"))

    assert expected in page


def test_event_home_caches_only_until_registration_opens(client, clock):
    event = EventFactory(registration_opens_at=timezone.now() + timedelta(seconds=1))

    client.get(f"/{event.slug}/")
    response = client.get(f"/{event.slug}/")

    # One second later the page must say "open": it is never kept that long.
    assert response["X-Page-Cache"] == "miss"


def test_agenda_groups_sessions_by_day_with_event_times(client, demo):
    response = client.get("/tokyo-2016/agenda/")

    page = text(response)
    assert response.status_code == 200
    assert "Day 1: Tuesday 1 November 2016" in page
    assert "Day 2: Wednesday 2 November 2016" in page
    assert page.index("Day 1") < page.index("Registration and coffee") < page.index("Day 2")
    # "Opening keynote: …" says the type: the row does not say "Keynote" again.
    assert (
        "09:15–10:00 JST Opening keynote: a strategic partnership for a new era On the record "
        "Keynote speaker: Mr ONODERA Itsunori MP"
    ) in page
    assert "Chatham House Rule" in page
    assert "All times are local time, JST (UTC+09:00)." in page


def test_agenda_in_japanese(client, demo):
    response = client.get("/ja/tokyo-2016/agenda/")

    page = text(response)
    assert "1日目：2016年11月1日（火）" in page
    assert "09:15–10:00 JST 基調講演：新しい時代の戦略的パートナーシップ" in page
    assert "基調講演者：小野寺五典" in page  # no space after the full-width colon
    assert "チャタムハウス・ルール" in page
    assert "時刻はすべて現地時間（JST、UTC+09:00）です。" in page  # no brackets in brackets


def test_agenda_shows_breaks_as_lighter_rows(client, demo):
    html = client.get("/tokyo-2016/agenda/").content.decode()

    # Registration, 4 breaks and coffees, 2 lunches.
    assert html.count("agenda-item--interval") == 7


def test_agenda_filters_by_theme_from_query_string(client):
    event = EventFactory()
    cyber = ThemeFactory(event=event, title="Non-conventional threats")
    other = ThemeFactory(event=event, title="Shared risks")
    SessionFactory(event=event, title="Cyber roundtable", theme=cyber)
    SessionFactory(event=event, title="Risks panel", theme=other)

    page = text(client.get(f"/{event.slug}/agenda/?theme={cyber.pk}"))

    assert "Cyber roundtable" in page
    assert "Risks panel" not in page
    assert "Showing sessions on the theme “Non-conventional threats”." in page


def test_agenda_ignores_an_unknown_theme(client):
    event = EventFactory()
    SessionFactory(event=event, title="Risks panel")

    page = text(client.get(f"/{event.slug}/agenda/?theme=nonsense"))

    assert "Risks panel" in page


def test_agenda_names_only_confirmed_published_speakers(client):
    session = SessionFactory(title="Panel")
    SessionRoleFactory(session=session, speaker=SpeakerFactory(given_name="Named"))
    SessionRoleFactory(
        session=session, speaker=SpeakerFactory(given_name="Unconfirmed"), is_confirmed=False
    )
    SessionRoleFactory(
        session=session, speaker=SpeakerFactory(given_name="Hidden", is_published=False)
    )

    page = text(client.get(f"/{session.event.slug}/agenda/"))

    assert "Admiral Named Otsuka" in page
    assert "Unconfirmed" not in page
    assert "Hidden" not in page
    assert "Further speakers to be confirmed" in page


def test_session_page_in_both_languages(client, demo):
    english = text(client.get("/tokyo-2016/sessions/shared-risks-panel/"))
    japanese = text(client.get("/ja/tokyo-2016/sessions/shared-risks-panel/"))

    assert "Panel: the risks we share" in english
    assert "Tuesday 1 November 2016, 10:00–11:30 JST" in english
    assert "you may use what is said, but not say who said it" in english
    assert "Panellists: Mr ISHIKANE Kimihiro, General Sir Richard Barrons" in english
    assert "パネリスト：石兼公博、リチャード・バロンズ 陸軍大将" in japanese
    assert "パネル：日英が共有するリスク" in japanese
    assert "2016年11月1日（火） 10:00–11:30 JST" in japanese  # no ASCII comma


def test_event_speakers_page_in_both_languages(client, demo):
    english = text(client.get("/tokyo-2016/speakers/"))
    japanese = text(client.get("/ja/tokyo-2016/speakers/"))

    for name in [
        "Air Chief Marshal Sir Stephen Hillier",
        "Mr ISHIKANE Kimihiro",
        "General Sir Richard Barrons",
        "Mr ONODERA Itsunori MP",
        "Admiral OTSUKA Umio",
        "Mr YONEDA Shigeo",
    ]:
        assert name in english
    assert "Chief of the Air Staff Royal Air Force" in english
    for name in ["小野寺五典", "大塚海夫 海将", "石兼公博", "Mr YONEDA Shigeo"]:
        assert name in japanese
    assert "空軍参謀総長 英国空軍" in japanese


def test_venue_page_gives_address_in_english_and_japanese(client, demo):
    english = text(client.get("/tokyo-2016/venue/"))
    japanese = text(client.get("/ja/tokyo-2016/venue/"))

    for page in (english, japanese):
        assert "2-2-1 Nagatacho, Chiyoda-ku" in page
        assert "〒100-8981 東京都千代田区永田町2-2-1" in page
    assert "Kokkai-gijidomae" in english
    assert "国会議事堂前駅" in japanese


@pytest.mark.parametrize(
    "path",
    [
        "/{event}/",
        "/{event}/agenda/",
        "/{event}/speakers/",
        "/{event}/venue/",
        "/{event}/agenda.ics",
        "/{event}/sessions/{session}/",
        "/ja/{event}/",
        "/ja/{event}/agenda/",
    ],
)
def test_unpublished_event_is_404_for_the_public(client, path):
    session = SessionFactory(event=EventFactory(is_published=False))

    response = client.get(path.format(event=session.event.slug, session=session.slug))

    assert response.status_code == 404


def test_unpublished_event_can_be_previewed_by_an_organiser(client, organiser):
    session = SessionFactory(event=EventFactory(is_published=False, name="Draft dialogue"))

    response = client.get(f"/{session.event.slug}/")

    assert response.status_code == 200
    assert "Preview: you are signed in as staff" in text(response)
    assert "Draft dialogue" in text(response)


def test_staff_without_view_permission_cannot_preview(client):
    client.force_login(UserFactory(is_staff=True))
    event = EventFactory(is_published=False)

    assert client.get(f"/{event.slug}/").status_code == 404


def test_event_staff_preview_only_the_events_they_work_on(client):
    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    theirs = SessionFactory(event=EventFactory(is_published=False, name="Their draft"))
    other = SessionFactory(event=EventFactory(is_published=False, name="Another draft"))
    published = EventFactory(is_published=True)
    closed = SessionFactory(event=published, is_public=False, title="Closed-door briefing")
    client.force_login(
        UserFactory(username="door", groups=["Event staff"], staff_of=[theirs.event])
    )

    response = client.get(f"/{theirs.event.slug}/")
    assert response.status_code == 200
    assert "Preview: you are signed in as staff" in text(response)
    for path in ("/{e}/", "/{e}/agenda/", "/{e}/agenda.ics", "/{e}/sessions/{s}/"):
        url = path.format(e=other.event.slug, s=other.slug)
        assert client.get(url).status_code == 404, url
    # Another event, published: only what the public sees, and no preview notice.
    assert client.get(f"/{published.slug}/sessions/{closed.slug}/").status_code == 404
    agenda = client.get(f"/{published.slug}/agenda/")
    assert "Closed-door briefing" not in text(agenda)
    assert "Preview: you are signed in as staff" not in text(agenda)


def test_private_session_is_404_for_public_and_previewable(client):
    session = SessionFactory(is_public=False, title="Closed-door briefing")
    url = f"/{session.event.slug}/sessions/{session.slug}/"

    assert client.get(url).status_code == 404
    assert "Closed-door briefing" not in text(client.get(f"/{session.event.slug}/agenda/"))

    from conference.roles import ensure_staff_groups

    ensure_staff_groups()
    client.force_login(UserFactory(groups=["Organisers"]))
    response = client.get(url)
    assert response.status_code == 200
    assert "Closed-door briefing" in text(response)


def test_language_switcher_links_to_the_same_page(client, demo):
    english = client.get("/tokyo-2016/agenda/?theme=2").content.decode()
    japanese = client.get("/ja/tokyo-2016/agenda/?theme=2").content.decode()

    assert '<a href="/ja/tokyo-2016/agenda/?theme=2" hreflang="ja" lang="ja">日本語</a>' in english
    assert '<a href="/tokyo-2016/agenda/?theme=2" hreflang="en" lang="en">English</a>' in japanese


def test_pages_have_a_skip_link_and_landmarks(client, demo):
    html = client.get("/tokyo-2016/agenda/").content.decode()

    assert '<a class="visually-hidden-focusable skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert html.count("<h1") == 1
    assert "style=" not in html


def test_pages_are_cached_per_language(client, demo):
    first = client.get("/tokyo-2016/agenda/")
    second = client.get("/tokyo-2016/agenda/")
    japanese = client.get("/ja/tokyo-2016/agenda/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert japanese["X-Page-Cache"] == "miss"
    assert "基調講演" in japanese.content.decode()


def test_organiser_edit_empties_the_page_cache(client, demo):
    client.get("/tokyo-2016/agenda/")
    session = Session.objects.get(event=demo, slug="opening-keynote")
    session.title_en = "Opening keynote: a partnership renewed"
    session.save()

    response = client.get("/tokyo-2016/agenda/")

    assert response["X-Page-Cache"] == "miss"
    assert "Opening keynote: a partnership renewed" in text(response)


def test_speaker_edit_empties_the_event_page_cache(client, demo):
    assert "Admiral OTSUKA Umio" in text(client.get("/tokyo-2016/speakers/"))
    from speakers.models import Speaker

    speaker = Speaker.objects.get(slug="umio-otsuka")
    speaker.is_published = False
    speaker.save()

    assert "Admiral OTSUKA Umio" not in text(client.get("/tokyo-2016/speakers/"))


def test_a_visitors_flash_message_is_never_cached_for_others(client, demo):
    from django.test import Client

    # A delegate asks for their link and, instead of following the redirect,
    # opens the event page (a second tab, the back button).
    client.post("/tokyo-2016/register/link/", {"email": "secret.person@example.org"})
    own = client.get("/tokyo-2016/")
    assert "secret.person@example.org" in own.content.decode()  # shown to them, once

    stranger = Client().get("/tokyo-2016/")
    assert "secret.person@example.org" not in stranger.content.decode()
    assert stranger["X-Page-Cache"] == "miss"
    assert Client().get("/tokyo-2016/")["X-Page-Cache"] == "hit"


def test_only_numeric_theme_filters_are_cached(client, demo):
    theme = demo.themes.first()
    assert client.get(f"/tokyo-2016/agenda/?theme={theme.pk}")["X-Page-Cache"] == "miss"
    assert client.get(f"/tokyo-2016/agenda/?theme={theme.pk}")["X-Page-Cache"] == "hit"
    assert client.get("/tokyo-2016/agenda/?theme=999999")["X-Page-Cache"] == "miss"
    assert client.get("/tokyo-2016/agenda/?theme=999999")["X-Page-Cache"] == "miss"  # not kept
    for query in ("?utm=1", "?theme=abc", f"?theme={theme.pk}&x=%3Cb%3E"):
        assert "X-Page-Cache" not in client.get(f"/tokyo-2016/agenda/{query}"), query


def test_staff_are_never_served_cached_pages(client, demo, organiser):
    client.get("/tokyo-2016/")
    response = client.get("/tokyo-2016/")

    assert "X-Page-Cache" not in response


def test_sitemap_lists_public_pages_in_both_languages(client, demo):
    SessionFactory(event=demo, slug="secret-session", is_public=False)

    xml = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/tokyo-2016/agenda/" in xml
    assert "http://testserver/ja/tokyo-2016/agenda/" in xml
    assert "http://testserver/speakers/stephen-hillier/" in xml
    assert "http://testserver/tokyo-2016/sessions/opening-keynote/" in xml
    assert "secret-session" not in xml


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_agenda_names_a_room_only_where_it_differs_from_the_main_room(client):
    event = EventFactory()
    SessionFactory(event=event, title="Opening", room="Main hall")
    SessionFactory(event=event, title="Closing", room="Main hall")
    SessionFactory(event=event, title="Lunch", type="meal", room="Dining room")

    html = client.get(f"/{event.slug}/agenda/").content.decode()

    assert "Room: Main hall, unless another is given." in text_of(html)
    assert re.findall(r'<li class="session-room">(.*?)</li>', html) == [
        '<span class="visually-hidden">Room: </span>Dining room'
    ]


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_agenda_does_not_repeat_the_type_the_title_says(client):
    event = EventFactory()
    SessionFactory(event=event, title="Panel: the risks we share", type="panel")
    SessionFactory(event=event, title="Opening keynote: a partnership", type="keynote")
    SessionFactory(event=event, title="Working session", type="roundtable")

    html = client.get(f"/{event.slug}/agenda/").content.decode()

    assert re.findall(r'<li class="session-type">(.*?)</li>', html) == ["Roundtable"]


def test_agenda_names_several_speakers_of_one_role_on_one_line(client):
    session = SessionFactory(title="Panel: risks", type="panel")
    for name in ("Ann", "Bea"):
        SessionRoleFactory(session=session, speaker=SpeakerFactory(given_name=name))
    SessionRoleFactory(session=session, speaker=SpeakerFactory(given_name="Cid"), role="moderator")

    page = text(client.get(f"/{session.event.slug}/agenda/"))

    assert "Panellists: Admiral Ann Otsuka, Admiral Bea Otsuka Moderator: Admiral Cid Otsuka" in (
        page
    )


def test_agenda_joins_japanese_names_with_the_japanese_comma(client, demo):
    page = text(client.get("/ja/tokyo-2016/agenda/"))

    assert "パネリスト：石兼公博、リチャード・バロンズ 陸軍大将" in page
    assert "パネリスト： " not in page


def test_agenda_types_the_registration_desk_as_registration(client, demo):
    registration = Session.objects.get(event=demo, slug="registration")
    html = client.get("/tokyo-2016/agenda/").content.decode()
    row = html[html.index("Registration and coffee") - 600 : html.index("Registration and coffee")]

    assert registration.get_type_display() == "Registration"
    assert "agenda-item agenda-item--interval" in row
    assert ">Other<" not in html
    # A break in all but name: no link to a page of its own, no attribution rule.
    assert "/tokyo-2016/sessions/registration/" not in html


def test_event_home_names_the_dialogue_once_and_asks_to_register_first(client):
    event = EventFactory(
        series_name="UK-Japan Security Dialogue",
        name="4th UK-Japan Security Dialogue",
        summary="Two days in Tokyo.",
        start_date=timezone.localdate() + timedelta(days=60),
        end_date=timezone.localdate() + timedelta(days=61),
        registration_opens_at=timezone.now() - timedelta(days=1),
    )

    html = client.get(f"/{event.slug}/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]

    assert text_of(main).count("UK-Japan Security Dialogue") == 1  # the h1 alone
    assert main.index("register-button") < main.index("Two days in Tokyo.")
    assert main.index("register-button") < main.index("when-heading")


def test_a_latin_name_on_a_japanese_page_is_marked_english(client, demo):
    html = client.get("/ja/tokyo-2016/agenda/").content.decode()

    # Mr Yoneda gave no name in Japanese script; Mr Ishikane did.
    assert '<a href="/ja/speakers/shigeo-yoneda/" lang="en">Mr YONEDA Shigeo</a>' in html
    assert '<a href="/ja/speakers/kimihiro-ishikane/">石兼公博</a>' in html
    english = client.get("/tokyo-2016/agenda/").content.decode()
    assert 'lang="en">Mr YONEDA' not in english


def test_the_agenda_links_its_print_header_in_the_pages_language(client, demo):
    html = client.get("/ja/tokyo-2016/agenda/").content.decode()
    css = client.get("/ja/tokyo-2016/agenda-print.css")

    assert '<link rel="stylesheet" href="/ja/tokyo-2016/agenda-print.css" media="print">' in html
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert css.content.decode().splitlines()[2:5] == [
        '    @top-left { content: "第3回 日英安全保障対話"; font-size: 8pt; color: #333; }',
        '    @top-right { content: "2016年11月1日（火）〜2日（水）、東京都\u3000国際会議室";'
        " font-size: 8pt; color: #333; }",
        '    @bottom-right { content: "ページ" " " counter(page) " / " counter(pages);'
        " font-size: 8pt; color: #333; }",
    ]


def test_the_print_header_cannot_be_broken_out_of(client):
    event = EventFactory(name='Dialogue "}</style> @import', slug="quoted")

    css = client.get(f"/{event.slug}/agenda-print.css").content.decode()

    assert '@top-left { content: "Dialogue \\22 }\\3c /style\\3e  @import";' in css


def test_every_page_names_its_canonical_address_without_the_query(client, demo):
    html = client.get("/ja/tokyo-2016/agenda/?theme=2").content.decode()

    assert '<link rel="canonical" href="http://testserver/ja/tokyo-2016/agenda/">' in html


def test_the_japanese_event_page_writes_the_address_from_the_prefecture_down(client, demo):
    page = text(client.get("/ja/tokyo-2016/"))

    assert "東京都千代田区永田町2-2-1 衆議院第一議員会館 国際会議室" in page
    assert "東京都 衆議院第一議員会館 国際会議室" in page  # under the title


@pytest.mark.parametrize("language", ["en", "ja"])
def test_slug_url_makes_what_reverse_makes(language):
    from django.urls import reverse
    from django.utils import translation

    from conference.templatetags.conference_tags import slug_url

    with translation.override(language):
        for name, kwargs in (
            ("conference:session", {"event_slug": "tokyo-2016", "session_slug": "panel_2"}),
            ("conference:speaker", {"speaker_slug": "yuki-sato"}),
        ):
            assert slug_url(name, **kwargs) == reverse(name, kwargs=kwargs)
        speaker = slug_url("conference:speaker", speaker_slug="yuki-sato")
    assert speaker == {"en": "/speakers/yuki-sato/", "ja": "/ja/speakers/yuki-sato/"}[language]


def test_venue_and_speaker_descriptions_are_written_as_each_language_writes_them(client, demo):
    venue_en = client.get("/tokyo-2016/venue/").content.decode()
    venue_ja = client.get("/ja/tokyo-2016/venue/").content.decode()
    speaker_ja = client.get("/ja/speakers/stephen-hillier/").content.decode()

    assert (
        '<meta name="description" content="How to get to International Conference Hall, '
        'First Members&#x27; Building of the House of Representatives, Tokyo.">'
    ) in venue_en
    assert (
        '<meta name="description" content="東京都 衆議院第一議員会館 国際会議室へのアクセス。">'
    ) in venue_ja
    assert '<meta name="description" content="空軍参謀総長、英国空軍">' in speaker_ja
