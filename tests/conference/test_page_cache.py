"""The public page cache at the front of the middleware: compressed, conditional, private."""

import gzip

import brotli
import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AGENDA = "/tokyo-2016/agenda/"


def test_a_cached_page_is_answered_before_sessions_without_a_query(
    client, demo, django_assert_num_queries
):
    first = client.get(AGENDA)
    with django_assert_num_queries(0):
        second = client.get(AGENDA)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Language"] == "en"
    assert first["Vary"] == second["Vary"] == "Accept-Encoding, Accept-Language, Cookie"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert not second.cookies


def test_japanese_pages_are_found_by_their_path(client, demo):
    stored = client.get("/ja" + AGENDA)
    japanese = client.get("/ja" + AGENDA)
    assert japanese["X-Page-Cache"] == "hit"
    assert japanese["Content-Language"] == "ja"
    # The path says the language: neither answer varies on Accept-Language.
    assert stored["Vary"] == japanese["Vary"] == "Accept-Encoding, Cookie"
    assert "基調講演" in japanese.content.decode()


def test_clients_that_accept_gzip_get_the_stored_compressed_bytes(client, demo):
    plain = client.get(AGENDA)
    zipped = client.get(AGENDA, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 3


def test_clients_that_accept_brotli_get_it_before_gzip(client, demo):
    plain = client.get(AGENDA)
    zipped = client.get(AGENDA, HTTP_ACCEPT_ENCODING="gzip, deflate")
    squeezed = client.get(AGENDA, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert (squeezed["X-Page-Cache"], squeezed["Content-Encoding"]) == ("hit", "br")
    assert brotli.decompress(squeezed.content) == plain.content
    assert int(squeezed["Content-Length"]) == len(squeezed.content) < len(zipped.content)
    assert squeezed["ETag"] == zipped["ETag"] == plain["ETag"]
    assert squeezed["Vary"] == "Accept-Encoding, Accept-Language, Cookie"


@pytest.mark.parametrize(
    ("accepted", "coding"),
    [
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.5, gzip;q=0.8", "gzip"),
        ("gzip;q=0, br;q=0", None),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
        ("br;q=x, GZIP", "gzip"),
    ],
)
def test_the_coding_follows_the_clients_preferences(client, demo, accepted, coding):
    client.get(AGENDA)
    response = client.get(AGENDA, HTTP_ACCEPT_ENCODING=accepted)
    assert response["X-Page-Cache"] == "hit"
    assert response.get("Content-Encoding") == coding


def test_a_conditional_request_for_an_unchanged_page_gets_304(client, demo):
    first = client.get(AGENDA)
    assert first["ETag"].startswith('W/"') and first.has_header("Last-Modified")
    same = client.get(AGENDA, HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304
    assert same.content == b""
    since = client.get(AGENDA, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_after_an_edit_the_old_etag_gets_the_new_page(client, demo):
    from conference.models import Session

    first = client.get(AGENDA)
    session = Session.objects.get(event=demo, slug="opening-keynote")
    session.title_en = "Opening keynote: a partnership renewed"
    session.save()
    after = client.get(AGENDA, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "a partnership renewed" in after.content.decode()


def test_staff_are_never_answered_from_the_cache(client, demo):
    client.get(AGENDA)
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = staff.get(AGENDA)
    assert not response.has_header("X-Page-Cache")


def test_a_visitor_with_a_waiting_message_is_not_answered_from_the_cache(client, demo):
    Client().get("/tokyo-2016/")  # stored
    client.post("/tokyo-2016/register/link/", {"email": "secret.person@example.org"})
    own = client.get("/tokyo-2016/")
    assert "secret.person@example.org" in own.content.decode()
    assert own.get("X-Page-Cache") is None  # neither served from nor stored into it


def test_a_disallowed_host_is_refused_before_the_cache(client, demo):
    client.get(AGENDA)
    assert client.get(AGENDA, HTTP_HOST="evil.example.com").status_code == 400


def test_a_request_reads_the_pages_version_once(client, demo, monkeypatch):
    from django.core.cache import cache

    from conference.cache import VERSION_KEY

    client.get(AGENDA)  # the version exists
    reads = []
    get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    # Missed by the middleware, rendered by the view: both ask for the version.
    response = client.get(AGENDA + "?theme=999999")
    assert response["X-Page-Cache"] == "miss"
    assert reads.count(VERSION_KEY) == 1


def test_an_edit_inside_a_request_moves_that_requests_version_on(demo):
    from conference import cache as page_cache
    from conference.models import Session

    token = page_cache._request_memo.set({})
    try:
        before = page_cache.current_version()
        session = Session.objects.get(event=demo, slug="opening-keynote")
        session.save()
        assert page_cache.current_version() != before
    finally:
        page_cache._request_memo.reset(token)
