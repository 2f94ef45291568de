import pytest
from django.core.exceptions import ValidationError

from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", "Ste\x1bphen"),
        ("family_name", "\u202eHillier"),
        ("honorific", "Air\x07 Marshal"),
        ("japanese_name", "\u200b"),
        ("organisation", "Royal\nAir Force"),
        ("position", "Chief\x9b of the Air Staff"),
        ("post_nominals", "KCB\u2067"),
    ],
)
def test_speaker_names_refuse_control_and_invisible_characters(field, value):
    speaker = SpeakerFactory.build(**{field: value})
    with pytest.raises(ValidationError) as excinfo:
        speaker.full_clean()
    # A translated field (honorific, position, organisation) errs in its English copy too.
    assert set(excinfo.value.message_dict) - {f"{field}_en"} == {field}


def test_speaker_names_keep_what_people_write():
    SpeakerFactory.build(
        honorific="Air Chief Marshal Sir", given_name="Zoë", japanese_name="小野寺 五典"
    ).full_clean()
