"""The protocol layer on the staff pages and in the admin: protocol list and its CSV, the
balance of the delegations, approving with the balance in view, assigning delegations,
badges and the door card, the speakers page by precedence."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from registrations import selectors
from registrations.models import ExportLog, Registration
from tests.factories import (
    DelegationFactory,
    EventFactory,
    PrecedenceCategoryFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name, event, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def organiser():
    return UserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def dialogue(event):
    """The Japanese delegation shown first, then the British, then observers; a
    precedence list; participants entered in an order that is not the protocol's."""
    japan = DelegationFactory(
        event=event, name_en="Japanese delegation", name_ja="日本代表団", country="JP",
        order=1, colour="#bc002d", target=3,
    )  # fmt: skip
    uk = DelegationFactory(
        event=event, name_en="United Kingdom delegation", name_ja="英国代表団", country="GB",
        order=2, colour="#1f4e79", target=2,
    )  # fmt: skip
    observers = DelegationFactory(
        event=event, name_en="Observers", name_ja="オブザーバー", side="observers", country="",
        order=3, colour="#ffd700",
    )  # fmt: skip
    minister = PrecedenceCategoryFactory(name_en="Minister", name_ja="大臣", order=10)
    four_star = PrecedenceCategoryFactory(name_en="Four-star officer", name_ja="大将級", order=50)
    director = PrecedenceCategoryFactory(name_en="Director-General", name_ja="局長級", order=70)
    make = RegistrationFactory
    people = {
        "barrons": make(event=event, delegation=uk, precedence=four_star, honorific="General Sir",
                        given_name="Richard", family_name="Barrons", sector="military"),
        "ashworth": make(event=event, delegation=uk, precedence=director, honorific="Ms",
                         given_name="Charlotte", family_name="Ashworth"),
        "hillier": make(event=event, delegation=uk, precedence=four_star, precedence_rank=1,
                        honorific="Air Chief Marshal Sir", given_name="Stephen",
                        family_name="Hillier", sector="military"),
        "head_uk": make(event=event, delegation=uk, precedence=director, is_head_of_delegation=True,
                        honorific="Mr", given_name="Simon", family_name="Fraser"),
        "onodera": make(event=event, delegation=japan, precedence=minister, honorific="Mr",
                        given_name="Itsunori", family_name="Onodera", japanese_name="小野寺 五典",
                        nationality="JP", sector="parliament"),
        "sato": make(event=event, delegation=japan, honorific="Dr", given_name="Yuki",
                     family_name="Sato", japanese_name="佐藤 由紀", nationality="JP",
                     sector="think_tank", status="pending"),
        "observer": make(event=event, delegation=observers, honorific="Ms", given_name="Ann",
                         family_name="Lee", nationality="US", sector="diplomatic"),
        "nobody": make(event=event, honorific="Mr", given_name="Unplaced", family_name="Person",
                       status="pending"),
    }  # fmt: skip
    return {"japan": japan, "uk": uk, "observers": observers, "people": people}


def listed_names(response):
    return [
        participant.display_name
        for group in response.context["groups"]
        for participant in group["participants"]
    ]


# --- protocol order ---------------------------------------------------------------------


def test_protocol_order_delegation_head_precedence_rank_name(dialogue, event):
    assert [r.display_name for r in selectors.protocol_list(event, include_waiting=True)] == [
        "Mr ONODERA Itsunori",  # Japanese delegation (order 1): minister
        "Dr SATO Yuki",  # no category: last in the delegation
        "Mr Simon Fraser",  # UK: the head first, whatever his category
        "Air Chief Marshal Sir Stephen Hillier",  # four-star, rank 1
        "General Sir Richard Barrons",  # four-star, no rank
        "Ms Charlotte Ashworth",  # Director-General
        "Ms Ann Lee",  # observers
        "Mr Unplaced Person",  # no delegation: last
    ]


