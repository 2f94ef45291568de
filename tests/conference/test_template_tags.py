from django.template import Context, Template
from django.utils import translation

SENTENCES = Template(
    "{% load conference_tags %}<p>{% sentences %}{{ first }}\n  {{ second }} "
    "<a href='#'>{{ link }}</a> <span>（{{ note }}）</span>{% endsentences %}</p>"
)


def _render(language, **values):
    with translation.override(language):
        return SENTENCES.render(Context(values))


def test_sentences_drop_the_gaps_japanese_punctuation_does_not_take():
    html = _render(
        "ja",
        first="登録は締め切りました。",
        second="並び順：",
        link="アルファベット順",
        note="受付用",
    )
    assert html == (
        "<p>登録は締め切りました。並び順：<a href='#'>アルファベット順</a>"
        "<span>（受付用）</span></p>"
    )


def test_sentences_leave_english_as_written():
    html = _render("en", first="Registration is closed.", second="Order:", link="A to Z", note="x")
    assert (
        html == "<p>Registration is closed.\n  Order: <a href='#'>A to Z</a> <span>（x）</span></p>"
    )


def test_sentences_still_escape_what_they_are_given():
    html = _render("ja", first="<b>。</b>", second="x", link="y", note="z")
    assert html.startswith("<p>&lt;b&gt;。&lt;/b&gt;\n  x ")
