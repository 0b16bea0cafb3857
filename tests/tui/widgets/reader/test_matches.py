"""The reader's matches without an app: which are kept, where they are, and where n/N go.

A reader notices these as a "3/14" that counts something they cannot see, a
highlight on the wrong word, or `n` that skips a match or jumps backwards.
"""

from __future__ import annotations

from search.model import Document, Section
from tui.widgets.reader.blocks import Blocks
from tui.widgets.reader.layout import Layout
from tui.widgets.reader.matches import Matches, find_folded

LEAD = "Alpha beta gamma.\n\nDelta\tepsilon beta."
ONE = "Beta again, and beta once more."
TWO = " ".join(f"filler{n}" for n in range(60)) + " beta at the end."


def document() -> Document:
    return Document(
        "m.txt",
        "m.txt",
        title="Beta title",
        sections=(
            Section("lead", "", 0, LEAD),
            Section("one", "Beta heading", 2, ONE),
            Section("two", "Two", 2, TWO),
        ),
    )


def setup(column: int = 20) -> tuple[Document, Blocks, Layout]:
    doc = document()
    blocks = Blocks.of(doc)
    return doc, blocks, Layout(blocks, column)


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def spans_of(matches: Matches) -> list[tuple[int, int]]:
    return list(zip(matches.starts, matches.ends))


# ---------------------------------------------------------------------------- the set


def test_engine_spans_are_clipped_deduplicated_and_in_document_order():
    doc, blocks, _ = setup()
    spans = {
        "two": [("text", *at(TWO, "beta"))],
        "one": [("text", *at(ONE, "beta")), ("text", *at(ONE, "beta")), ("title", 0, 4), ("text", 25, 999)],
        "lead": [("text", *at(LEAD, "beta", 1)), ("text", *at(LEAD, "beta"))],
    }
    matches = Matches.from_spans(spans, doc, blocks)
    assert spans_of(matches) == [
        at(LEAD, "beta"), at(LEAD, "beta", 1),  # the lead's, sorted
        (0, 4),  # section one's title comes before its text
        at(ONE, "beta"), (25, len(ONE)),  # the duplicate counted once; the overlong span clipped
        at(TWO, "beta"),
    ]
    assert matches.count == len(matches) == 6
    assert matches.bounds == [0, 0, 2, 3, 5, 5, 6]
    assert matches.position == (0, 6) and matches.current is None


def test_spans_the_reader_cannot_show_are_not_counted():
    doc, blocks, _ = setup()
    spans = {
        "lead": [("title", 0, 3)],  # the lead shows no heading
        "nowhere": [("text", 0, 3)],
        "one": [("caption", 0, 3), ("text", 5, 5), ("text", -4, 2), ("title", 40, 50)],
    }
    matches = Matches.from_spans(spans, doc, blocks)
    assert spans_of(matches) == [(0, 2)]  # only the span clipped at the start survives
    assert Matches.from_spans(None, doc, blocks).count == 0
    assert Matches.from_spans(spans, None, blocks).count == 0


def test_find_is_case_insensitive_in_shown_titles_and_texts():
    doc, blocks, _ = setup()
    matches = Matches.find("BETA", doc, blocks)
    # The document title is not a section; the lead has no heading; section one's heading is shown.
    assert matches.count == 2 + 1 + 2 + 1
    assert matches.bounds == [0, 0, 2, 3, 5, 5, 6]
    assert spans_of(matches)[2] == (0, 4)
    assert Matches.find("absent", doc, blocks).count == 0
    assert Matches.find("beta", None, blocks).count == 0


def test_find_folded_maps_folded_offsets_back_to_the_source():
    text = "Straße and STRASSE and strasse"
    starts, ends = find_folded(text, "strasse")
    assert [text[s:e] for s, e in zip(starts, ends)] == ["Straße", "STRASSE", "strasse"]
    assert find_folded("aaaa", "aa") == ([0, 2], [2, 4])  # not overlapping
    assert find_folded("", "a") == ([], []) and find_folded("a", "") == ([], [])


def test_first_in_section():
    doc, blocks, _ = setup()
    matches = Matches.find("beta", doc, blocks)
    assert [matches.first_in_section(index) for index in range(3)] == [0, 2, 5]
    assert Matches.find("again", doc, blocks).first_in_section(0) is None


# ---------------------------------------------------------------------------- lines


def test_a_match_is_on_the_line_that_shows_it():
    doc, blocks, layout = setup()
    matches = Matches.find("beta", doc, blocks)
    for index in range(matches.count):
        line = matches.line_of(index, layout)
        assert "beta" in layout.text_of(line).casefold(), index
    heading = matches.line_of(2, layout)
    assert layout.text_of(heading) == "Beta heading" and heading == layout.section_line[1]
    assert matches.line_of(5, layout) > matches.line_of(4, layout) > heading