def test_the_protocol_list_page_in_both_languages(client, organiser, dialogue, event):
    client.force_login(organiser)
    english = client.get(url("staff:protocol", event))
    assert english.status_code == 200
    assert listed_names(english) == [
        "Mr ONODERA Itsunori",
        "Mr Simon Fraser",
        "Air Chief Marshal Sir Stephen Hillier",
        "General Sir Richard Barrons",
        "Ms Charlotte Ashworth",
        "Ms Ann Lee",
    ]
    page = english.content.decode()
    assert (
        '<span class="delegation-band delegation-{}">Japanese delegation</span>'.format(
            dialogue["japan"].pk
        )
        in page
    )
    assert '<span class="protocol-alternate" lang="ja">小野寺 五典</span>' in page
    assert '<span class="protocol-role">Head of delegation</span>' in page

    japanese = client.get(url("staff:protocol", event, "ja"))
    assert japanese.status_code == 200
    assert listed_names(japanese) == listed_names(english)  # the order is the protocol's
    page = japanese.content.decode()
    assert "席次" in page and "日本代表団" in page and "団長" in page
    assert page.index("小野寺 五典") < page.index("Mr Simon Fraser") < page.index("Ms Ann Lee")
    assert '<span class="protocol-alternate">ONODERA Itsunori</span>' in page

    waiting = client.get(url("staff:protocol", event) + "?include=waiting")
    assert "Dr SATO Yuki" in listed_names(waiting)


@pytest.mark.parametrize("size", [1, 3])
def test_protocol_list_query_count_is_flat(
    client, organiser, event, size, django_assert_num_queries
):
    delegations = DelegationFactory.create_batch(size, event=event)
    for delegation in delegations:
        RegistrationFactory(
            event=event, delegation=delegation, precedence=PrecedenceCategoryFactory()
        )
    client.force_login(organiser)
    # Session, user, permissions (2), membership check, the event, the list itself.
    with django_assert_num_queries(5):
        response = client.get(url("staff:protocol", event))
    assert len(listed_names(response)) == size


def test_the_protocol_csv_is_in_order_neutralised_and_logged(client, organiser, dialogue, event):
    people = dialogue["people"]
    people["ashworth"].position = '=HYPERLINK("http://x")'
    people["ashworth"].save()
    client.force_login(organiser)

    response = client.get(url("staff:protocol_export", event))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{event.slug}-protocol-list-'
    )
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "Delegation", "Number", "Role", "Precedence", "Rank within category", "Honorific",
        "Family name", "Given name", "Name as written in English", "Name in Japanese script",
        "Position", "Organisation", "Nationality", "Reference", "Status",
    ]  # fmt: skip
    assert [(row[0], row[1], row[2], row[8]) for row in rows[1:]] == [
        ("Japanese delegation", "1", "Delegate", "Mr ONODERA Itsunori"),
        ("United Kingdom delegation", "1", "Head of delegation", "Mr Simon Fraser"),
        ("United Kingdom delegation", "2", "Delegate", "Air Chief Marshal Sir Stephen Hillier"),
        ("United Kingdom delegation", "3", "Delegate", "General Sir Richard Barrons"),
        ("United Kingdom delegation", "4", "Delegate", "Ms Charlotte Ashworth"),
        ("Observers", "1", "Delegate", "Ms Ann Lee"),
    ]
    assert rows[5][10] == '\'=HYPERLINK("http://x")'  # neutralised: shown as text
    assert rows[1][3:5] == ["Minister", ""]
    assert rows[3][3:5] == ["Four-star officer", "1"]
    log = ExportLog.objects.get()
    assert (log.source, log.user, log.row_count, log.filters) == (
        "protocol_list",
        organiser,
        6,
        {},
    )
    assert log.completed_at is not None


def test_event_staff_without_the_export_permission_get_no_protocol_csv(client, event, dialogue):
    viewer = UserFactory(groups=[], staff_of=[event])
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    assert client.get(url("staff:protocol", event)).status_code == 200
    assert client.get(url("staff:protocol_export", event)).status_code == 403
    assert not ExportLog.objects.exists()


