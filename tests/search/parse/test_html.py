"""HTML: title and metadata, headings, paragraphs, dropped furniture, entities, broken markup."""

from __future__ import annotations

import pathlib

import pytest

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def page(markup: str, meta: dict | None = None):
    return parse_text(markup, doc_id="p.html", path="p.html", fmt="html", meta=meta)


@pytest.fixture(scope="module")
def fixture_page():
    return parse_file(FIXTURES / "page.html", "page.html")


def test_title_from_the_h1_that_the_title_element_starts_with(fixture_page):
    assert fixture_page.title == "Rebuilding Trust & Institutions"
    assert "rebuilding-trust-institutions" not in [s.id for s in fixture_page.sections]


def test_meta_tags(fixture_page):
    assert fixture_page.authors == ("Jane Roe", "John Doe")
    assert fixture_page.date == "2024-05-07"
    assert fixture_page.topics == ("governance", "rule of law")
    assert fixture_page.url == "https://example.org/rebuilding-trust"


def test_headings_are_sections_with_their_levels(fixture_page):
    assert [(s.id, s.title, s.level) for s in fixture_page.sections] == [
        ("lead", "", 0),
        ("courts", "Courts", 2),
        ("reform-attempts", "Reform attempts", 3),
    ]


def test_paragraphs_and_entities(fixture_page):
    assert fixture_page.section("lead").text == (
        "After the war, courts were the first institutions people stopped believing in \u2014 and the last to recover."
    )
    assert fixture_page.section("courts").text == "Judges were appointed by the ruling party & rarely ruled against it."
    reform = fixture_page.section("reform-attempts").text.split("\n\n")
    assert reform[:4] == ["• Open hearings", "• Published rulings", "Justice delayed is justice denied.", "Year\tCases"]
    assert reform[4] == "  line one\n    indented line"
    kinds = [(m.kind, m.info) for m in fixture_page.section("reform-attempts").marks]
    assert kinds == [("item", "1"), ("item", "1"), ("quote", ""), ("table", ""), ("code", "")]


def test_figcaption_is_a_caption(fixture_page):
    assert [(c.text, c.section_id) for c in fixture_page.captions] == [("A courtroom in Freetown, 2019.", "lead")]


def test_script_style_nav_header_footer_aside_noscript_are_dropped(fixture_page):
    text = fixture_page.text
    for dropped in ("tracking", "color: red", "Programs", "Example Institute home", "Subscribe", "\u00a9", "Enable"):
        assert dropped not in text


def test_broken_markup_keeps_the_words():
    document = page("<title>Broken</title><p>First <b>bold<p>Second paragraph<h2>Heading<p>After heading</div></span>")
    assert document.title == "Broken"
    assert document.sections[0].text == "First bold\n\nSecond paragraph"
    assert document.sections[1].title == "Heading"
    assert document.sections[1].text == "After heading"


def test_unclosed_script_drops_only_script():
    document = page("<p>Kept text.</p><script>if (a < b) { drop(); }")
    assert document.text == "Kept text."


def test_title_falls_back_to_first_h1_then_first_sentence():
    assert page("<h1>Only Heading</h1><p>Body.</p>").title == "Only Heading"
    assert page("<p>First sentence here. Second one.</p>").title == "First sentence here"


def test_template_and_svg_are_dropped():
    document = page("<p>Visible.</p><template><p>Hidden</p></template><svg><title>Icon</title><text>x</text></svg>")
    assert document.text == "Visible."
    assert document.title == "Visible"


def test_br_breaks_lines_inside_a_paragraph():
    document = page("<p>Line one<br>Line two</p>")
    assert document.sections[0].text == "Line one\nLine two"


def test_og_title_and_sidecar_precedence():
    markup = '<meta property="og:title" content="OG Title"><title>Page Title</title><p>Body text.</p>'
    assert page(markup).title == "OG Title"
    assert page(markup, meta={"title": "Sidecar Title"}).title == "Sidecar Title"
