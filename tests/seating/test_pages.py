"""The seating pages: who may see and change them, the plan page's actions and their
messages, the concurrent-edit guard, the printouts and the CSV, query counts."""

import csv
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from registrations.models import ExportLog
from seating import services
from seating.models import Seat, SeatingPlan
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, plan=None, *, event=None, language="en", **kwargs):
    event = event or plan.event
    with translation.override(language):
        if plan is not None:
            kwargs["pk"] = plan.pk
        return reverse(name, kwargs={"event_slug": event.slug, **kwargs})


def texts(response) -> list[str]:
    """The messages a redirect leaves for the next page (earlier ones wait in the
    cookie, unread), or those a page drawn at once shows."""
    storage = get_messages(response.wsgi_request)
    if response.status_code == 302:
        return [str(message) for message in storage._queued_messages]
    return [str(message) for message in storage]


@pytest.fixture
def table(event, plenary, person, japan, uk):
    """A bilateral table of two a side, assigned: J1 and J2 opposite U1 (G1), G2 free."""
    people = {
        "J1": person("J1", japan, head=True, honorific="Mr", family_name="Onodera",
                     japanese_name="小野寺 五典", nationality="JP"),
        "J2": person("J2", japan, rank="ambassador"),
        "U1": person("U1", uk, head=True, honorific="Air Chief Marshal Sir",
                     family_name="Hillier"),
    }  # fmt: skip
    plan = services.create_plan(
        event=event, session=plenary, layout="bilateral", options={"seats_per_side": 2}
    )
    services.assign_automatically(plan=plan, version=None)
    plan.refresh_from_db()
    return plan, people


def seat_of(plan, label):
    return Seat.objects.select_related("occupant").get(plan=plan, label=label)


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, table):
    plan, _people = table
    response = client.get(url("seating:plan", plan))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_event_staff_view_but_cannot_change(client, table, event_staff):
    plan, _people = table
    client.force_login(event_staff)
    page = client.get(url("seating:plan", plan))
    assert page.status_code == 200
    assert 'value="assign"' not in page.content.decode()
    assert client.get(url("seating:chart", plan)).status_code == 200
    assert client.get(url("seating:place_cards", plan)).status_code == 200
    response = client.post(
        url("seating:plan", plan), {"action": "empty", "version": plan.version, "seat": "H1"}
    )
    assert response.status_code == 403
    assert seat_of(plan, "H1").occupant is not None
    assert client.post(url("seating:plans", event=plan.event), {}).status_code == 403


def test_staff_of_another_event_and_staff_without_the_role_get_403(client, table):
    plan, _people = table
    other = EventFactory()
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[other]))
    assert client.get(url("seating:plan", plan)).status_code == 403
    client.force_login(UserFactory(username="nobody"))
    assert client.get(url("seating:plans", event=plan.event)).status_code == 403


def test_a_plan_of_another_event_is_not_found(client, table, organiser):
    plan, _people = table
    other = EventFactory()
    client.force_login(organiser)
    assert client.get(url("seating:plan", plan, event=other)).status_code == 404


# --- creating a plan ---------------------------------------------------------------------------


def test_organiser_creates_a_plan_for_an_occasion(client, event, dinner, organiser):
    client.force_login(organiser)
    response = client.post(
        url("seating:plans", event=event),
        {
            "target": f"occasion:{dinner.pk}",
            "layout": "round",
            "round_tables": "2",
            "round_seats_per_table": "6",
            "round_top_table": "on",
        },
    )
    plan = SeatingPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("seating:plan", plan)
    assert (plan.occasion, plan.layout, plan.layout_options) == (
        dinner,
        "round",
        {"tables": 2, "seats_per_table": 6, "top_table": 1},
    )
    assert plan.seats.count() == 12
    assert texts(response) == [
        "Seating plan “Reception dinner” created: assign it automatically, then adjust."
    ]


def test_the_new_plan_forms_boxes_are_bootstraps_and_sit_on_their_labels_line(
    client, event, organiser
):
    """Without Bootstrap's class each box sat alone above its label on a phone."""
    client.force_login(organiser)
    html = client.get(url("seating:plans", event=event)).content.decode()
    boxes = re.findall(r'<input type="(?:checkbox|radio)"[^>]*>', html)
    assert boxes and all('class="form-check-input"' in box for box in boxes), boxes