# --- balance ----------------------------------------------------------------------------


def test_balance_figures_side_by_side(dialogue, event):
    balance = selectors.delegation_balance(event)
    columns = {
        (column.delegation.name if column.delegation else None): (
            column.confirmed, column.pending, column.waitlisted, column.target,
            column.head.display_name if column.head else None,
        )
        for column in balance.columns
    }  # fmt: skip
    assert columns == {
        "Japanese delegation": (1, 1, 0, 3, None),
        "United Kingdom delegation": (4, 0, 0, 2, "Mr Simon Fraser"),
        "Observers": (1, 0, 0, None, None),
        None: (0, 1, 0, None, None),
    }
    assert dict(balance.precedence_rows()[0:1])["Minister"][0] == {"confirmed": 1, "waiting": 0}
    rows = dict(balance.sector_rows())
    assert rows["Armed forces"][1] == {"confirmed": 2, "waiting": 0}
    assert rows["Think tank"][0] == {"confirmed": 0, "waiting": 1}
    # Countries only: the observers are not a side of the balance.
    assert balance.gap == 3
    assert balance.warnings() == [
        "United Kingdom delegation: 4 confirmed, over its target of 2.",
    ]


def test_the_balance_warns_when_the_countries_drift_apart(dialogue, event):
    from protocol.models import ProtocolSettings

    ProtocolSettings.objects.create(event=event, balance_threshold=2)
    assert selectors.delegation_balance(event).warnings() == [
        "United Kingdom delegation: 4 confirmed, over its target of 2.",
        "United Kingdom delegation has 4 confirmed and Japanese delegation 1: 3 apart, more "
        "than the 2 allowed.",
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_balance_page_and_figures_at_two_sizes_with_the_same_queries(
    client, organiser, event, size, django_assert_num_queries
):
    categories = [PrecedenceCategoryFactory() for _ in range(size)]
    for _index in range(size):
        delegation = DelegationFactory(event=event, target=size)
        for category in categories:
            RegistrationFactory(event=event, delegation=delegation, precedence=category)
        RegistrationFactory(event=event, delegation=delegation, status="pending", sector="media")
    with django_assert_num_queries(5):  # delegations, counts, heads, precedence, threshold
        balance = selectors.delegation_balance(event)
    assert [(c.confirmed, c.pending) for c in balance.delegations] == [(size, 1)] * size
    assert next(cells for _label, cells in balance.precedence_rows()) == [
        {"confirmed": 1, "waiting": 0}
    ] * size + [{"confirmed": 0, "waiting": 0}]
    client.force_login(organiser)
    # The staff page: session, user, permissions, membership, event, then the five.
    with django_assert_num_queries(9):
        response = client.get(url("staff:balance", event))
    assert response.status_code == 200
    assert response.content.decode().count('class="balance-figure"') >= size


def test_the_dashboard_and_the_event_admin_show_the_balance(client, organiser, dialogue, event):
    client.force_login(organiser)
    dashboard = client.get(url("staff:dashboard", event)).content.decode()
    assert "United Kingdom delegation: 4 confirmed, over its target of 2." in dashboard
    assert "Mr Simon Fraser" in dashboard
    admin_page = client.get(reverse("admin:conference_event_change", args=[event.pk]))
    page = admin_page.content.decode()
    assert "United Kingdom delegation: 4 confirmed, over its target of 2." in page
    assert "<td>Japanese delegation</td>" in page
    assert "<td>Mr Simon Fraser</td>" in page


# --- approving with the balance in view --------------------------------------------------


def approve(client, registrations, **extra):
    return client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "mark_confirmed", "_selected_action": [r.pk for r in registrations], **extra},
        follow=True,
    )


