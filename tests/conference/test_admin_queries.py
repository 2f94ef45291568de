"""Every admin list organisers work with runs a fixed number of queries, whatever its
length: exact counts at two sizes, the same on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from tests.factories import (
    AttendanceOptionFactory,
    DelegationFactory,
    EventFactory,
    InvitationFactory,
    PrecedenceCategoryFactory,
    RegistrationFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "conference_event": 7,  # with its seats, pending and waiting-list figures
    "conference_session": 8,
    "speakers_speaker": 5,
    "registrations_registration": 8,  # and the delegations for its filter
    "registrations_attendanceoption": 5,
    "registrations_invitation": 5,
    "protocol_delegation": 5,
    "protocol_precedencecategory": 5,
}


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(("changelist", "queries"), CHANGELISTS.items())
def test_admin_list_query_count_is_fixed(
    admin_client, django_assert_num_queries, changelist, queries, size
):
    # ``size`` of each: events, each with an option, a delegation, a delegate in it
    # ranked in an event's own precedence list, a session with its speaker and an
    # invitation.
    for _ in range(size):
        event = EventFactory()
        option = AttendanceOptionFactory(event=event)
        delegation = DelegationFactory(event=event)
        precedence = PrecedenceCategoryFactory(event=event)
        RegistrationFactory(
            event=event, delegation=delegation, precedence=precedence
        ).attendance_options.set([option])
        SessionRoleFactory(session=SessionFactory(event=event), speaker=SpeakerFactory())
        InvitationFactory(event=event)

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:{changelist}_changelist"))

    assert response.context["cl"].result_count == size
