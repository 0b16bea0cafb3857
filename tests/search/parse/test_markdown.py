"""Markdown: headings, front matter, code fences, light syntax stripping, the title rule."""

from __future__ import annotations

import pathlib

import pytest

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def markdown(text: str, meta: dict | None = None):
    return parse_text(text, doc_id="m.md", path="m.md", fmt="markdown", meta=meta)


@pytest.fixture(scope="module")
def notes():
    return parse_file(FIXTURES / "notes.md", "notes.md")


def test_front_matter_fields(notes):
    assert notes.title == "Field Notes: Border Crossings"
    assert notes.date == "2023-06-02"
    assert notes.authors == ("Ana Lima", "Tom Berg")
    assert notes.topics == ("migration", "borders")
    assert notes.type == "Notes"
    assert notes.url == "https://example.org/field-notes"
    assert "layout" not in notes.text


def test_atx_and_setext_headings_with_levels(notes):
    assert [(s.id, s.title, s.level) for s in notes.sections] == [
        ("lead", "", 0),
        ("arrivals", "Arrivals", 1),
        ("daily-counts", "Daily counts", 2),
        ("departures", "Departures", 2),
    ]


def test_a_comment_in_a_fence_is_code_not_a_heading(notes):
    counts = notes.section("daily-counts").text
    assert "# this is a comment, not a heading" in counts
    assert 'counts = {"monday": 420}' in counts


def test_syntax_is_stripped_but_words_kept(notes):
    lead = notes.section("lead").text
    assert lead == "We spent a week at the northern crossing, where most traffic is seasonal workers."
    assert notes.section("arrivals").text == (
        "Most people arrive before dawn, when the queue is shortest. Officers check papers by hand."
    )
    assert notes.section("departures").text == "Departures peak in the evening. A queue at the gate"


def test_list_items_are_paragraphs(notes):
    assert "- Monday: 420 crossings\n\n- Tuesday: 380 crossings" in notes.section("daily-counts").text


def test_a_first_level_one_heading_is_the_title_not_a_section():
    document = markdown("# The Title\n\nSome text under it.\n\n# Another Part\n\nMore text.\n")
    assert document.title == "The Title"
    assert [(s.id, s.level) for s in document.sections] == [("lead", 0), ("another-part", 1)]


def test_a_first_heading_repeating_the_front_matter_title_is_not_a_section():
    document = markdown("---\ntitle: The Title\n---\n# The Title\n\nText.\n")
    assert document.title == "The Title"
    assert [s.id for s in document.sections] == ["lead"]


def test_a_first_heading_differing_from_the_front_matter_title_stays_a_section():
    document = markdown("---\ntitle: Official Name\n---\n# Chapter One\n\nText.\n")
    assert document.title == "Official Name"
    assert [s.title for s in document.sections] == ["Chapter One"]


def test_closing_hashes_are_stripped_and_setext_level_one():
    document = markdown("Intro text first.\n\n## Part ##\n\nBody.\n\nBig Part\n========\n\nMore.\n")
    assert [(s.title, s.level) for s in document.sections[1:]] == [("Part", 2), ("Big Part", 1)]


def test_front_matter_scalars_lists_and_quotes():
    document = markdown(
        "---\n"
        "title: 'Quoted: with colon'\n"
        "author: Jane Roe, Ph.D.\n"
        "topics:\n  - One\n  - \"Two\"\n"
        "date: 2024\n"
        "---\n"
        "Body text of the note.\n"
    )
    assert document.title == "Quoted: with colon"
    assert document.authors == ("Jane Roe, Ph.D.",)
    assert document.topics == ("One", "Two")
    assert document.date == "2024"


def test_a_leading_horizontal_rule_is_not_front_matter():
    document = markdown("---\nJust a line between rules\n---\n\nText after.\n")
    assert document.date == "" and document.type == ""
    assert [s.title for s in document.sections] == ["Just a line between rules"]  # a setext heading


def test_sidecar_wins_over_front_matter():
    document = markdown("---\ntitle: From Front Matter\n---\nText.\n", meta={"title": "From Sidecar"})
    assert document.title == "From Sidecar"


def test_title_falls_back_like_articles():
    assert markdown("A short opening line\n\nThen a paragraph of text.\n").title == "A short opening line"
    assert markdown("## Only a subheading\n\nThe first sentence here. Another.\n").title == (
        "The first sentence here"
    )


def test_tables_keep_their_cells():
    document = markdown("Intro.\n\n| a | b |\n|---|---|\n| one | two |\n")
    assert "one | two" in document.text