def test_approving_says_where_it_takes_the_delegation(client, organiser, dialogue):
    client.force_login(organiser)
    response = approve(client, [dialogue["people"]["sato"]])
    page = response.content.decode()
    assert "1 registration set to Confirmed." in page
    assert "This takes Japanese delegation to 2 of 3." in page


def test_approving_over_a_target_asks_first_then_says_so(client, organiser, dialogue, event):
    uk = dialogue["uk"]
    uk.target = 4
    uk.save()
    extra = RegistrationFactory(event=event, delegation=uk, status="pending", family_name="Extra")
    client.force_login(organiser)

    asked = approve(client, [extra])

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Approving these would unbalance the delegations" in page
    assert "This takes United Kingdom delegation to 5 of 4." in page
    extra.refresh_from_db()
    assert extra.status == "pending"

    done = approve(client, [extra], balance_confirmed="yes")

    extra.refresh_from_db()
    assert extra.status == "confirmed"
    messages = [str(m) for m in done.context["messages"]]
    assert messages == [
        "1 registration set to Confirmed.",
        "This takes United Kingdom delegation to 5 of 4.",
    ]


# --- assigning delegations in the admin ---------------------------------------------------


def test_assign_to_delegation_suggests_the_nationalitys_delegation(client, organiser, event):
    japan = DelegationFactory(event=event, name_en="Japanese delegation", country="JP", order=2)
    DelegationFactory(event=event, name_en="United Kingdom delegation", country="GB", order=1)
    chosen = [RegistrationFactory(event=event, nationality=c) for c in ("JP", "JP", "GB")]
    client.force_login(organiser)
    changelist = reverse("admin:registrations_registration_changelist")
    data = {"action": "assign_delegation", "_selected_action": [r.pk for r in chosen]}

    page = client.post(changelist, data)

    assert page.status_code == 200
    assert page.context["form"].initial == {"delegation": str(japan.pk)}
    html = page.content.decode()
    assert f'<option value="{japan.pk}" selected>Japanese delegation</option>' in html

    done = client.post(
        changelist, {**data, "delegation": str(japan.pk), "apply": "Assign"}, follow=True
    )

    assert [str(m) for m in done.context["messages"]] == [
        "3 participants assigned to Japanese delegation."
    ]
    assert set(Registration.objects.values_list("delegation", flat=True)) == {japan.pk}


def test_assign_each_to_the_delegation_of_their_nationality(client, organiser, event):
    japan = DelegationFactory(event=event, name_en="Japanese delegation", country="JP")
    uk = DelegationFactory(event=event, name_en="United Kingdom delegation", country="GB")
    jp, gb, us = (RegistrationFactory(event=event, nationality=c) for c in ("JP", "GB", "US"))
    client.force_login(organiser)
    done = client.post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "assign_delegation",
            "_selected_action": [jp.pk, gb.pk, us.pk],
            "delegation": "nationality",
            "apply": "Assign",
        },
        follow=True,
    )
    assert [str(m) for m in done.context["messages"]] == [
        "1 participant assigned to Japanese delegation.",
        "1 participant assigned to United Kingdom delegation.",
        f"Left as they were, no delegation being of their nationality: {us.reference}.",
    ]
    assert [(r.pk, r.delegation_id) for r in Registration.objects.order_by("pk")] == [
        (jp.pk, japan.pk),
        (gb.pk, uk.pk),
        (us.pk, None),
    ]


def test_assign_refuses_a_mixed_selection_and_an_event_without_delegations(
    client, organiser, event
):
    client.force_login(organiser)
    here, there = RegistrationFactory(event=event), RegistrationFactory(event=EventFactory())
    changelist = reverse("admin:registrations_registration_changelist")
    mixed = client.post(
        changelist,
        {"action": "assign_delegation", "_selected_action": [here.pk, there.pk]},
        follow=True,
    )
    assert [str(m) for m in mixed.context["messages"]] == [
        "Select participants of one event at a time to assign them to a delegation."
    ]
    none = client.post(
        changelist, {"action": "assign_delegation", "_selected_action": [here.pk]}, follow=True
    )
    assert [str(m) for m in none.context["messages"]] == [
        f"{event.name} has no delegations yet: add them on the event's page."
    ]


