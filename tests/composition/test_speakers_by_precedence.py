"""The public speakers page, A to Z by default or by delegation and precedence: the
conference app's slot (conference.hooks) filled by registrations through composition."""

import pytest
from django.core.cache import cache
from django.utils import translation

from conference import hooks
from conference.cache import is_cacheable
from registrations import services
from tests.factories import (
    DelegationFactory,
    PrecedenceCategoryFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def programme(event):
    """Four speakers: two British, one Japanese minister, one not (yet) placed."""
    session = SessionFactory(event=event)
    japan = DelegationFactory(
        event=event, name_en="Japanese delegation", name_ja="日本代表団", country="JP", order=1
    )
    uk = DelegationFactory(event=event, name_en="United Kingdom delegation", order=2)
    minister = PrecedenceCategoryFactory(name_en="Minister", order=10)
    four_star = PrecedenceCategoryFactory(name_en="Four-star officer", order=50)
    speakers = {
        slug: SpeakerFactory(slug=slug, honorific=h, given_name=g, family_name=f, country=c)
        for slug, h, g, f, c in [
            ("barrons", "General Sir", "Richard", "Barrons", "GB"),
            ("hillier", "Air Chief Marshal Sir", "Stephen", "Hillier", "GB"),
            ("onodera", "Mr", "Itsunori", "Onodera", "JP"),
            ("yoneda", "Mr", "Shigeo", "Yoneda", "JP"),
        ]
    }
    places = {
        "barrons": (uk, four_star, 2),
        "hillier": (uk, four_star, 1),
        "onodera": (japan, minister, None),
    }
    for slug, speaker in speakers.items():
        SessionRoleFactory(session=session, speaker=speaker)
        registration = services.sync_speaker_participation(
            event=event, speaker=speaker
        ).registration
        if slug in places:
            registration.delegation, registration.precedence, registration.precedence_rank = places[
                slug
            ]
            registration.save()
    return {"uk": uk, "japan": japan, "speakers": speakers}


def headings_and_names(response):
    return [
        (heading, [speaker.slug for speaker in members])
        for heading, members in response.context["groups"]
    ]


def test_the_slot_is_filled_by_the_registrations_app():
    from registrations.selectors import speakers_by_delegation

    assert hooks.speakers_by_delegation.function is speakers_by_delegation


def test_speakers_are_a_to_z_by_default(client, event, programme):
    response = client.get(f"/{event.slug}/speakers/")
    assert response.context["groups"] is None
    assert [s.slug for s in response.context["speakers"]] == [
        "barrons",
        "hillier",
        "onodera",
        "yoneda",
    ]
    assert '<a href="?order=precedence">by delegation and precedence</a>' in (
        response.content.decode()
    )


def test_speakers_by_delegation_and_precedence_in_both_languages(client, event, programme):
    response = client.get(f"/{event.slug}/speakers/?order=precedence")
    assert headings_and_names(response) == [
        ("Japanese delegation", ["onodera"]),
        ("United Kingdom delegation", ["hillier", "barrons"]),
        (None, ["yoneda"]),
    ]
    page = response.content.decode()
    assert page.index("Japanese delegation") < page.index("United Kingdom delegation")
    assert "Other speakers" in page

    japanese = client.get(f"/ja/{event.slug}/speakers/?order=precedence")
    assert [names for _heading, names in headings_and_names(japanese)] == [
        ["onodera"],
        ["hillier", "barrons"],
        ["yoneda"],
    ]
    assert "日本代表団" in japanese.content.decode()


def test_the_order_parameter_is_cached_with_its_one_value_only(rf, client, event, programme):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage

    def cacheable(**query):
        request = rf.get("/x/speakers/", query)
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        return is_cacheable(request)

    assert cacheable(order="precedence") is True
    for value in ("alphabetical", "precedence1", ""):
        assert cacheable(order=value) is False, value
    url = f"/{event.slug}/speakers/?order=precedence"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_moving_a_speaker_to_another_delegation_refreshes_the_cached_page(client, event, programme):
    url = f"/{event.slug}/speakers/?order=precedence"
    client.get(url)
    hillier = programme["speakers"]["hillier"].participations.get()
    hillier.delegation = programme["japan"]
    hillier.save()

    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert headings_and_names(response)[0] == ("Japanese delegation", ["onodera", "hillier"])


@pytest.mark.parametrize("size", [1, 3])
def test_the_page_by_precedence_runs_the_same_queries_at_any_size(
    client, event, size, django_assert_num_queries
):
    session = SessionFactory(event=event)
    uk = DelegationFactory(event=event)
    for _ in range(size):
        speaker = SpeakerFactory()
        SessionRoleFactory(session=session, speaker=speaker)
        registration = services.sync_speaker_participation(
            event=event, speaker=speaker
        ).registration
        registration.delegation = uk
        registration.save()
    cache.clear()
    # The event, the speakers, their participant registrations with delegations.
    with django_assert_num_queries(3):
        response = client.get(f"/{event.slug}/speakers/?order=precedence")
    assert len(headings_and_names(response)[0][1]) == size
