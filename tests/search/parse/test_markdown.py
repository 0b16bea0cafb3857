"""Markdown: headings, front matter, code fences, light syntax stripping, the title rule."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_list_items_are_paragraphs_marked_as_items(notes):
    section = notes.section("daily-counts")
    assert "\u2022 Monday: 420 crossings\n\n\u2022 Tuesday: 380 crossings" in section.text
    items = [(section.text[m.start : m.end], m.info) for m in section.marks if m.kind == "item"]
    assert items == [("\u2022 Monday: 420 crossings", "1"), ("\u2022 Tuesday: 380 crossings", "1")]


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
    assert document.title == "Just a line between rules"  # a setext heading, the first block
    assert [s.id for s in document.sections] == ["lead"]


def test_sidecar_wins_over_front_matter():
    document = markdown("---\ntitle: From Front Matter\n---\nText.\n", meta={"title": "From Sidecar"})
    assert document.title == "From Sidecar"


def test_title_falls_back_like_articles():
    assert markdown("A short opening line\n\nThen a paragraph of text.\n").title == "A short opening line"
    assert markdown("The first sentence here. Another one follows it.\n\n## Part\n\nText.\n").title == (
        "The first sentence here"
    )


def test_a_first_heading_of_any_level_is_the_title():
    document = markdown("## Only a subheading\n\nThe first sentence here.\n\n# A Bigger Part\n\nMore.\n")
    assert document.title == "Only a subheading"
    assert [(s.title, s.level) for s in document.sections] == [("", 0), ("A Bigger Part", 1)]


def test_tables_keep_their_cells():
    document = markdown("Intro.\n\n| a | b |\n|---|---|\n| one | two |\n")
    assert "a\tb\none\ttwo" in document.text


# A book chapter, a tldr-like page and a README, written in the shape of real ones.
MD = FIXTURES / "md"


@pytest.fixture(scope="module")
def chapter():
    return parse_file(MD / "chapter.md", "chapter.md")


def marked(section, kind):
    return [(section.text[m.start : m.end], m.info) for m in section.marks if m.kind == kind]


def test_a_chapter_opening_at_level_two_is_titled_by_its_heading(chapter):
    assert chapter.title == "Keeping Bees in a Small Garden"
    assert [(s.title, s.level) for s in chapter.sections] == [("", 0), ("Choosing a Spot", 1)]


def test_inline_html_keeps_its_text_and_reader_attributes_and_nothing_else(chapter):
    text = chapter.text
    assert "Filename: src/hive.rs" in text.split("\n\n")
    assert "Counting the frames of a hive" in text.split("\n\n")  # the Listing's caption
    assert "A wooden hive with three boxes stacked on a stand" in text  # an image's alt
    assert "Figure 3-1: A hive on its stand" in text
    for leak in ("number=", "3-1\"", "file-name", "<", ">", "span", "manual-regeneration", "class="):
        assert leak not in text.replace("-> usize", ""), leak


def test_generator_directives_are_not_text(chapter):
    text = chapter.text
    for leak in ("{{", "}}", "{%", "rustdoc_include", "output.txt", "footer.html", "note title"):
        assert leak not in text, leak
    assert "Cold snaps slow a colony down." in text  # the shortcode's content stays
    assert "Written for readers." in text  # a template tag left over in prose goes
    # The fence that only included a file is gone; the one with code is code, with its language.
    assert marked(chapter.sections[0], "code") == [
        ("fn frames(hive: &Hive) -> usize {\n    hive.boxes.iter().map(|b| b.frames).sum()\n\n}", "rust")
    ]


def test_inline_code_and_links_are_marked_with_the_target_as_written(chapter):
    lead = chapter.sections[0]
    assert marked(lead, "icode") == [("hive", "")]
    assert marked(lead, "link") == [("Chapter 2", "ch02-00-tools.md#the-hive-tool")]


def test_tables_lists_and_quotes_are_blocks_of_their_kind(chapter):
    spot = chapter.section("choosing-a-spot")
    assert marked(spot, "table") == [("Spot\tSun\tWind\nFence corner\tmorning\tlow\nRoof\tall day\thigh", "header")]
    assert marked(spot, "item") == [
        ("1. Face the entrance south-east.", "1"),
        ("2. Keep a clear flight path:", "1"),
        ("\u2022 no hedges in front", "2"),
        ("\u2022 no paths crossing it", "2"),
    ]
    assert marked(spot, "quote") == [("A hive placed well is half the work.", "")]
    assert all(m.end <= len(spot.text) for m in spot.marks)
    assert list(spot.marks) == sorted(spot.marks, key=lambda m: m.start)


def test_a_command_page_reads_as_its_title_description_and_examples():
    page = parse_file(MD / "pwgen-example.md", "pwgen.md")
    assert page.title == "pwgen"
    lead = page.sections[0]
    assert lead.text.split("\n\n") == [
        "Make pronounceable passwords. More information: https://example.org/pwgen.",
        "\u2022 Make one password of 12 characters:",
        "pwgen {{12}} 1",
        "\u2022 Make passwords with at least one symbol:",
        "pwgen {{[-y|--symbols]}}",
    ]
    assert marked(lead, "icode") == [("pwgen {{12}} 1", ""), ("pwgen {{[-y|--symbols]}}", "")]
    assert marked(lead, "link") == [("https://example.org/pwgen", "https://example.org/pwgen")]


def test_badges_and_a_logo_before_the_first_heading_do_not_take_the_title():
    readme = parse_file(MD / "readme.md", "readme.md")
    assert readme.title == "Teapot"
    assert "Teapot brews a cup of status for your servers." in readme.text


def test_a_fence_language_is_its_first_word():
    document = markdown("Text.\n\n~~~ {.python .numbers}\nx = 1\n~~~\n\n```c++\nint x;\n```\n")
    assert [m.info for m in document.sections[0].marks] == ["python", "c++"]


MD_PIECES = [
    "# ", "## ", "x", "Word ", "`code`", "``", "[a](b)", "[a]", "(b)", "![i](p)", "<br>", "<b>", "</b>",
    '<Listing caption="c">', "</Listing>", "{{#include x}}", "{{< y >}}", "{% z %}", "{{ t }}", "{{", "}}",
    "| a | b |\n", "|---|---|\n", "- ", "1. ", "> ", "```rust\n", "```\n", "    ", "\n", "\n\n", "*", "_",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MD_PIECES), max_size=40))
def test_any_arrangement_of_markdown_keeps_its_marks_inside_the_text(pieces):
    document = markdown("".join(pieces))
    for section in document.sections:
        starts = [m.start for m in section.marks]
        assert starts == sorted(starts)
        for mark in section.marks:
            assert 0 <= mark.start < mark.end <= len(section.text)
            if mark.kind in ("code", "table", "item", "quote"):
                assert mark.start == 0 or section.text[mark.start - 2 : mark.start] == "\n\n"


def test_a_caption_written_with_inline_code_reads_without_its_backticks():
    from search.parse import parse_text

    document = parse_text(
        '## Frames\n\n<Listing number="2-4" caption="A hive that counts `frames` and `bees`">\n\n'
        "```rust\nfn main() {}\n```\n\n</Listing>\n",
        doc_id="x.md",
        fmt="markdown",
    )
    assert "A hive that counts frames and bees" in document.text.split("\n\n")
    assert "`" not in document.text


def test_letters_marked_in_brackets_inside_words_leave_the_words_whole():
    # tldr-pages marks an option's letter inside the word that names it.
    page = markdown("# packer\n\n> Packs files.\n\n- [c]reate a g[z]ipped pack and E[x]tract it [v]erbosely:\n\n`packer czf x`\n")
    assert "\u2022 create a gzipped pack and Extract it verbosely:" in page.text.split("\n\n")
    # A task box, a link and an index are not letters inside words.
    other = markdown("Notes.\n\n- [x] done\n\nSee [a](b.md) and list[i] or [ab] cd.\n")
    assert "[x] done" in other.text and "list[i]" in other.text and "[ab] cd" in other.text
