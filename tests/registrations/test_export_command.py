import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from registrations.models import ExportLog
from tests.factories import AttendanceOptionFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegates(event):
    day_1 = AttendanceOptionFactory(event=event, name="Day 1")
    confirmed = [
        RegistrationFactory(event=event, family_name="Ōtsuka", japanese_name="大塚 海夫"),
        RegistrationFactory(event=event, family_name="Ashworth", organisation="=1+1"),
    ]
    for registration in confirmed:
        registration.attendance_options.add(day_1)
    pending = RegistrationFactory(event=event, family_name="Sato", status="pending")
    RegistrationFactory(event=event, family_name="Gone", status="cancelled")
    return {"confirmed": confirmed, "pending": pending}


def staff_page_bytes(client, event, query):
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    response = client.get(
        reverse("staff:attendees_export", kwargs={"event_slug": event.slug}) + query
    )
    return b"".join(response.streaming_content)


def admin_action_bytes(client, registrations):
    client.force_login(UserFactory(groups=["Organisers"]))
    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "export_registrations_csv",
            "_selected_action": [registration.pk for registration in registrations],
        },
    )
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def test_command_staff_page_and_admin_action_give_the_same_bytes(
    client, event, delegates, tmp_path
):
    output = tmp_path / "confirmed.csv"
    call_command("export_attendees", event.slug, "--status", "confirmed", "--output", output)
    from_command = output.read_bytes()

    assert from_command.startswith("\ufeffReference,Status,".encode())
    assert "大塚 海夫".encode() in from_command
    assert b",'=1+1," in from_command
    assert from_command == staff_page_bytes(client, event, "?status=confirmed")
    assert from_command == admin_action_bytes(client, delegates["confirmed"])


def test_command_takes_several_statuses_and_writes_to_stdout(event, delegates, capsys):
    call_command("export_attendees", event.slug, "--status", "confirmed", "--status", "pending")
    out = capsys.readouterr().out
    assert out.startswith("\ufeffReference,")
    assert out.count("\r\n") == 4  # header and three delegates; not the cancelled one
    assert ",Sato," in out and ",Gone," not in out


def test_command_exports_are_logged_under_the_system_user(event, delegates, tmp_path):
    call_command("export_attendees", event.slug, "--output", tmp_path / "all.csv")
    log = ExportLog.objects.get()
    assert (log.source, log.user, log.filters, log.row_count) == ("command", None, {}, 4)
    assert log.username  # the operating-system account that ran it


def test_command_refuses_an_unknown_event():
    with pytest.raises(CommandError, match="No event with the slug 'nowhere'"):
        call_command("export_attendees", "nowhere")


def test_admin_action_logs_the_export(client, event, delegates):
    admin_action_bytes(client, delegates["confirmed"])
    log = ExportLog.objects.get()
    assert (log.source, log.row_count, log.filters["selected"]) == ("admin", 2, 2)


def test_admin_action_refuses_registrations_of_two_events(client, event, delegates):
    elsewhere = RegistrationFactory()
    client.force_login(UserFactory(groups=["Organisers"]))
    response = client.post(
        reverse("admin:registrations_registration_changelist"),
        {
            "action": "export_registrations_csv",
            "_selected_action": [delegates["pending"].pk, elsewhere.pk],
        },
        follow=True,
    )
    assert "Select registrations of one event at a time" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_admin_action_is_offered_only_with_the_export_permission(client, event, delegates):
    from django.contrib.auth.models import Permission

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    changelist = reverse("admin:registrations_registration_changelist")
    client.force_login(viewer)
    assert "export_registrations_csv" not in client.get(changelist).content.decode()
    client.force_login(UserFactory(groups=["Event staff"], staff_of=[event]))
    assert "Export selected registrations to CSV" in client.get(changelist).content.decode()


def test_export_log_is_read_only_in_the_admin(client, event, delegates, tmp_path):
    call_command("export_attendees", event.slug, "--output", tmp_path / "all.csv")
    log = ExportLog.objects.get()
    client.force_login(UserFactory(is_superuser=True))
    changelist = client.get(reverse("admin:registrations_exportlog_changelist"))
    assert changelist.status_code == 200
    assert log.username in changelist.content.decode()
    change = client.get(reverse("admin:registrations_exportlog_change", args=[log.pk]))
    assert change.status_code == 200
    assert 'name="row_count"' not in change.content.decode()
    assert (
        client.post(
            reverse("admin:registrations_exportlog_delete", args=[log.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ExportLog.objects.filter(pk=log.pk).exists()
