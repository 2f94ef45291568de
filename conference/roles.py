"""The two staff roles organisations use, as Django groups.

Kept in step with the code after every ``migrate`` (see ``ConferenceConfig``)
and by ``manage.py setup_groups``: a group's permissions are exactly the ones
listed here, so a permission removed from this file is removed from the group.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ORGANISERS = "Organisers"
EVENT_STAFF = "Event staff"

# Organisers run the event: every permission on the conference's own apps, including
# vip.view_restricted_note (speakers' close-protection and security notes).
ORGANISER_APPS = (
    "conference",
    "speakers",
    "protocol",
    "registrations",
    "seating",
    "vip",
    "messaging",
)

# Event staff work the door and the lists: read the programme and the
# registrations, check delegates in, export attendee lists, read the VIP arrivals
# and the history of messages sent to participants. No edits, no deletes, no
# messages sent.
# Only on the events they are assigned to (conference.EventStaffMembership):
# Organisers alone hold conference.work_on_all_events, which covers every event.
EVENT_STAFF_PERMISSIONS = (
    ("conference", "view_event"),
    ("conference", "view_venue"),
    ("conference", "view_theme"),
    ("conference", "view_session"),
    ("conference", "view_sessionrole"),
    ("speakers", "view_speaker"),
    ("protocol", "view_delegation"),
    ("protocol", "view_precedencecategory"),
    ("protocol", "view_protocolsettings"),
    ("registrations", "view_registration"),
    ("registrations", "view_attendanceoption"),
    ("registrations", "check_in_registration"),
    ("registrations", "export_registrations"),
    # Seating plans, read only: the plan page, the chart, its CSV and the place cards.
    ("seating", "view_seatingplan"),
    # Speakers' invitations and the VIP arrivals sheet, read only, and never the
    # restricted note (vip.view_restricted_note is the Organisers' alone).
    ("vip", "view_speakerinvitation"),
    ("vip", "view_invitedappearance"),
    ("vip", "view_invitationactivity"),
    ("vip", "view_speakerlogistics"),
    # The history of messages to participants, read-only: writing and sending
    # (messaging.send_message) is for Organisers.
    ("messaging", "view_message"),
)


def _permissions(using, query):
    return Permission.objects.using(using).filter(query)


def ensure_staff_groups(using="default"):
    organisers, _ = Group.objects.using(using).get_or_create(name=ORGANISERS)
    organisers.permissions.set(_permissions(using, Q(content_type__app_label__in=ORGANISER_APPS)))

    staff_query = Q(pk__in=[])
    for app_label, codename in EVENT_STAFF_PERMISSIONS:
        staff_query |= Q(content_type__app_label=app_label, codename=codename)
    staff, _ = Group.objects.using(using).get_or_create(name=EVENT_STAFF)
    staff.permissions.set(_permissions(using, staff_query))
    return organisers, staff
