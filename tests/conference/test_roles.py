import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from conference.roles import EVENT_STAFF, ORGANISERS, ensure_staff_groups
from tests.factories import RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_migrate_creates_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {ORGANISERS, EVENT_STAFF}
    assert {"add_session", "change_registration", "delete_speaker", "export_registrations"} <= (
        codenames(ORGANISERS)
    )


def test_event_staff_can_view_check_in_and_export_but_not_edit():
    staff = codenames(EVENT_STAFF)
    assert {"view_registration", "check_in_registration", "export_registrations"} <= staff
    assert not {code for code in staff if code.split("_")[0] in ("add", "change", "delete")}


def test_ensure_staff_groups_removes_permissions_added_by_hand():
    group = Group.objects.get(name=EVENT_STAFF)
    group.permissions.add(Permission.objects.get(codename="delete_registration"))
    ensure_staff_groups()
    assert "delete_registration" not in codenames(EVENT_STAFF)


def test_event_staff_see_registrations_in_the_admin_read_only(client):
    registration = RegistrationFactory(given_name="Hiroshi", family_name="Sato")
    client.force_login(UserFactory(groups=[EVENT_STAFF], staff_of=[registration.event]))

    changelist = client.get(reverse("admin:registrations_registration_changelist"))
    assert changelist.status_code == 200
    assert "Hiroshi Sato" in changelist.content.decode()

    change_url = reverse("admin:registrations_registration_change", args=[registration.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # no save button: view only

    response = client.post(change_url, {"given_name": "Changed"})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.given_name == "Hiroshi"

    assert client.get(reverse("admin:registrations_registration_add")).status_code == 403
    assert client.get(reverse("admin:conference_event_add")).status_code == 403


def test_organisers_can_edit_the_agenda(client):
    session = SessionFactory(title="Old title")
    client.force_login(UserFactory(groups=[ORGANISERS]))
    page = client.get(reverse("admin:conference_session_change", args=[session.pk]))
    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()


def test_staff_user_without_a_group_sees_no_registrations(client):
    RegistrationFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("admin:registrations_registration_changelist"))
    assert response.status_code == 403


def test_group_permissions_grant_exports_only_to_the_two_roles():
    organiser = UserFactory(groups=[ORGANISERS])
    staff = UserFactory(groups=[EVENT_STAFF])
    nobody = UserFactory()
    assert organiser.has_perm("registrations.export_registrations")
    assert staff.has_perm("registrations.export_registrations")
    assert staff.has_perm("registrations.check_in_registration")
    assert not staff.has_perm("registrations.change_registration")
    assert not nobody.has_perm("registrations.export_registrations")
