"""The Speakers and VIPs admin lists run a fixed number of queries, whatever their length."""

from datetime import date, time

import pytest
from django.urls import reverse

from tests.factories import EventFactory, SessionFactory, SessionRoleFactory, SpeakerFactory
from vip import services
from vip.models import SpeakerLogistics, SpeakerProfileRevision

pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "vip_speakerinvitation": 5,  # with each invitation's answer counts
    "vip_speakerlogistics": 5,
    "vip_speakerprofilerevision": 4,  # no event filter to offer
    "conference_sessionrole": 5,  # the appearances, with each speaker's answer
}


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(("changelist", "queries"), CHANGELISTS.items())
def test_admin_list_query_count_is_fixed(
    admin_client, django_assert_num_queries, changelist, queries, size
):
    # ``size`` of each: speakers invited to an appearance (answered), with travel
    # details and a profile change waiting.
    for number in range(size):
        event = EventFactory()
        speaker = SpeakerFactory(email=f"speaker{number}@example.org")
        role = SessionRoleFactory(
            session=SessionFactory(event=event), speaker=speaker, is_confirmed=False
        )
        invitation = services.invite_speaker(
            event=event, speaker=speaker, roles=[role], language="en"
        )
        services.answer_appearances(invitation=invitation, answers={role.pk: "accepted"})
        SpeakerLogistics.objects.create(
            event=event, speaker=speaker, arrival_date=date(2016, 10, 31), arrival_time=time(9)
        )
        SpeakerProfileRevision.objects.create(
            speaker=speaker, invitation=invitation, changes={"position_en": "Fellow"}
        )

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:{changelist}_changelist"))

    assert response.context["cl"].result_count == size
