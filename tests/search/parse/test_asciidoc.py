"""AsciiDoc pages (git's documentation is written so) read as their rendered page reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.parse import format_for, parse_file, parse_text

PAGE = Path(__file__).parent / "fixtures" / "asciidoc" / "hive-count.txt"


@pytest.fixture(scope="module")
def page():
    return parse_file(PAGE, "hive-count.txt")


def marked(section, kind):
    return [(section.text[m.start : m.end], m.info) for m in section.marks if m.kind == kind]


def test_a_txt_page_in_asciidoc_is_read_as_asciidoc():
    assert format_for(PAGE, PAGE.read_text()) == "asciidoc"
    assert format_for("notes.adoc", "Just words.") == "asciidoc"
    # reStructuredText shares "::" and "----" with it, but none of its own signs
    rst = "Title\n-----\n\nSome text::\n\n    code\n\n.. note::\n\n   A note.\n"
    assert format_for("page.txt", rst) != "asciidoc"


def test_the_page_title_and_its_sections(page):
    assert page.title == "hive-count(1)"
    assert [s.title for s in page.sections] == ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COUNTING RULES", "EXAMPLES"]
    assert {s.level for s in page.sections} == {1}


def test_no_markup_of_asciidoc_is_text(page):
    text = page.text
    for leak in ("linkgit:", "include::", "[verse]", "[NOTE]", "[[", "<<", "link:", "----", "::", "'hive-count'", "`"):
        assert leak not in text, leak


def test_inline_links_read_as_a_rendered_page_shows_them(page):
    description = page.section("description")
    assert "that hive-report(1) prints" in description.text
    assert "see also\nthe keeper's manual and\nthe counting rules." in description.text
    assert ("hive-report(1)", "linkgit:hive-report") in marked(description, "link")
    assert ("the keeper's manual", "https://example.org/bees/manual.html") in marked(description, "link")


def test_terms_and_their_indented_definitions(page):
    options = page.section("options")
    assert [text for text, _ in marked(options, "term")] == ["-n", "--dry-run", "--apiary=<path>"]
    assert "Show which hives would be counted, without opening any.\nSee hive-open(1) for what opening means." in options.text
    assert marked(options, "code") == []  # a definition is indented, not a literal block
    assert ("~/apiary", "") in marked(options, "icode")


def test_lists_notes_and_code(page):
    rules = page.section("counting-rules")
    assert "A frame with no comb is still a frame." in rules.text
    assert [text for text, _ in marked(rules, "item")] == [
        "• Brood frames count once.",
        "• Honey frames count once\neven when capped.",
        "1. Open the first box.",
        "2. Count from the left.",
    ]
    examples = page.section("examples")
    code = [text for text, _ in marked(examples, "code")]
    assert code == ["$ hive-count north-hive south-hive\nnorth-hive: 10 frames", "\t$ hive-count --dry-run"]


def test_a_howto_titled_after_its_mail_headers():
    document = parse_text(
        "Date: Mon, 2 Mar 2026 10:00:00 +0100\nFrom: A Keeper <keeper@example.org>\nSubject: Re: frames\n"
        "Content-type: text/asciidoc\n\nHow to move a hive\n==================\n\nAt night, when the bees are home.\n",
        doc_id="howto/move.txt",
        path="howto/move.txt",
        fmt=None,
    )
    assert document.title == "How to move a hive"
    assert "At night, when the bees are home." in document.text