def test_lines_follow_a_new_layout():
    doc, blocks, narrow = setup(20)
    wide = Layout(blocks, 80)
    matches = Matches.find("beta", doc, blocks)
    last = matches.count - 1
    assert matches.line_of(last, narrow) > matches.line_of(last, wide)
    assert "beta" in wide.text_of(matches.line_of(last, wide))
    assert matches.line_of(last, Layout()) == 0  # not laid out yet


def test_first_match_at_or_below_a_line():
    doc, blocks, layout = setup()
    matches = Matches.find("beta", doc, blocks)
    assert matches.first_at_line(0, layout) == 0  # the header: from the start
    for index in range(matches.count):
        line = matches.line_of(index, layout)
        first = matches.first_at_line(line, layout)
        assert first <= index and matches.line_of(first, layout) == line
    assert matches.first_at_line(layout.section_line[1], layout) == 2
    assert matches.first_at_line(layout.line_count, layout) == matches.count


def test_highlights_are_display_spans_on_the_line_drawn():
    doc, blocks, layout = setup(80)
    matches = Matches.find("epsilon", doc, blocks)
    block = blocks.text_blocks[0][1]  # "Delta    epsilon beta." (the tab shows as four spaces)
    text = blocks[block].text
    [(start, end, index)] = matches.highlights(blocks[block], 0, len(text))
    assert text[start:end] == "epsilon" and index == 0
    assert matches.highlights(blocks[block], 0, 5) == []  # not on this part of the line
    assert matches.highlights(blocks[blocks.text_blocks[0][0]], 0, 18) == []  # another block


def test_a_match_cut_by_a_line_break_is_highlighted_on_both_lines():
    doc = Document("x", "x", sections=(Section("lead", "", 0, "abc " + "x" * 30),))
    blocks = Blocks.of(doc)
    layout = Layout(blocks, 10)
    matches = Matches.from_spans({"lead": [("text", 6, 16)]}, doc, blocks)
    block = blocks[blocks.text_blocks[0][0]]
    parts = []
    for line in range(layout.line_count):
        if layout.line_block[line] == blocks.text_blocks[0][0]:
            for start, end, _ in matches.highlights(block, layout.line_start[line], layout.line_end[line]):
                parts.append(block.text[start:end])
    assert "".join(parts) == "x" * 10 and len(parts) == 2


# ---------------------------------------------------------------------------- moving


def test_next_goes_on_from_the_current_match_while_it_is_on_screen():
    doc, blocks, layout = setup()
    matches = Matches.find("beta", doc, blocks)
    height = layout.line_count  # everything on screen
    assert matches.next_from(0, height, layout) == 0
    matches.current = 0
    assert matches.next_from(0, height, layout) == 1
    matches.current = 4
    assert matches.next_from(0, height, layout) == 5
    matches.current = 5
    assert matches.next_from(0, height, layout) is None  # past the last: no wrapping round
    assert matches.previous_from(0, height, layout) == 4
    matches.current = 0
    assert matches.previous_from(0, height, layout) is None  # before the first


def test_after_scrolling_away_next_and_previous_start_from_the_viewport():
    doc, blocks, layout = setup()
    matches = Matches.find("beta", doc, blocks)
    matches.current = 0
    top = layout.section_line[2]  # section two at the top; match 0 is off screen
    assert matches.next_from(top, 3, layout) == 5
    bottom_of_one = layout.section_line[2]
    assert matches.previous_from(layout.section_line[1], bottom_of_one - layout.section_line[1], layout) == 4
    assert matches.previous_from(0, 1, layout) is None  # nothing above the bottom of a one-line view at the top


def test_first_and_last_and_an_empty_set():
    doc, blocks, layout = setup()
    matches = Matches.find("beta", doc, blocks)
    assert (matches.first(), matches.last()) == (0, 5)
    matches.current = 3
    assert matches.position == (4, 6)
    empty = Matches.from_spans(None, doc, blocks)
    assert (empty.first(), empty.last(), empty.position) == (None, None, (0, 0))
    assert Matches().position == (0, 0)  # no document
    assert empty.next_from(0, 10, layout) is None and empty.previous_from(0, 10, layout) is None


def test_find_marks_at_most_the_capped_number_of_occurrences(monkeypatch):
    from search.model import Document, Section
    from tui.widgets.reader import matches as module
    from tui.widgets.reader.blocks import Blocks as DocumentBlocks

    monkeypatch.setattr(module, "MAX_FOUND", 5)
    document = Document("d", "d", sections=tuple(Section(f"s{i}", f"Line {i}", 2, "line line") for i in range(4)))
    found = module.Matches.find("line", document, DocumentBlocks.of(document))
    assert found.count == 5
    assert module.find_folded("a a a a", "a", 2) == ([0, 2], [1, 3])