def test_a_plan_form_without_a_target_or_with_bad_numbers_says_so(client, event, organiser):
    client.force_login(organiser)
    response = client.post(url("seating:plans", event=event), {"target": "", "layout": "rows"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "target": ["This field is required."],
    }
    response = client.post(
        url("seating:plans", event=event),
        {"target": "session:999999", "layout": "bilateral", "bilateral_seats_per_side": "41"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "target": ["Select a valid choice. session:999999 is not one of the available choices."],
        "bilateral_seats_per_side": ["Ensure this value is less than or equal to 40."],
    }
    assert not SeatingPlan.objects.exists()


# --- the plan page's actions --------------------------------------------------------------------


def post(client, plan, **data):
    data.setdefault("version", SeatingPlan.objects.get(pk=plan.pk).version)
    return client.post(url("seating:plan", plan), data)


def test_plan_page_draws_every_seat_as_a_labelled_link(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    page = client.get(url("seating:plan", plan) + "?seat=G1").content.decode()
    assert (
        '<a href="?seat=H1#seat-actions" class="seating-seat-link" data-seat="H1" '
        'aria-label="Seat H1, Plenary table: Mr ONODERA J1">'
    ) in page
    assert 'aria-label="Seat G2, Plenary table: empty (Participant)"' in page
    assert 'aria-current="true"' in page  # the selected seat, G1
    assert page.count('class="seating-seat-link"') == 4


def test_move_swap_pin_and_empty_by_hand(client, table, organiser):
    plan, people = table
    client.force_login(organiser)

    response = post(client, plan, action="empty", seat="H2")
    assert texts(response) == ["Seat H2 is empty."]
    response = post(client, plan, action="place", seat="H2", participant=people["J1"].pk)
    assert texts(response) == ["Mr ONODERA J1 now sits at H2."]
    assert response["Location"] == url("seating:plan", plan) + "?seat=H2"
    assert seat_of(plan, "H1").occupant is None  # moved, not copied
    response = post(client, plan, action="swap", seat="H2", other_seat="G1")
    assert texts(response) == ["Seats H2 and G1 swapped."]
    assert (seat_of(plan, "H2").occupant, seat_of(plan, "G1").occupant) == (
        people["U1"],
        people["J1"],
    )
    response = post(client, plan, action="pin", seat="G1")
    assert texts(response) == ["Seat G1 pinned: assigning again keeps it."]
    response = post(client, plan, action="assign")
    assert texts(response) == ["Assigned by the rules: 3 participants seated."]
    # J1 stays pinned on the guest side; the rest are placed by the rules around him.
    taken = Seat.objects.filter(plan=plan).exclude(occupant=None).select_related("occupant")
    assert {seat.label: seat.occupant.given_name for seat in taken} == {
        "G1": "J1",
        "H1": "J2",
        "G2": "U1",
    }


def test_conflicts_are_refused_with_a_message(client, table, organiser, person, dinner, japan):
    plan, people = table
    outsider = person("X1", japan, options=[dinner])  # at the dinner, not at the plenary
    client.force_login(organiser)

    response = post(client, plan, action="place", seat="G1", participant=people["J2"].pk)
    assert response.status_code == 400
    assert texts(response) == [
        "Seat G1 is taken by Air Chief Marshal Sir U1 Hillier: a seat holds one person. "
        "Empty it first, or swap the two seats."
    ]
    response = post(client, plan, action="place", seat="G2", participant=outsider.pk)
    assert texts(response) == [
        "Ms X1 Test is not confirmed for Opening plenary, so cannot be seated there."
    ]
    response = post(client, plan, action="place", seat="H1", participant=people["J1"].pk)
    assert texts(response) == ["Mr ONODERA J1 already sits at H1."]
    response = post(client, plan, action="pin", seat="G2")
    assert texts(response) == ["Seat G2 is empty: there is nobody to pin."]
    response = post(client, plan, action="swap", seat="Z9", other_seat="H1")
    assert texts(response) == ["This plan has no seat Z9."]
    assert SeatingPlan.objects.get(pk=plan.pk).version == plan.version  # nothing changed


def test_one_seat_per_person_per_plan_is_held_by_the_database(table):
    from django.db import IntegrityError, transaction

    plan, people = table
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.filter(plan=plan, label="G2").update(occupant=people["J1"])


def test_bad_input_is_a_400_with_the_reason(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    response = post(client, plan, action="place", seat="G2")
    assert response.status_code == 400
    assert response.context["form"].errors == {"participant": ["Choose the participant to seat."]}
    response = post(client, plan, action="explode", seat="G2")
    assert response.status_code == 400
    response = client.post(url("seating:plan", plan), {"action": "assign", "version": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"version": ["Enter a whole number."]}


def test_two_organisers_cannot_overwrite_each_other_unnoticed(client, table, organiser):
    plan, people = table
    from django.test import Client

    opened_at = plan.version  # both organisers opened the page at this version
    client.force_login(organiser)
    other = Client()
    other.force_login(UserFactory(username="second", groups=["Organisers"]))
    first = client.post(
        url("seating:plan", plan), {"action": "empty", "seat": "H1", "version": opened_at}
    )
    assert first.status_code == 302
    second = other.post(
        url("seating:plan", plan),
        {"action": "place", "seat": "H1", "participant": people["J2"].pk, "version": opened_at},
    )
    assert second.status_code == 409
    assert texts(second) == [
        "Someone else changed this plan while you had it open; nothing was changed. "
        "Here it is as it stands now: check it, then try again."
    ]
    assert seat_of(plan, "H1").occupant is None
    assert seat_of(plan, "H2").occupant == people["J2"]
    # The page drawn with the refusal carries the current version, for the next try.
    current = SeatingPlan.objects.get(pk=plan.pk).version
    assert f'name="version" value="{current}"' in second.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_plan_page_queries_do_not_grow_with_the_seats(
    client, event, plenary, person, japan, uk, organiser, size, django_assert_num_queries
):
    for index in range(size):
        person(f"J{index}", japan, head=index == 0)
        person(f"U{index}", uk, head=index == 0)
    plan = services.create_plan(
        event=event, session=plenary, layout="bilateral", options={"seats_per_side": size * 2}
    )
    services.assign_automatically(plan=plan, version=None)
    client.force_login(organiser)
    # Session, user, permissions, event; the plan, its seats (occupants, delegations,
    # categories joined), the participants confirmed for it, the legend's delegations.
    with django_assert_num_queries(8):
        response = client.get(url("seating:plan", plan) + "?seat=H1")
    assert response.content.decode().count('class="seating-seat-link"') == size * 4


# --- publishing, review ---------------------------------------------------------------------


def test_publish_and_review(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    response = post(client, plan, action="publish")
    assert texts(response) == [
        "Published: participants see their table and seat on their manage page."
    ]
    assert SeatingPlan.objects.get(pk=plan.pk).status == "published"
    response = post(client, plan, action="unpublish")
    assert texts(response) == ["Back to draft: for staff only."]
    SeatingPlan.objects.filter(pk=plan.pk).update(needs_review=True, review_note="H1 · x")
    response = post(client, plan, action="reviewed")
    assert texts(response) == ["Marked as reviewed."]
    assert SeatingPlan.objects.filter(pk=plan.pk, needs_review=False, review_note="").exists()


# --- printouts and CSV ------------------------------------------------------------------------


def test_chart_has_names_in_both_scripts_the_legend_and_the_paper_size(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    page = client.get(url("seating:chart", plan)).content.decode()
    assert '<tspan x="0" dy="-0.55em">Mr ONODERA J1</tspan>' in page
    assert '<tspan x="0" dy="1.15em" lang="ja">小野寺 五典</tspan>' in page
    assert "seating-chart-a4.css" in page
    assert 'class="delegation-band delegation-' in page  # the legend
    assert (
        "seating-chart-a3.css"
        in client.get(url("seating:chart", plan) + "?paper=a3").content.decode()
    )


def test_place_cards_in_seat_order_english_and_japanese_faces(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    page = client.get(url("seating:place_cards", plan)).content.decode()
    # H1 (Onodera), H2 (J2), G1 (Hillier): seat order, two cards to a sheet.
    assert page.count('class="place-card-sheet"') == 2
    assert page.index("ONODERA J1") < page.index("J2 Test") < page.index("U1 Hillier")
    assert '<p class="place-card-name" lang="ja">小野寺 五典</p>' in page
    assert '<p class="place-card-name" lang="en">ONODERA J1</p>' in page


def test_csv_follows_the_exporter_conventions(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    response = client.get(url("seating:export", plan))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:7] == [
        "Table", "Seat", "Seat kind", "Side", "Participant", "Name in Japanese script",
        "Delegation",
    ]  # fmt: skip
    assert [row[:5] for row in rows[1:]] == [
        ["Plenary table", "H1", "Participant", "Host side", "Mr ONODERA J1"],
        ["Plenary table", "H2", "Participant", "Host side", "Ms J2 Test"],
        ["Plenary table", "G1", "Participant", "Guest side", "Air Chief Marshal Sir U1 Hillier"],
        ["Plenary table", "G2", "Participant", "Guest side", ""],
    ]
    assert rows[1][6:9] == ["Japanese delegation", "yes", "Director"]
    log = ExportLog.objects.get()
    assert (log.source, log.filters, log.row_count) == ("seating_plan", {"plan": plan.pk}, 4)


def test_japanese_plan_page(client, table, organiser):
    plan, _people = table
    client.force_login(organiser)
    page = client.get(url("seating:plan", plan, language="ja")).content.decode()
    assert "本会議テーブル" in page


# --- the admin ---------------------------------------------------------------------------------


def test_admin_lists_plans_of_the_staffs_events_and_publishes(client, table, organiser):
    plan, _people = table
    other = EventFactory()
    client.force_login(organiser)
    changelist = reverse("admin:seating_seatingplan_changelist")
    assert "Opening plenary" in client.get(changelist).content.decode()
    change = client.get(reverse("admin:seating_seatingplan_change", args=[plan.pk]))
    assert change.status_code == 200
    assert url("seating:plan", plan) in change.content.decode()
    response = client.post(
        changelist, {"action": "publish", "_selected_action": [plan.pk]}, follow=True
    )
    assert "1 plan published." in response.content.decode()
    assert SeatingPlan.objects.get(pk=plan.pk).status == "published"
    staff_elsewhere = UserFactory(username="elsewhere", groups=["Event staff"], staff_of=[other])
    client.force_login(staff_elsewhere)
    assert "Opening plenary" not in client.get(changelist).content.decode()
