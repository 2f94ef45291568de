import pytest

from tests.factories import (
    AttendanceOptionFactory,
    DelegationFactory,
    PrecedenceCategoryFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)


@pytest.fixture
def plenary(event):
    return SessionFactory(event=event, title="Opening plenary", title_ja="全体会合", slug="plenary")


@pytest.fixture
def day_one(event, plenary):
    option = AttendanceOptionFactory(event=event, name="Day 1", name_ja="1日目")
    option.sessions.add(plenary)
    return option


@pytest.fixture
def dinner(event):
    return AttendanceOptionFactory(event=event, name="Reception dinner", name_ja="夕食会")


@pytest.fixture
def japan(event):
    return DelegationFactory(
        event=event, name_en="Japanese delegation", name_ja="日本代表団", country="JP",
        order=1, colour="#bc002d",
    )  # fmt: skip


@pytest.fixture
def uk(event):
    return DelegationFactory(
        event=event, name_en="United Kingdom delegation", name_ja="英国代表団", country="GB",
        order=2, colour="#1f4e79",
    )  # fmt: skip


@pytest.fixture
def observers(event):
    return DelegationFactory(
        event=event, name_en="Observers", name_ja="オブザーバー", side="observers", country="",
        order=3, colour="#ffd700",
    )  # fmt: skip


@pytest.fixture
def ranks(db):
    return {
        "minister": PrecedenceCategoryFactory(name_en="Minister", name_ja="大臣", order=10),
        "ambassador": PrecedenceCategoryFactory(name_en="Ambassador", name_ja="大使", order=40),
        "director": PrecedenceCategoryFactory(name_en="Director", name_ja="課長級", order=110),
    }


@pytest.fixture
def person(event, day_one, ranks):
    """``person("J2", delegation, rank="director")``: a confirmed participant of Day 1
    (hence of the plenary), named by what the test calls them."""

    def make(name, delegation=None, *, rank="director", head=False, options=None, **fields):
        registration = RegistrationFactory(
            event=event,
            delegation=delegation,
            is_head_of_delegation=head,
            precedence=ranks[rank] if rank else None,
            given_name=name,
            family_name=fields.pop("family_name", "Test"),
            **fields,
        )
        registration.attendance_options.set(options if options is not None else [day_one])
        return registration

    return make


@pytest.fixture
def organiser(db):
    return UserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def event_staff(event):
    return UserFactory(username="door", groups=["Event staff"], staff_of=[event])