# --- badges, door, colours --------------------------------------------------------------


def test_badges_carry_the_delegation_band_and_category_line(client, organiser, dialogue, event):
    client.force_login(organiser)
    page = client.get(url("staff:badges", event)).content.decode()
    uk = dialogue["uk"]
    assert (
        f'<p class="badge-band delegation-{uk.pk}"><span>United Kingdom delegation</span>'
        '<span lang="ja">英国代表団</span></p>'
    ) in page
    assert (
        '<p class="badge-category"><span>Head of delegation</span><span lang="ja">団長</span></p>'
    ) in page
    # Every badge has every row, empty or not: the rows keep the name where it is.
    badges = page.count('<div class="name-badge">')
    for row in ("badge-band", "badge-event", "badge-honorific", "badge-name",
                "badge-japanese", "badge-category", "badge-organisation"):  # fmt: skip
        assert page.count(f'<p class="{row}') == badges, row


def test_badges_print_in_protocol_order_when_asked(client, organiser, dialogue, event):
    client.force_login(organiser)
    alphabetical = client.get(url("staff:badges", event))
    by_precedence = client.get(url("staff:badges", event) + "?order=precedence")

    def order(response):
        return [r.family_name for sheet in response.context["sheets"] for r in sheet]

    assert order(alphabetical) == ["Ashworth", "Barrons", "Fraser", "Hillier", "Lee", "Onodera"]
    assert order(by_precedence) == ["Onodera", "Fraser", "Hillier", "Barrons", "Ashworth", "Lee"]


