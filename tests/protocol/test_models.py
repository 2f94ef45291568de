import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from protocol.colours import BLACK, WHITE, contrast_ratio, text_colour_on
from protocol.defaults import DEFAULT_PRECEDENCE
from protocol.models import Delegation, PrecedenceCategory
from protocol.selectors import precedence_list
from protocol.services import load_default_precedence
from tests.factories import DelegationFactory, EventFactory, PrecedenceCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["#1F4E79", " #1f4e79 "])
def test_a_colour_is_kept_in_lower_case(typed):
    delegation = DelegationFactory.build(event=EventFactory(), colour=typed)
    delegation.full_clean()
    assert delegation.colour == "#1f4e79"


@pytest.mark.parametrize("typed", ["1f4e79", "#1f4e7", "#1f4e79a", "#gggggg", "red", "#fff"])
def test_a_colour_must_be_rrggbb(typed):
    delegation = DelegationFactory.build(event=EventFactory(), colour=typed)
    with pytest.raises(ValidationError) as refused:
        delegation.full_clean()
    assert refused.value.message_dict["colour"] == [
        "Enter a colour as # and six hexadecimal digits in lower case, e.g. #1f4e79."
    ]


def test_the_database_refuses_a_colour_that_is_not_rrggbb():
    delegation = DelegationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.filter(pk=delegation.pk).update(colour="red;}x{")


@pytest.mark.parametrize(
    ("colour", "text"),
    [
        ("#1f4e79", WHITE),  # navy
        ("#bc002d", WHITE),  # the Hinomaru's red
        ("#ffffff", BLACK),
        ("#ffd700", BLACK),  # gold
        ("#777777", BLACK),  # mid grey: black reads better
        ("#000000", WHITE),
    ],
)
def test_text_on_a_delegation_colour_is_black_or_white(colour, text):
    assert text_colour_on(colour) == text


def test_text_on_any_colour_keeps_at_least_4_5_to_1():
    steps = range(0, 256, 15)
    colours = (f"#{r:02x}{g:02x}{b:02x}" for r in steps for g in steps for b in steps)
    worst = min(contrast_ratio(colour, text_colour_on(colour)) for colour in colours)
    assert worst >= 4.5


def test_a_country_delegation_names_its_country_and_only_it_does():
    event = EventFactory()
    with pytest.raises(ValidationError) as refused:
        Delegation(event=event, name_en="UK", side="country", country="").full_clean()
    assert refused.value.messages == ["A country's delegation must name its country."]
    with pytest.raises(ValidationError) as refused:
        Delegation(event=event, name_en="Observers", side="observers", country="US").full_clean()
    assert refused.value.messages == [
        "Only a country's delegation has a country; observers and organisers do not."
    ]
    Delegation(event=event, name_en="Observers", side="observers").full_clean()


def test_an_event_ranks_by_its_own_list_else_the_site_wide_one():
    site = [PrecedenceCategoryFactory(name_en=n, order=o) for n, o in [("B", 20), ("A", 10)]]
    plain, own = EventFactory(), EventFactory()
    mine = PrecedenceCategoryFactory(event=own, name_en="Own", order=5)
    PrecedenceCategoryFactory(event=EventFactory(), name_en="Someone else's", order=1)
    assert precedence_list(plain) == [site[1], site[0]]
    assert precedence_list(own) == [mine]


def test_the_default_precedence_list_loads_in_both_languages_and_again_changes_nothing():
    first = load_default_precedence()
    assert [(c.order, c.name_en, c.name_ja) for c in first] == DEFAULT_PRECEDENCE
    assert [c.name_en for c in first[:5]] == [
        "Minister",
        "Member of Parliament / Diet member",
        "Vice-Minister / Permanent Secretary",
        "Ambassador",
        "Four-star officer",
    ]
    assert [c.name_ja for c in first[:4]] == ["大臣", "国会議員", "副大臣・事務次官級", "大使"]
    snapshot = list(PrecedenceCategory.objects.order_by("pk").values())
    load_default_precedence()
    assert list(PrecedenceCategory.objects.order_by("pk").values()) == snapshot


def test_the_command_loads_an_events_own_list(capsys):
    event = EventFactory(slug="tokyo-x")
    call_command("load_default_precedence", "--event", "tokyo-x")
    assert PrecedenceCategory.objects.filter(event=event).count() == len(DEFAULT_PRECEDENCE)
    assert not PrecedenceCategory.objects.site_wide().exists()
    assert capsys.readouterr().out == "13 precedence categories for tokyo-x.\n"
