from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from conference.models import Event, EventStaffMembership, Session, SessionRole, Theme, Venue
from protocol.models import Delegation, PrecedenceCategory
from registrations.models import AttendanceOption, Invitation, Registration
from speakers.models import Speaker

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=TOKYO)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = "International Conference Hall"
    building = "First Members' Building"
    city = "Tokyo"
    country = "JP"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    series_name = "UK-Japan Security Dialogue"
    edition = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Dialogue {o.edition}")
    slug = factory.Sequence(lambda n: f"dialogue-{n}")
    start_date = date(2016, 11, 1)
    end_date = date(2016, 11, 2)
    venue = factory.SubFactory(VenueFactory)
    is_published = True
    capacity = 100


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    starts_at = factory.LazyAttribute(lambda o: tokyo(o.event.start_date, 10))
    ends_at = factory.LazyAttribute(lambda o: tokyo(o.event.start_date, 11))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    honorific = "Admiral"
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = "Otsuka"
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    is_published = True


class SessionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRole

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    is_confirmed = True


class AttendanceOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceOption

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Day {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = Registration.Status.CONFIRMED
    honorific = "Ms"
    given_name = "Charlotte"
    family_name = "Ashworth"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    organisation = "UK Ministry of Defence"
    sector = Registration.Sector.GOVERNMENT
    nationality = "GB"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    event = factory.SubFactory(EventFactory)
    name_en = "United Kingdom delegation"
    name_ja = "英国代表団"
    side = Delegation.Side.COUNTRY
    country = "GB"
    order = factory.Sequence(lambda n: n + 1)
    colour = "#1f4e79"


class PrecedenceCategoryFactory(factory.django.DjangoModelFactory):
    """A site-wide category unless ``event`` is given."""

    class Meta:
        model = PrecedenceCategory

    name_en = factory.Sequence(lambda n: f"Category {n}")
    order = factory.Sequence(lambda n: (n + 1) * 10)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        self.save()

    @factory.post_generation
    def staff_of(self, create, extracted, **kwargs):
        """The events the account is assigned to: ``UserFactory(staff_of=[event])``."""
        if create and extracted:
            for event in extracted:
                EventStaffMembership.objects.create(event=event, user=self)