def test_the_badge_css_fixes_every_row_so_the_name_sits_on_one_baseline():
    """The name's row starts at the same height on every badge (rows above it are fixed
    in mm), and the name has one size and one line height (tests/browser/test_print.py
    measures it in Chromium)."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/staff.css").read_text()
    badge = css[css.index(".name-badge {") :]
    assert "grid-template-rows: 9mm 10mm 5mm 15mm 8mm 5mm 1fr;" in badge.split("}")[0]
    # The event line is read at a distance: 12 pt, two lines of 4.6 mm in its 10 mm row
    # (clear of the band above it).
    event = css[css.index(".badge-event {") :].split("}")[0]
    assert "font-size: 12pt;" in event and "line-height: 4.6mm;" in event
    assert "nowrap" not in event  # never cut short
    name = css[css.index(".badge-name {") :].split("}")[0]
    assert "font-size: 18pt;" in name and "line-height: 7.5mm;" in name
    assert "-webkit-line-clamp: 2;" in name
    # A long name is set smaller inside the row, never with a taller line: the row's
    # strut keeps the baseline.
    assert ".badge-name .badge-name-long { font-size: 14pt; line-height: 6mm; }" in css
    assert ".badge-name .badge-name-longer { font-size: 11pt; line-height: 5mm; }" in css


def test_the_door_card_shows_delegation_and_category(client, dialogue, event):
    head = dialogue["people"]["head_uk"]
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    page = client.get(url("staff:check_in_card", event, reference=head.reference)).content.decode()
    uk = dialogue["uk"].pk
    assert (
        f'<p class="check-in-band mb-0"><span class="delegation-band delegation-{uk}">'
        "United Kingdom delegation</span> "
        '<span class="check-in-category">Head of delegation</span></p>'
    ) in page
    found = client.get(url("staff:check_in", event) + "?q=Fraser").content.decode()
    assert "United Kingdom delegation · Head of delegation" in found


def test_the_delegation_colours_stylesheet(client, dialogue, event):
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    response = client.get(url("staff:delegation_colours", event))
    assert response["Content-Type"] == "text/css; charset=utf-8"
    japan, uk, observers = dialogue["japan"], dialogue["uk"], dialogue["observers"]
    assert response.content.decode() == (
        f".delegation-{japan.pk}{{--delegation-colour:#bc002d;--delegation-text:#ffffff}}\n"
        f".delegation-{uk.pk}{{--delegation-colour:#1f4e79;--delegation-text:#ffffff}}\n"
        f".delegation-{observers.pk}{{--delegation-colour:#ffd700;--delegation-text:#000000}}\n"
    )
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[EventFactory()]))
    assert client.get(url("staff:delegation_colours", event)).status_code == 403


def test_the_balance_and_participant_list_work_in_japanese(client, organiser, dialogue, event):
    client.force_login(organiser)
    balance = client.get(url("staff:balance", event, "ja"))
    assert balance.status_code == 200
    page = balance.content.decode()
    for text in ("代表団のバランス", "席次別", "分野別", "団長", "日本代表団", "目標超過"):
        assert text in page, text
    assert "英国代表団：確定4名で、目標の2名を超えています。" in page
    dialogue["people"]["onodera"].delegate_list_consent_at = dialogue["people"][
        "onodera"
    ].created_at
    dialogue["people"]["onodera"].save()
    participants = client.get(url("staff:participants", event, "ja")).content.decode()
    assert "参加者名簿" in participants and "小野寺 五典" in participants


def test_a_long_name_is_set_smaller_on_its_badge(client, organiser, event):
    RegistrationFactory(event=event, given_name="Alexandra Katharine",
                        family_name="Montgomery-Fotheringham")  # fmt: skip
    RegistrationFactory(event=event, given_name="Maximiliana Alexandra Katharine",
                        family_name="Montgomery-Fotheringham-Smythe")  # fmt: skip
    client.force_login(organiser)
    page = client.get(url("staff:badges", event)).content.decode()
    assert (
        '<p class="badge-name"><span class="badge-name-long">'
        "Alexandra Katharine Montgomery-Fotheringham</span></p>"
    ) in page
    assert '<span class="badge-name-longer">Maximiliana Alexandra' in page


def test_lists_print_a_speakers_post_from_the_profile_in_each_language(client, organiser, event):
    from registrations import services
    from tests.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

    speaker = SpeakerFactory(
        position_en="Chief of the Air Staff", position_ja="空軍参謀総長",
        organisation_en="Royal Air Force", organisation_ja="英国空軍", country="GB",
    )  # fmt: skip
    SessionRoleFactory(speaker=speaker, session=SessionFactory(event=event))
    registration = services.sync_speaker_participation(event=event, speaker=speaker).registration
    client.force_login(organiser)
    japanese = client.get(url("staff:protocol", event, "ja")).content.decode()
    assert "空軍参謀総長<br>英国空軍" in japanese
    english = client.get(url("staff:protocol", event)).content.decode()
    assert "Chief of the Air Staff<br>Royal Air Force" in english
    # Once an organiser writes the registration's own post, lists print that.
    registration.position = "Chief of the Air Staff (designate)"
    registration.save()
    japanese = client.get(url("staff:protocol", event, "ja")).content.decode()
    assert "Chief of the Air Staff (designate)<br>英国空軍" in japanese


def test_observers_have_no_head_to_name(client, organiser, dialogue, event):
    client.force_login(organiser)
    page = client.get(url("staff:balance", event)).content.decode()
    heads = page[page.index("Head of delegation</th>") :].split("</tr>")[0]
    assert heads.count("not named") == 1  # the Japanese delegation's; not the observers'


def test_the_admin_offers_the_colour_picker(client, organiser, dialogue):
    client.force_login(organiser)
    page = client.get(
        reverse("admin:protocol_delegation_change", args=[dialogue["uk"].pk])
    ).content.decode()
    assert '<input type="color" name="colour" value="#1f4e79"' in page
