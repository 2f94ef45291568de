"""Who may work on which event: event staff on the events they are assigned to,
Organisers (and superusers) on every event; everyone else is refused."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from conference.models import EventStaffMembership
from conference.roles import ensure_staff_groups
from registrations.models import ExportLog, Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.helpers import event_change_data

pytestmark = pytest.mark.django_db

PAGES = [
    "staff:dashboard",
    "staff:attendees",
    "staff:attendees_export",
    "staff:check_in",
    "staff:check_in_card",
    "staff:catering",
    "staff:badges",
]


@pytest.fixture(autouse=True)
def _groups():
    ensure_staff_groups()


@pytest.fixture
def event_a():
    event = EventFactory(slug="london-a", name="Event A")
    RegistrationFactory(event=event, family_name="Alderton", reference="AAAA-2345")
    return event


@pytest.fixture
def event_b():
    event = EventFactory(slug="tokyo-b", name="Event B")
    RegistrationFactory(event=event, family_name="Bellingham", reference="BBBB-2345")
    return event


@pytest.fixture
def staff_a(event_a):
    return UserFactory(username="door-a", groups=["Event staff"], staff_of=[event_a])


def page_url(name, event):
    kwargs = {"event_slug": event.slug}
    if name == "staff:check_in_card":
        kwargs["reference"] = event.registrations.get().reference
    query = "?q=a" if name == "staff:check_in" else ""
    return reverse(name, kwargs=kwargs) + query


def action_url(event):
    reference = event.registrations.get().reference
    return reverse(
        "staff:check_in_action", kwargs={"event_slug": event.slug, "reference": reference}
    )


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, event_a, name):
    response = client.get(page_url(name, event_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login") + "?next=/staff/london-a/")


def test_anonymous_check_in_and_index_go_to_the_login_page(client, event_a):
    response = client.post(action_url(event_a), {"action": "check_in"})
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("admin:login"))
    response = client.get(reverse("staff:index"))
    assert (response.status_code, response.url) == (302, "/admin/login/?next=/staff/")
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


@pytest.mark.parametrize("name", PAGES)
def test_staff_of_an_event_work_on_it(client, staff_a, event_a, event_b, name):
    client.force_login(staff_a)
    response = client.get(page_url(name, event_a))
    assert response.status_code == 200
    if name not in ("staff:dashboard", "staff:catering"):  # these name nobody here
        assert "Alderton" in body(response)
    assert "Bellingham" not in body(response)


@pytest.mark.parametrize("name", PAGES)
def test_staff_of_another_event_are_refused(client, staff_a, event_a, event_b, name):
    client.force_login(staff_a)
    response = client.get(page_url(name, event_b))
    assert response.status_code == 403
    assert "Bellingham" not in body(response)
    assert not ExportLog.objects.exists()


def test_staff_of_another_event_cannot_check_anyone_in(client, staff_a, event_a, event_b):
    client.force_login(staff_a)
    response = client.post(action_url(event_b), {"action": "check_in"})
    assert response.status_code == 403
    assert event_b.registrations.get().checked_in_at is None
    response = client.post(action_url(event_a), {"action": "check_in"})
    assert response.status_code == 302
    assert event_a.registrations.get().checked_in_at is not None


def test_staff_assigned_to_no_event_are_refused_everywhere(client, event_a):
    client.force_login(UserFactory(groups=["Event staff"]))
    for name in PAGES:
        assert client.get(page_url(name, event_a)).status_code == 403, name


@pytest.mark.parametrize("who", ["organiser", "superuser"])
@pytest.mark.parametrize("name", PAGES)
def test_organisers_and_superusers_work_on_every_event(client, event_a, event_b, who, name):
    if who == "organiser":
        user = UserFactory(groups=["Organisers"])
    else:
        user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    for event in (event_a, event_b):
        assert client.get(page_url(name, event)).status_code == 200, event.slug


def test_an_organiser_assigns_staff_in_the_event_admin(client, event_a, event_b):
    door = UserFactory(username="door-b", groups=["Event staff"])
    UserFactory(username="a-delegate", is_staff=False)
    client.force_login(UserFactory(username="organiser", groups=["Organisers"]))
    # The choice is a list of the staff accounts, which an organiser may read (an
    # autocomplete would ask the user admin, closed to Organisers).
    page = client.get(reverse("admin:conference_event_change", args=[event_b.pk]))
    (staff,) = [
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is EventStaffMembership
    ]
    field = staff.empty_form.fields["user"]
    assert [label for _, label in field.choices] == ["---------", "door-b", "organiser"]
    assert f'<option value="{door.pk}">door-b</option>' in page.content.decode()
    data = event_change_data(
        client,
        event_b,
        **{
            "staff_memberships-TOTAL_FORMS": 1,
            "staff_memberships-0-user": door.pk,
            "staff_memberships-0-event": event_b.pk,
        },
    )
    response = client.post(reverse("admin:conference_event_change", args=[event_b.pk]), data)
    assert response.status_code == 302
    assert list(EventStaffMembership.objects.values_list("event__slug", "user__username")) == [
        ("tokyo-b", "door-b")
    ]
    client.force_login(door)
    assert client.get(page_url("staff:check_in", event_b)).status_code == 200
    assert client.get(page_url("staff:check_in", event_a)).status_code == 403


# --- the staff index ----------------------------------------------------------------------


def listed_events(response):
    return [event.slug for event in [*response.context["upcoming"], *response.context["past"]]]


def test_the_index_lists_the_events_a_member_of_staff_works_on(client, staff_a, event_a, event_b):
    client.force_login(staff_a)
    response = client.get(reverse("staff:index"))
    assert response.status_code == 200
    assert listed_events(response) == ["london-a"]
    page = response.content.decode()
    assert 'href="/staff/london-a/check-in/"' in page
    assert "/staff/tokyo-b/" not in page


def test_the_index_lists_every_event_for_an_organiser(client, event_a, event_b):
    client.force_login(UserFactory(groups=["Organisers"]))
    response = client.get(reverse("staff:index"))
    assert sorted(listed_events(response)) == ["london-a", "tokyo-b"]
    assert "As an organiser you work on every event." in response.content.decode()


def test_the_index_says_what_to_do_without_an_event(client, event_a):
    client.force_login(UserFactory(groups=["Event staff"]))
    response = client.get(reverse("staff:index"))
    assert listed_events(response) == []
    assert "You are not on the staff of any event yet." in response.content.decode()


def test_the_index_refuses_accounts_without_a_staff_permission(client, event_a):
    client.force_login(UserFactory())  # is_staff, in no group
    assert client.get(reverse("staff:index")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_the_index_query_count_is_flat(client, size, django_assert_num_queries):
    user = UserFactory(groups=["Event staff"], staff_of=EventFactory.create_batch(size))
    client.force_login(user)
    # The session, the account, its permissions, its events.
    with django_assert_num_queries(4):
        response = client.get(reverse("staff:index"))
    assert len(listed_events(response)) == size


# --- the admin ------------------------------------------------------------------------------


def test_the_admin_lists_only_the_registrations_of_the_staff_events(
    client, staff_a, event_a, event_b
):
    client.force_login(staff_a)
    response = client.get(reverse("admin:registrations_registration_changelist"))
    assert [registration.family_name for registration in response.context["cl"].result_list] == [
        "Alderton"
    ]
    page = response.content.decode()
    assert "Bellingham" not in page
    assert "Event B" not in page  # nor in the event filter


def test_the_admin_hides_a_registration_of_another_event(client, staff_a, event_a, event_b):
    client.force_login(staff_a)
    other = event_b.registrations.get()
    response = client.get(reverse("admin:registrations_registration_change", args=[other.pk]))
    assert response.status_code == 302  # "doesn't exist. Perhaps it was deleted?"
    assert response.url == reverse("admin:index")


def test_the_admin_export_skips_registrations_of_another_event(client, staff_a, event_a, event_b):
    client.force_login(staff_a)
    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "export_registrations_csv",
            "_selected_action": [event_b.registrations.get().pk],
        },
    )
    assert response.status_code == 302  # nothing selected that the account may see
    assert not ExportLog.objects.exists()


def test_the_admin_shows_only_the_staff_events_and_their_export_log(
    client, staff_a, event_a, event_b
):
    organiser = UserFactory(groups=["Organisers"])
    for event in (event_a, event_b):
        ExportLog.objects.create(event=event, user=organiser, username="organiser", source="admin")
    client.force_login(staff_a)
    events = client.get(reverse("admin:conference_event_changelist")).context["cl"].result_list
    assert [event.slug for event in events] == ["london-a"]
    # Event staff do not read the export log; an account given that permission by
    # hand still sees only its events' entries.
    staff_a.user_permissions.add(Permission.objects.get(codename="view_exportlog"))
    logs = client.get(reverse("admin:registrations_exportlog_changelist")).context["cl"]
    assert [log.event.slug for log in logs.result_list] == ["london-a"]
    client.force_login(organiser)
    events = client.get(reverse("admin:conference_event_changelist")).context["cl"].result_list
    assert sorted(event.slug for event in events) == ["london-a", "tokyo-b"]
