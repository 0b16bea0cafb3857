"""reStructuredText: section structure from adornments, no markup leaking, blocks kept as blocks."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "text"


def rst(text: str):
    return parse_text(text, doc_id="r.rst", path="r.rst", fmt="rst")


@pytest.fixture(scope="module")
def hives():
    # A Sphinx source in the shape of Python's library pages (``_sources/*.rst.txt``).
    return parse_file(FIXTURES / "hives.rst.txt", "hives.rst.txt")


def marked(section, kind):
    return [(section.text[m.start : m.end], m.info) for m in section.marks if m.kind == kind]


def test_a_sphinx_page_is_titled_by_its_first_title_without_role_syntax(hives):
    assert hives.title == "hives --- Counting bees in frames"
    assert [(s.title, s.level) for s in hives.sections] == [("", 0), ("Basic usage", 1)]


def test_directive_markers_targets_and_builder_fields_do_not_leak(hives):
    text = hives.text
    for leak in (":orphan:", ".. ", "::", "_hives-module", "moduleauthor", "A. Keeper", "synopsis", "single: frames", ":mod:", "`", "**", "[#estimate]"):
        assert leak not in text, leak


def test_prose_inside_directives_is_kept(hives):
    text = hives.text
    assert "Counts are estimates." in text  # a note
    assert "New in version 3.2." in text
    assert "Bees move while they are counted." in text  # a footnote
    assert "Source code: Lib/hives.py" in text


def test_an_object_description_keeps_its_signature_as_a_term(hives):
    usage = hives.section("basic-usage")
    assert marked(usage, "term") == [("count(hive, *, frames=None, strict=False)", "")]
    assert "Return the number of bees in hive, as an int." in usage.text


def test_literal_blocks_doctests_and_code_directives_are_code(hives):
    usage = hives.section("basic-usage")
    assert "Example:\n\n>>> count(Hive())" in usage.text  # "Example::" shows as "Example:"
    assert marked(usage, "code") == [
        (">>> count(Hive())\n1200", ""),
        (">>> count(Hive(), strict=True)\n1200", "pycon"),
        ("hive = Hive(frames=10)", "python"),
    ]


def test_lists_quotes_inline_code_and_links_are_marked(hives):
    usage = hives.section("basic-usage")
    assert marked(usage, "item") == [
        ("\u2022 Check the frames first.", "1"),
        ("\u2022 Then count:", "1"),
        ("1. the brood,", "2"),
        ("2. the stores.", "2"),
    ]
    assert marked(usage, "quote") == [("A quoted remark, indented.", "")]
    lead = hives.sections[0]
    assert marked(lead, "link") == [("the beekeeping guide", "https://example.org/guide"), ("frames-howto", ":ref:`frames-howto`")]  # a label, kept as one
    assert ("hives", "") in marked(lead, "icode")


def test_levels_follow_the_order_adornment_styles_appear_in():
    document = rst("=====\nTitle\n=====\n\nAlpha\n-----\n\ntext\n\nBeta\n~~~~\n\ntext\n\nGamma\n-----\n\ntext\n")
    assert document.title == "Title"
    assert [(s.title, s.level) for s in document.sections] == [("Alpha", 1), ("Beta", 2), ("Gamma", 1)]


def test_a_title_style_used_again_keeps_the_levels():
    document = rst("Part one\n========\n\ntext\n\nPart two\n========\n\ntext\n")
    assert document.title == "Part one"
    assert [(s.title, s.level) for s in document.sections] == [("", 0), ("Part two", 1)]


RST_PIECES = [
    ".. note::\n", "   ", "::\n", "====\n", "----\n", "Title\n", "* item\n", "1. x\n", "#. y\n", ".. _t:\n",
    ":orphan:\n", "``code``", "`x <y>`_", ":func:`~a.f`", ":ref:`t <u>`", "\n", "\n\n", ">>> x\n", "+---+\n",
    "| a |\n", ".. [#f] t\n", "[#f]_", "\\\n", ".. function:: f(\\\n", ".. code-block:: c\n", "   :caption: k\n",
    "..\n", "*", "**", "`", "\t",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(RST_PIECES), max_size=40))
def test_any_arrangement_of_rest_syntax_parses_with_marks_inside_the_text(pieces):
    document = rst("".join(pieces))
    for section in document.sections:
        for mark in section.marks:
            assert 0 <= mark.start < mark.end <= len(section.text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_read_as_rest_never_raises(text):
    rst(text)
