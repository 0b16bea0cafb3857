"""The reader's text layout without an app: wrapping, display shifts, blocks, lines <-> offsets.

A reader notices these as words cut in the wrong place, a line that runs past the
pane, a highlight on the wrong word, or a resize that loses their place; each is
checked here on the plain model, so a failure points at the layout, not at Textual.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from search.model import Caption, Document, Section
from tests.conftest import REPO
from tui.sanitize import visible, visible_block
from tui.widgets.reader.blocks import SUMMARY_NOTE, Blocks, display, paragraphs, to_display, to_source
from tui.widgets.reader.layout import Layout
from tui.widgets.reader.wrap import cells, wrap_offsets


def pieces(text: str, width: int) -> list[str]:
    return [text[a:b] for a, b in wrap_offsets(text, width)]


# ---------------------------------------------------------------------------- wrapping



def test_wrap_breaks_at_spaces_and_cuts_long_words():
    text = "alpha beta gamma " + "x" * 25 + " delta\nshort"
    lines = [text[a:b] for a, b in wrap_offsets(text, 10)]
    assert lines == ["alpha beta", "gamma", "x" * 10, "x" * 10, "xxxxx", "delta", "short"]


def test_wrap_measures_wide_characters_in_cells():
    text = "日本語のテキスト " * 10
    for a, b in wrap_offsets(text, 11):
        assert cell_len(text[a:b]) <= 11
    assert "".join(text[a:b] for a, b in wrap_offsets(text, 11)).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab cd\u00e9\u2019\u65e5\u672c\n\U0001f44d\u0301")), max_size=200),
    st.integers(min_value=1, max_value=30),
)
def test_wrap_never_overflows_and_never_loses_a_character(text, width):
    lines = wrap_offsets(text, width)
    previous_end = 0
    for start, end in lines:
        assert start >= previous_end
        assert cell_len(text[start:end]) <= width or end - start == 1  # one glyph wider than the line
        previous_end = end
    shown = "".join(text[start:end] for start, end in lines)
    assert shown.replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_wrap_keeps_single_newlines_and_empty_text():
    assert wrap_offsets("one\ntwo", 40) == [(0, 3), (4, 7)]
    assert wrap_offsets("", 40) == [(0, 0)]


def test_wrap_to_one_cell_and_to_nothing_keeps_every_character():
    assert pieces("abc de", 1) == ["a", "b", "c", "d", "e"]
    assert pieces("abc", 0) == ["a", "b", "c"]  # a width below one is one
    assert pieces("日本", 1) == ["日", "本"]  # a glyph wider than the line still shows


def test_a_wrapped_line_never_starts_with_the_spaces_it_broke_at():
    lines = pieces("one   two three", 5)
    assert [line.rstrip() for line in lines] == ["one", "two", "three"]
    assert not any(line.startswith(" ") for line in lines[1:])
    assert pieces("a  b", 10) == ["a  b"]  # spaces inside a line are the text's own
    assert pieces("  lead", 10) == ["  lead"]  # and so is the indentation of a line


def test_wrap_keeps_empty_lines_and_a_trailing_newline():
    assert wrap_offsets("a\n\nb", 10) == [(0, 1), (2, 2), (3, 4)]
    assert wrap_offsets("a\n", 10) == [(0, 1), (2, 2)]
    assert wrap_offsets("\n", 10) == [(0, 0), (1, 1)]


def test_wrap_cuts_a_long_word_in_cells_among_wide_characters():
    text = "x 日本語日本語日本語 y"
    lines = pieces(text, 6)
    assert lines == ["x", "日本語", "日本語", "日本語", "y"]
    assert all(cell_len(line) <= 6 for line in lines)


def test_wrap_counts_combining_marks_as_no_width():
    text = "e\u0301" * 8  # é as e + combining acute: 8 cells, 16 characters
    assert pieces(text, 8) == [text]
    assert [cell_len(line) for line in pieces(text + " more", 8)] == [8, 4]


def test_narrow_unicode_wraps_like_ascii():
    """Curly quotes and dashes take the fast one-cell path, and land where ASCII would."""
    curly = "\u201cquoted\u201d words \u2014 and more words \u2019til the end of the line"
    plain = curly.translate({0x201C: '"', 0x201D: '"', 0x2014: "-", 0x2019: "'"})
    for width in (5, 9, 13, 40):
        assert wrap_offsets(curly, width) == wrap_offsets(plain, width)


def test_cells_are_terminal_columns():
    assert cells("abc") == 3
    assert cells("日本") == 4
    assert cells("e\u0301") == 1
    assert cells("") == 0


# ---------------------------------------------------------------------------- display text


def test_paragraphs_are_separated_by_blank_lines():
    text = "\n\nfirst line\nsecond line\n\n  \n\t\nnext  \n\n\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["first line\nsecond line", "next"]
    assert paragraphs("") == [] and paragraphs("\n \n") == []
    assert paragraphs("one") == [(0, 3)]


def test_display_text_is_sanitized_and_only_shifts_when_lengths_change():
    text, shift = display("plain words", multiline=True)
    assert (text, shift) == ("plain words", None)
    text, shift = display("bell\x07 esc\x1b", multiline=False)
    assert text == "bell␇ esc␛" and shift is None  # a control picture is one character
    text, shift = display("a\tb", multiline=True)
    assert text == "a    b" and shift is not None
    assert (to_display(shift, 0), to_display(shift, 1), to_display(shift, 2), to_display(shift, 3)) == (0, 1, 5, 6)
    text, shift = display("a\tb", multiline=False)
    assert text == "a b" and to_display(shift, 2) == 2
    text, shift = display("x\u202ey\u202cz", multiline=False)
    assert text == "xyz"
    assert [to_display(shift, offset) for offset in range(6)] == [0, 1, 1, 2, 2, 3]


def test_display_offsets_translate_back_to_the_source():
    text, shift = display("ab\tcd\u202eef", multiline=True)
    assert text == "ab    cdef"
    length = len("ab\tcd\u202eef")
    assert to_source(shift, 2, length) == 2  # the tab
    assert [to_source(shift, offset, length) for offset in (3, 4, 5)] == [3, 3, 3]  # inside the tab: after it
    assert to_source(shift, 6, length) == 3  # "c"
    assert to_source(shift, 8, length) == 5  # the dropped override shares its place with "e"
    assert to_source(shift, len(text), length) == length
    assert to_source(None, 7, 10) == 7


_SOURCE = st.text(alphabet=st.sampled_from(list("ab \t\n\x1b\x07\x9b\u202a\u202e\u2066\u2069\u00e9\u65e5")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_SOURCE, st.booleans())
def test_every_source_character_shows_at_its_display_offset(source, multiline):
    """Control pictures, tabs and dropped bidi controls: offsets round-trip."""
    text, shift = display(source, multiline=multiline)
    make_visible = visible_block if multiline else visible
    assert text == make_visible(source)
    assert to_display(shift, len(source)) == len(text)
    for index, char in enumerate(source):
        shown = make_visible(char)
        at = to_display(shift, index)
        assert text[at : at + len(shown)] == shown
        back = to_source(shift, at, len(source))
        assert to_display(shift, back) == at
        if not (index and make_visible(source[index - 1]) == ""):  # not right after a dropped one
            assert back == index


# ---------------------------------------------------------------------------- blocks


def document() -> Document:
    return Document(
        doc_id="d.txt",
        path="d.txt",
        title="The Title",
        date="2024-11-14",
        authors=("Ann", "Bob"),
        type="Analysis",
        kind="summary",
        url="https://example.org/d",
        sections=(
            Section("lead", "", 0, "Lead paragraph one.\n\nLead\tparagraph two."),
            Section("s1", "First heading", 1, "Body of one."),
            Section("s2", "Second \u202eheading", 2, ""),
        ),
        captions=(Caption("A caption", "s1"), Caption("An orphan caption", "nowhere")),
    )


def test_blocks_are_the_document_in_reading_order():
    blocks = Blocks.of(document())
    shown = [(block.text, block.style, block.section, block.part, block.gap) for block in blocks.blocks]
    assert shown == [
        ("The Title", "reader--title", -1, "", False),
        ("2024-11-14 · Ann, Bob · Analysis", "reader--meta", -1, "", False),
        (SUMMARY_NOTE, "reader--meta", -1, "", False),
        ("https://example.org/d", "reader--meta", -1, "", False),
        ("An orphan caption", "reader--caption", 0, "", True),  # unknown section: shown first
        ("Lead paragraph one.", "", 0, "text", True),
        ("Lead    paragraph two.", "", 0, "text", True),
        ("First heading", "reader--heading-1", 1, "title", True),
        ("A caption", "reader--caption", 1, "", True),
        ("Body of one.", "", 1, "text", True),
        ("Second heading", "reader--heading-2", 2, "title", True),
    ]
    assert blocks.section_first_block == [4, 7, 10]
    assert blocks.heading_block == {1: 7, 2: 10}  # the lead has no heading
    assert blocks.text_blocks == {0: [5, 6], 1: [9], 2: []}
    assert blocks.text_origins == {0: [0, 21], 1: [0], 2: []}
    assert blocks[6].origin == 21 and blocks[6].length == len("Lead\tparagraph two.")


def test_a_document_without_a_title_is_named_by_its_id_and_none_has_no_blocks():
    untitled = Blocks.of(Document("id.txt", "id.txt", sections=(Section("lead", "", 0, "x"),)))
    assert [block.text for block in untitled.blocks] == ["id.txt", "x"]
    assert len(Blocks.of(None)) == 0


def test_locate_finds_where_a_source_offset_shows():
    blocks = Blocks.of(document())
    assert blocks.locate(0, "text", 0) == (5, 0)
    assert blocks.locate(0, "text", 21 + 5) == (6, 8)  # after the tab, which shows as four spaces
    assert blocks.locate(0, "text", 20) == (6, 0)  # in the blank line: the start of the paragraph after
    assert blocks.locate(1, "title", 6) == (7, 6)
    assert blocks.locate(2, "title", 8) == (10, 7)  # after a dropped override
    assert blocks.locate(0, "title", 0) is None  # the lead shows no heading
    assert blocks.locate(2, "text", 0) is None  # nor does an empty text


# ---------------------------------------------------------------------------- lines


def laid_out(column: int) -> Layout:
    return Layout(Blocks.of(document()), column)


def test_layout_wraps_blocks_with_a_blank_line_between_them():
    layout = laid_out(14)
    lines = [layout.text_of(line) for line in range(layout.line_count)]
    assert lines[:5] == ["The Title", "2024-11-14 ·", "Ann, Bob ·", "Analysis", "Summary of a"]
    assert "" in lines and lines[lines.index("An orphan") - 1] == ""
    assert lines[-3:] == ["Body of one.", "", "Second heading"]
    assert all(cells(line) <= 14 for line in lines)
    assert layout.line_block.count(-1) == sum(block.gap for block in Blocks.of(document()).blocks)


def test_line_of_an_offset_and_offset_of_a_line_agree():
    layout = laid_out(10)
    for line in range(layout.line_count):
        place = layout.offset_of(line)
        if place is None:
            assert layout.line_block[line] == -1
            continue
        block, offset = place
        assert layout.line_of(block, offset) == line
        end = layout.line_end[line]
        assert layout.line_of(block, end - 1 if end > offset else offset) == line
    assert layout.offset_of(-1) is None and layout.offset_of(layout.line_count) is None
    title = layout.line_of(0, 0)
    assert title == 0 and layout.line_of(0, 10_000) == layout.block_lines[0][1] - 1  # past the end: the last line


def test_source_of_a_line_goes_through_the_shift():
    layout = laid_out(10)
    block = 6  # "Lead    paragraph two." from "Lead\tparagraph two."
    first, stop = layout.block_lines[block]
    assert [layout.text_of(line).rstrip() for line in range(first, stop)] == ["Lead", "paragraph", "two."]
    assert layout.source_of(first + 1) == (block, len("Lead\t"))
    assert layout.source_of(first - 1) is None  # the blank line above it


def test_an_anchor_finds_the_same_text_after_rewrapping():
    narrow, wide = laid_out(10), laid_out(40)
    top = narrow.line_of(6, narrow.line_start[narrow.block_lines[6][0] + 1])  # "paragraph two."
    anchor = narrow.anchor(top)
    assert wide.text_of(wide.line_of_anchor(anchor)) == "Lead    paragraph two."
    blank = narrow.block_lines[6][0] - 1
    assert narrow.anchor(blank) == (6, -1)  # a blank line: the block below, and its gap
    assert wide.line_of_anchor((6, -1)) == wide.block_lines[6][0] - 1
    assert narrow.anchor(narrow.line_count) is None


def test_sections_have_lines_and_the_first_holds_the_header():
    layout = laid_out(40)
    first, heading_1, heading_2 = layout.section_line
    assert first == 0
    assert layout.text_of(heading_1) == "First heading" and layout.text_of(heading_2) == "Second heading"
    assert layout.section_at(0) == 0 and layout.section_at(heading_1 - 1) == 0
    assert layout.section_at(heading_1) == 1 and layout.section_at(10_000) == 2
    assert layout.next_section_line(0) == heading_1 and layout.next_section_line(heading_2) is None
    assert layout.previous_section_line(heading_1 + 1) == heading_1
    assert layout.previous_section_line(heading_1) == 0 and layout.previous_section_line(0) is None


def test_scroll_height_leaves_room_for_the_last_heading_to_reach_the_top():
    layout = laid_out(40)
    assert layout.scroll_height(1) == layout.line_count
    assert layout.scroll_height(24) == layout.section_line[-1] + 24


def test_the_empty_layout_has_nothing_in_it():
    for layout in (Layout(), Layout(Blocks.of(None), 40)):
        assert layout.line_count == 0 and layout.section_line == []
        assert layout.section_at(0) is None and layout.next_section_line(0) is None
        assert layout.anchor(0) is None
    assert not Layout() and laid_out(40) and laid_out(40).column == 40


def test_the_layout_modules_load_no_textual():
    """The model can be imported (and tested, and reused) without the widget's framework."""
    script = textwrap.dedent(
        """
        import json, sys
        import tui.widgets.reader.blocks, tui.widgets.reader.layout
        import tui.widgets.reader.matches, tui.widgets.reader.wrap
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "textual")))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], "the reader's layout imports Textual"
