"""The participant list: confirmed participants who agreed, by delegation and precedence,
seen only by the event's confirmed participants (through their manage link) and its staff."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from registrations import emails, services
from registrations.models import Registration
from registrations.tokens import make_manage_token
from tests.factories import (
    DelegationFactory,
    EventFactory,
    PrecedenceCategoryFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def listed(event, **fields):
    """A confirmed participant who agreed to be listed."""
    return RegistrationFactory(event=event, delegate_list_consent_at=timezone.now(), **fields)


def list_url(registration, language="en"):
    with translation.override(language):
        return reverse(
            "registrations:participants",
            kwargs={
                "event_slug": registration.event.slug,
                "token": make_manage_token(registration),
            },
        )


def names(response) -> list[str]:
    return [
        participant.display_name
        for group in response.context["groups"]
        for participant in group["participants"]
    ]


@pytest.fixture
def dialogue(event):
    """Two delegations and a few participants, some listed, some not."""
    uk = DelegationFactory(event=event, name_en="United Kingdom delegation", order=2)
    japan = DelegationFactory(
        event=event, name_en="Japanese delegation", name_ja="日本代表団", country="JP", order=1
    )
    minister = PrecedenceCategoryFactory(name_en="Minister", name_ja="大臣", order=10)
    officer = PrecedenceCategoryFactory(name_en="Three-star officer", order=60)
    people = {
        "otsuka": listed(
            event, delegation=japan, precedence=officer, honorific="Vice Admiral",
            given_name="Kazuo", family_name="Otsuka", japanese_name="大塚 海夫", nationality="JP",
            position="Director", organisation="Joint Staff",
        ),
        "onodera": listed(
            event, delegation=japan, precedence=minister, honorific="Mr", given_name="Itsunori",
            family_name="Onodera", japanese_name="小野寺 五典", nationality="JP",
            organisation="House of Representatives",
        ),
        "ashworth": listed(event, delegation=uk, given_name="Charlotte", family_name="Ashworth"),
        "unlisted": RegistrationFactory(event=event, delegation=uk, family_name="Private"),
        "pending": listed(event, delegation=uk, family_name="Waiting", status="pending"),
        "cancelled": listed(event, delegation=uk, family_name="Gone", status="cancelled"),
    }  # fmt: skip
    return people


def test_a_confirmed_participant_sees_who_agreed_in_protocol_order(client, dialogue):
    viewer = dialogue["ashworth"]
    response = client.get(list_url(viewer))
    assert response.status_code == 200
    assert names(response) == [
        "Mr ONODERA Itsunori",  # the Japanese delegation comes first (display order 1)
        "Vice Admiral OTSUKA Kazuo",  # a minister before a three-star officer
        "Ms Charlotte Ashworth",
    ]
    page = response.content.decode()
    assert "Japanese delegation" in page and "United Kingdom delegation" in page
    assert "Joint Staff" in page and "Director" in page
    assert '<span class="participant-alternate" lang="ja">大塚 海夫</span>' in page
    for hidden in ("Private", "Waiting", "Gone", "@example.org"):
        assert hidden not in page
    assert "You are on this list." in page
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_the_list_in_japanese_keeps_the_order_and_writes_names_the_japanese_way(client, dialogue):
    response = client.get(list_url(dialogue["unlisted"], "ja"))
    assert response.status_code == 200
    page = response.content.decode()
    assert response["Content-Language"] == "ja"
    assert "参加者名簿" in page
    assert "あなたはこの名簿に載っていません。" in page
    order = [page.index(name) for name in ("小野寺 五典", "大塚 海夫", "Ms Charlotte Ashworth")]
    assert order == sorted(order)
    assert "日本代表団" in page


@pytest.mark.parametrize("who", ["pending", "cancelled"])
def test_a_participant_not_confirmed_is_refused(client, dialogue, who):
    response = client.get(list_url(dialogue[who]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "The participant list is shown to confirmed participants of the event only." in page
    assert "Otsuka" not in page and "OTSUKA" not in page


def test_another_events_delegate_cannot_open_it(client, dialogue, event):
    stranger = listed(EventFactory())
    token = make_manage_token(stranger)
    # Their own link, put on this event's address: not found.
    response = client.get(
        reverse("registrations:participants", kwargs={"event_slug": event.slug, "token": token})
    )
    assert response.status_code == 404
    assert b"OTSUKA" not in response.content
    # On their own event they see their own list, not this one.
    own = client.get(list_url(stranger))
    assert own.status_code == 200
    assert names(own) == [stranger.display_name]


def test_nobody_opens_it_without_a_link(client, dialogue, event):
    bad = reverse(
        "registrations:participants", kwargs={"event_slug": event.slug, "token": "made-up"}
    )
    response = client.get(bad)
    assert response.status_code == 400
    assert b"OTSUKA" not in response.content
    # And there is no public address for it.
    assert client.get(f"/{event.slug}/participants/").status_code == 404


def test_staff_see_the_same_list_and_staff_of_another_event_do_not(client, dialogue, event):
    url = reverse("staff:participants", kwargs={"event_slug": event.slug})
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    response = client.get(url)
    assert response.status_code == 200
    assert names(response) == [
        "Mr ONODERA Itsunori",
        "Vice Admiral OTSUKA Kazuo",
        "Ms Charlotte Ashworth",
    ]
    assert response["Cache-Control"] == "no-store, private"
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[EventFactory()]))
    response = client.get(url)
    assert response.status_code == 403
    assert b"OTSUKA" not in response.content
    client.logout()
    assert client.get(url).status_code == 302


def test_withdrawing_consent_on_the_manage_page_takes_the_entry_out_at_once(client, dialogue):
    otsuka, viewer = dialogue["otsuka"], dialogue["ashworth"]
    manage = emails.manage_path(otsuka)
    data = form_data(client.get(manage).content.decode(), submit="update")
    assert data["participant_list_consent"] == "on"
    del data["participant_list_consent"]  # unticked: a browser sends nothing

    response = client.post(manage, data, follow=True)

    assert "Your changes are saved." in response.content.decode()
    otsuka.refresh_from_db()
    assert otsuka.delegate_list_consent_at is None
    assert "Vice Admiral OTSUKA Kazuo" not in names(client.get(list_url(viewer)))
    assert otsuka.status_changes.get().note == "Withdrew from the participant list"
    # Ticked again (on the page as it is now): back on the list.
    data = form_data(response.content.decode(), submit="update")
    data["participant_list_consent"] = "on"
    assert client.post(manage, data).status_code == 302
    assert "Vice Admiral OTSUKA Kazuo" in names(client.get(list_url(viewer)))


def test_the_manage_page_offers_the_list_to_confirmed_participants_only(client, dialogue):
    manage = emails.manage_path(dialogue["unlisted"])
    page = client.get(manage).content.decode()
    assert f'<a class="btn btn-outline-primary" href="{manage}participants/">' in page
    pending = client.get(emails.manage_path(dialogue["pending"])).content.decode()
    assert "See the participant list" not in pending


def test_the_purge_takes_everyone_off_the_list(client, dialogue, event):
    staff = UserFactory(groups=["Organisers"])
    services.purge_personal_data(older_than_days=0, now=timezone.now().replace(year=2030))
    client.force_login(staff)
    response = client.get(reverse("staff:participants", kwargs={"event_slug": event.slug}))
    assert names(response) == []
    assert not Registration.objects.filter(delegate_list_consent_at__isnull=False).exists()


@pytest.mark.parametrize("size", [1, 3])
def test_the_list_costs_the_same_queries_however_long(
    client, event, size, django_assert_num_queries
):
    uk = DelegationFactory(event=event)
    category = PrecedenceCategoryFactory()
    people = [listed(event, delegation=uk, precedence=category) for _ in range(size)]
    url = list_url(people[0])
    # The event, the registration (its options prefetched), the list: the same at any size.
    with django_assert_num_queries(4):
        response = client.get(url)
    assert len(names(response)) == size


@pytest.mark.parametrize("size", [1, 3])
def test_the_staff_list_costs_the_same_queries_however_long(
    client, event, size, django_assert_num_queries
):
    uk = DelegationFactory(event=event)
    for _ in range(size):
        listed(event, delegation=uk, precedence=PrecedenceCategoryFactory())
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    url = reverse("staff:participants", kwargs={"event_slug": event.slug})
    # Session, user, permissions, membership, the event, the list.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(names(response)) == size
