"""Who a message goes to: each filter alone gives exactly the people it names, filters
combine, and nobody anonymised or of another event is ever in an audience."""

import pytest

from messaging.audience import Audience
from tests.factories import DelegationFactory, RegistrationFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def names(audience, event):
    return [registration.family_name for registration in audience.queryset(event)]


def test_the_default_audience_is_every_confirmed_participant(event, people):
    RegistrationFactory(family_name="Elsewhere")  # confirmed, of another event
    assert names(Audience(), event) == ["Ashworth", "Hillier", "Otsuka", "Sato"]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("waitlisted",), ["Bellingham"]),
        (("pending",), ["Carter"]),
        (("cancelled",), ["Dunn"]),
        (("pending", "waitlisted"), ["Bellingham", "Carter"]),
        (
            ("confirmed", "pending", "waitlisted", "declined", "cancelled"),
            ["Ashworth", "Bellingham", "Carter", "Dunn", "Hillier", "Otsuka", "Sato"],
        ),
    ],
)
def test_status_filter(event, people, statuses, expected):
    assert names(Audience(statuses=statuses), event) == expected


def test_attendance_option_filter_takes_anyone_holding_any_of_them(event, people, options):
    day_1, day_2, dinner = options["day_1"], options["day_2"], options["dinner"]
    assert names(Audience(options=(day_1.pk,)), event) == ["Ashworth", "Hillier", "Otsuka"]
    assert names(Audience(options=(day_2.pk,)), event) == ["Ashworth", "Sato"]
    assert names(Audience(options=(dinner.pk,)), event) == ["Hillier"]
    # Ashworth holds both: listed once.
    assert names(Audience(options=(day_1.pk, day_2.pk)), event) == [
        "Ashworth",
        "Hillier",
        "Otsuka",
        "Sato",
    ]


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        (("en",), ["Otsuka", "Sato"]),
        (("ja",), ["Hillier"]),
        (("none",), ["Ashworth"]),
        (("en", "ja"), ["Hillier", "Otsuka", "Sato"]),
    ],
)
def test_interpretation_filter(event, people, needs, expected):
    assert names(Audience(interpretation=needs), event) == expected


def test_checked_in_filter(event, people):
    assert names(Audience(checked_in=True), event) == ["Ashworth"]
    assert names(Audience(checked_in=False), event) == ["Hillier", "Otsuka", "Sato"]


@pytest.fixture
def delegations(event, people):
    """Hillier heads the British delegation, Otsuka and Sato are in the Japanese one;
    Ashworth is in none (an organiser, say)."""
    uk = DelegationFactory(event=event, name_en="United Kingdom delegation", order=1)
    japan = DelegationFactory(
        event=event, name_en="Japan delegation", name_ja="日本代表団", country="JP", order=2
    )
    people["hillier"].delegation = uk
    people["hillier"].save(update_fields=["delegation"])
    for key in ("otsuka", "sato", "bellingham"):
        people[key].delegation = japan
        people[key].save(update_fields=["delegation"])
    return {"uk": uk, "japan": japan}


def test_delegation_filter_takes_members_of_any_ticked_delegation(event, people, delegations):
    uk, japan = delegations["uk"], delegations["japan"]
    assert names(Audience(delegations=(uk.pk,)), event) == ["Hillier"]
    # Bellingham is in the Japanese delegation but waits: the status filter still holds.
    assert names(Audience(delegations=(japan.pk,)), event) == ["Otsuka", "Sato"]
    assert names(Audience(delegations=(uk.pk, japan.pk)), event) == ["Hillier", "Otsuka", "Sato"]
    other_event = DelegationFactory()  # another event's delegation matches nobody here
    assert names(Audience(delegations=(other_event.pk,)), event) == []


def test_speakers_filter(event, people):
    people["otsuka"].speaker = SpeakerFactory(family_name="Otsuka")
    people["otsuka"].save(update_fields=["speaker"])
    assert names(Audience(speakers=True), event) == ["Otsuka"]
    assert names(Audience(speakers=False), event) == ["Ashworth", "Hillier", "Sato"]


def test_hand_picked_participants_within_the_other_filters(event, people):
    picked = (people["sato"].pk, people["bellingham"].pk)
    assert names(Audience(registrations=picked), event) == ["Sato"]  # Bellingham waits
    assert names(Audience(statuses=("confirmed", "waitlisted"), registrations=picked), event) == [
        "Bellingham",
        "Sato",
    ]


def test_hand_picked_participants_of_another_event_are_never_included(event, people):
    stranger = RegistrationFactory(family_name="Stranger")
    assert names(Audience(registrations=(stranger.pk,)), event) == []


def test_filters_combine(event, people, options):
    audience = Audience(
        options=(options["day_1"].pk,), interpretation=("en", "ja"), checked_in=False
    )
    assert names(audience, event) == ["Hillier", "Otsuka"]


def test_anonymised_participants_are_never_in_an_audience(event, people):
    audience = Audience(registrations=(people["zed"].pk,))
    assert names(audience, event) == []


def test_the_audience_survives_its_json_round_trip(options):
    audience = Audience(
        statuses=("confirmed", "waitlisted"),
        options=(options["day_1"].pk,),
        interpretation=("ja",),
        checked_in=False,
        delegations=(5, 2),
        speakers=False,
        registrations=(7, 3),
    )
    assert Audience.from_json(audience.as_json()) == audience


def test_the_audience_in_words(event, people, options):
    audience = Audience(
        statuses=("confirmed", "waitlisted"),
        options=(options["day_1"].pk, options["dinner"].pk),
        interpretation=("ja",),
        checked_in=False,
        registrations=(people["sato"].pk, people["otsuka"].pk),
    )
    assert audience.describe() == [
        "Status: Confirmed, Waiting list",
        "Attending any of: Day 1, Reception dinner",
        "Interpretation: Into Japanese",
        "Not checked in",
        "Only 2 hand-picked participants",
    ]


def test_the_audience_in_japanese_words(event, people, options):
    from django.utils import translation

    audience = Audience(options=(options["day_1"].pk,), checked_in=True)
    with translation.override("ja"):
        assert audience.describe() == [
            "ステータス：確定",
            "参加項目（いずれか）：1日目",
            "チェックイン済み",
        ]


def test_delegations_and_speakers_in_words(event, people, delegations):
    from django.utils import translation

    uk, japan = delegations["uk"], delegations["japan"]
    audience = Audience(delegations=(japan.pk, uk.pk), speakers=True)
    assert audience.describe() == [
        "Status: Confirmed",
        "In any of: Japan delegation, United Kingdom delegation",
        "Speakers only",
    ]
    with translation.override("ja"):
        assert Audience(delegations=(japan.pk,), speakers=False).describe() == [
            "ステータス：確定",
            "代表団（いずれか）：日本代表団",
            "登壇者を除く",
        ]
    observers = DelegationFactory(event=event, name_en="Observers")
    audience = Audience(delegations=(observers.pk, uk.pk))
    observers.delete()  # a delegation deleted after the message was written
    assert audience.describe()[1] == (
        "In any of: (a deleted delegation), United Kingdom delegation"
    )
