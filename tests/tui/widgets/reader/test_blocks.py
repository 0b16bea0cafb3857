"""Marked blocks without an app: code cut at the column, tables aligned or folded, items hung, exact matches.

A reader notices these as code that wraps like prose, a table whose columns do
not line up (or run off the pane), a list item whose second line starts under
its bullet, or a highlight that lands on a table's padding instead of the word.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from search.model import Document, Mark, Section
from tui.widgets.reader.blocks import Blocks, make_block, pieces
from tui.widgets.reader.code import HIGHLIGHT_LIMIT, code_display, cut_into, language_of, tokens
from tui.widgets.reader.layout import CODE_FRAME, Layout
from tui.widgets.reader.matches import Matches
from tui.widgets.reader.spans import layered
from tui.widgets.reader.table import Table

from .marked import CODE, TABLE, WIDE_TABLE, blocks_document, marked, wide_table_document


def kinds(blocks: Blocks) -> list[tuple[str, str]]:
    return [(block.kind, block.text.split("\n")[0][:12]) for block in blocks.blocks if block.section >= 0 and block.part == "text"]


def lines_of(layout: Layout, block: int) -> list[str]:
    first, stop = layout.block_lines[block]
    return [layout.text_of(line) for line in range(first, stop)]


def block_of(blocks: Blocks, kind: str, nth: int = 0) -> int:
    return [i for i, block in enumerate(blocks.blocks) if block.kind == kind][nth]


def shown_matches(document: Document, layout: Layout, needle: str) -> list[str]:
    """The text each highlight of a find for ``needle`` covers, as drawn line by line."""
    matches = Matches.find(needle, document, layout.blocks)
    shown = []
    for line in range(layout.line_count):
        index = layout.line_block[line]
        if index < 0:
            continue
        block = layout.block(index)
        start, end = layout.line_start[line], layout.line_end[line]
        shown.extend(block.text[a:b] for a, b, _ in matches.highlights(block, start, end))
    return shown


# ---------------------------------------------------------------------------- pieces


def test_a_code_block_with_blank_lines_is_one_block_between_paragraphs():
    blocks = Blocks.of(blocks_document())
    assert kinds(blocks)[:4] == [("", "Call shelve("), ("code", "def shelve(b"), ("", "The keys, as"), ("table", "Key │ Action")]
    code = blocks[block_of(blocks, "code")]
    assert code.text.count("\n") == CODE.count("\n")  # the blank line inside stayed inside
    assert code.info == "python" and code.style == "reader--code"


def test_marks_outside_the_text_or_overlapping_are_ignored_and_no_text_is_lost():
    text = "one\n\ntwo\n\nthree"
    marks = (Mark(0, 3, "code"), Mark(1, 8, "quote"), Mark(5, 99, "table"), Mark(10, 15, "item", "1"))
    got = [(text[a:b], mark.kind if mark else "") for a, b, mark, _ in pieces(text, marks)]
    assert got == [("one", "code"), ("two", ""), ("three", "item")]


def test_items_of_a_list_are_not_set_apart_by_blank_lines():
    blocks = Blocks.of(blocks_document())
    items = [block for block in blocks.blocks if block.kind == "item"]
    assert [block.gap for block in items] == [True, False, False]


# ---------------------------------------------------------------------------- code


def test_code_keeps_indentation_and_puts_tabs_at_tab_stops():
    text, shift = code_display("a\tb\n\tc\nxx\t\ty")
    assert text.split("\n") == ["a   b", "    c", "xx      y"]
    text, _ = code_display(CODE)
    assert "\t" not in text and text.split("\n")[4] == "        shelf = book.home"


def test_a_long_code_line_is_cut_at_the_column_never_at_words():
    text = "short\n" + "word " * 20 + "\n\nend"
    starts: list[int] = []
    ends: list[int] = []
    cut_into(text, 30, starts, ends)
    lines = [text[a:b] for a, b in zip(starts, ends)]
    assert lines == ["short", ("word " * 6), ("word " * 6), ("word " * 6), "word word ", "", "end"]
    assert "".join(lines[1:5]) == "word " * 20  # every character, in order, spaces too


def test_code_cut_measures_wide_characters_in_cells():
    text = "注释" * 10
    starts: list[int] = []
    ends: list[int] = []
    cut_into(text, 7, starts, ends)
    assert all(cell_len(text[a:b]) <= 7 for a, b in zip(starts, ends))
    assert "".join(text[a:b] for a, b in zip(starts, ends)) == text


def test_a_code_block_is_laid_out_cut_to_the_column_less_its_frame():
    document = blocks_document()
    layout = Layout(Blocks.of(document), 60)
    code = block_of(layout.blocks, "code")
    lines = lines_of(layout, code)
    width = 60 - CODE_FRAME
    assert all(cell_len(line) <= width for line in lines)
    long_line = next(line for line in code_display(CODE)[0].split("\n") if "catalogue" in line)
    assert lines[3] == long_line[:width] and lines[4] == long_line[width:]
    assert lines[2] == ""  # the blank line inside the block


def test_tokens_for_a_known_language_and_none_for_plain_or_unknown():
    text = code_display(CODE)[0]
    found = tokens(text, "python")
    assert found is not None
    starts, ends, types = found
    words = {text[a:b]: str(kind) for a, b, kind in zip(starts, ends, types)}
    assert words["def"].startswith("Token.Keyword") and words["None"].startswith("Token.Keyword")
    assert tokens(text, "") is None and tokens(text, "text") is None and tokens(text, "no-such-language") is None
    assert language_of("rust,ignore") == "rust" and language_of("{.python}") == "python"


def test_only_the_first_part_of_a_huge_code_block_is_highlighted():
    text = "x = 1  # a line of code\n" * 200_000  # nearly 5 MB
    found = tokens(text, "python")
    assert found is not None and found[1][-1] <= HIGHLIGHT_LIMIT


# ---------------------------------------------------------------------------- tables


def test_a_table_that_fits_is_aligned_with_its_header_ruled():
    table = Table.of(TABLE, header=True)
    text, _, styled, fillers = table.aligned()
    rows = text.split("\n")
    assert rows[0].split(" │ ") == ["Key", "Action       ", "Where"]
    assert set(rows[1]) == {"─", "┼"}
    bars = {i for row in rows for i, char in enumerate(row) if char in "│┼"}
    assert bars == {row.index("│") for row in rows if "│" in row} | {rows[0].rindex("│")}  # columns line up
    assert [cell.strip() for cell in rows[3].split("│")] == ["n", "next match", "reader, results"]
    header = [text[a:b] for a, b, style in styled if style == "reader--table-header"]
    assert header == ["Key", "Action", "Where"]
    assert all(set(text[a:b]) <= set(" │─┼\n") for a, b in fillers)  # padding and rules are not the source's


def test_a_table_whose_last_column_is_too_wide_wraps_it_inside_its_column():
    document = wide_table_document()
    layout = Layout(Blocks.of(document), 77)
    table = block_of(layout.blocks, "table")
    assert layout.block(table).info == "aligned-29"
    lines = lines_of(layout, table)
    assert lines[2:4] == [
        "columns │ integer │ 80      │ 1.0   │ pane    │ the width text wraps to, in",
        "        │         │         │       │         │ terminal cells",
    ]
    assert all(cell_len(line) <= 77 for line in lines)
    assert len({line.index("│") for line in lines if "│" in line}) == 1


def test_a_table_too_wide_even_so_folds_into_labelled_lines():
    document = wide_table_document()
    layout = Layout(Blocks.of(document), 60)
    table = block_of(layout.blocks, "table")
    assert layout.block(table).info == "folded"
    lines = lines_of(layout, table)
    assert lines[0] == "Name · Kind · Default · Since · Scope · Meaning"
    assert lines[2:8] == [
        "Name: columns", "Kind: integer", "Default: 80", "Since: 1.0", "Scope: pane",
        "Meaning: the width text wraps to, in terminal cells",
    ]
    assert all(cell_len(line) <= 60 for line in lines)
    wide = Layout(layout.blocks, 160)
    assert wide.block(block_of(wide.blocks, "table")).info == "aligned"
    assert lines_of(wide, block_of(wide.blocks, "table"))[0].startswith("Name    │ Kind    │ Default │")


# ---------------------------------------------------------------------------- items, quotes


def test_items_are_indented_by_depth_with_a_hanging_indent_after_the_marker():
    blocks = Blocks.of(blocks_document())
    first, nested, numbered = (blocks[block_of(blocks, "item", n)] for n in range(3))
    assert (first.indent, first.hang) == (2, 4)  # "• " is two cells
    assert (nested.indent, nested.hang) == (4, 6)
    assert (numbered.indent, numbered.hang) == (2, 5)  # "2. " is three
    layout = Layout(blocks, 40)
    assert all(cell_len(line) <= 40 - 4 for line in lines_of(layout, block_of(blocks, "item")))
    quote = blocks[block_of(blocks, "quote")]
    assert (quote.indent, quote.hang, quote.style) == (2, 2, "reader--quote")
    assert blocks[block_of(blocks, "term")].style == "reader--term"


def test_inline_code_and_links_are_styled_spans_and_links_keep_their_target():
    blocks = Blocks.of(blocks_document())
    block = next(block for block in blocks.blocks if block.links)
    assert [(block.text[a:b], style) for a, b, style in block.spans] == [
        ("shelve()", "reader--icode"), ("the catalogue page", "reader--link")
    ]
    assert [(block.text[a:b], target) for a, b, target in block.links] == [("the catalogue page", "catalogue.html#shelves")]


def test_layered_spans_cut_a_line_where_any_starts_or_ends():
    assert layered(0, 10, [(2, 8, "link"), (4, 6, "match")]) == [
        (0, 2, []), (2, 4, ["link"]), (4, 6, ["link", "match"]), (6, 8, ["link"]), (8, 10, [])
    ]
    assert layered(3, 5, []) == [(3, 5, [])]
    assert layered(0, 4, [(5, 9, "far")]) == [(0, 4, [])]


# ---------------------------------------------------------------------------- exact matches


@pytest.mark.parametrize("column", [30, 77, 160])
def test_matches_light_exactly_their_characters_in_every_kind_of_block(column):
    document = blocks_document()
    layout = Layout(Blocks.of(document), column)
    for needle in ("shelf", "reader", "next match", "nested", "librarian", "shelf mark", "catalogue"):
        expected = sum(
            (section.title + "\n" + section.text).casefold().count(needle) for section in document.sections
        )
        shown = shown_matches(document, layout, needle)
        # A match cut by a line break shows in pieces: put them back together.
        assert "".join(shown).casefold() == needle * expected, needle


@pytest.mark.parametrize("column", [24, 40, 77])  # folded, last column wrapped, aligned
def test_matches_in_a_folded_or_aligned_table_with_bidi_and_controls(column):
    table = "Name\tValue\nbad\u202eone\tx\x1by\nplain\tvalue " + "long " * 10
    text, marks = marked([("table", "header", table, ())])
    document = Document("d", "d", title="T", sections=(Section("lead", "", 0, text, marks),))
    layout = Layout(Blocks.of(document), column)
    assert shown_matches(document, layout, "badone") == []  # the override is in the source, between them
    assert shown_matches(document, layout, "one") == ["one"]
    assert shown_matches(document, layout, "x\x1by") == ["x␛y"]
    assert shown_matches(document, layout, "value") == ["Value", "value"]
    # Across a wrapped cell's line break, as across prose's: the words light, the padding does not.
    across = shown_matches(document, layout, "long long")
    assert "".join(across).replace(" ", "") == "longlong" * 5 and not any("│" in piece for piece in across)
    shown = "\n".join(lines_of(layout, block_of(layout.blocks, "table")))
    assert "\x1b" not in shown and "\u202e" not in shown and "\t" not in shown


def test_an_anchor_in_a_table_is_found_again_when_the_table_changes_form():
    document = wide_table_document()
    blocks = Blocks.of(document)
    narrow, wide = Layout(blocks, 60), Layout(blocks, 160)
    table = block_of(blocks, "table")
    line = next(line for line in range(*narrow.block_lines[table]) if narrow.text_of(line).startswith("Name: theme"))
    anchor = narrow.anchor(line)
    assert wide.text_of(wide.line_of_anchor(anchor)).startswith("theme")
    assert narrow.text_of(narrow.line_of_anchor(wide.anchor(wide.line_of_anchor(anchor)))).startswith("Name: theme")


def test_a_code_block_shows_controls_as_pictures_and_drops_bidi():
    block = make_block("print('\x1b[2J')\n\x9b31m \u202eevil\u202c\tend", 0, 0, Mark(0, 1, "code", "python"), (), True)
    assert block.text == "print('␛[2J')\n\ufffd31m evil   end"
    for bad in ("\x1b", "\x9b", "\u202e", "\u202c", "\t"):
        assert bad not in block.text


def test_a_phrase_matched_across_two_cells_lights_the_words_not_the_padding_between():
    text, marks = marked([("table", "header", TABLE, ())])
    document = Document("d", "d", title="T", sections=(Section("lead", "", 0, text, marks),))
    blocks = Blocks.of(document)
    layout = Layout(blocks, 77)
    start = text.index("line\treader")
    matches = Matches.from_spans({"lead": [("text", start, start + len("line\treader"))]}, document, blocks)
    line = next(line for line in range(layout.line_count) if layout.text_of(line).startswith("j "))
    block = layout.block(layout.line_block[line])
    lit = [block.text[a:b] for a, b, _ in matches.highlights(block, layout.line_start[line], layout.line_end[line])]
    assert lit == ["line", "reader"]


@pytest.mark.stress
def test_a_log_of_megabytes_in_a_code_block_lays_out_and_highlights_fast():
    import time

    log = "".join(f"12:{i % 60:02d} worker[{i}] INFO\tdone item {i} in {i % 97} ms\n" for i in range(120_000))
    assert len(log) > 5_000_000
    document = Document("l", "l", title="Log", sections=(Section("lead", "", 0, log, (Mark(0, len(log), "code", "python"),)),))
    started = time.perf_counter()
    blocks = Blocks.of(document)
    layout = Layout(blocks, 77)
    code = layout.block(block_of(blocks, "code"))
    found = tokens(code.text, code.info)
    assert time.perf_counter() - started < 3
    assert layout.line_count >= 120_000 and found is not None and found[1][-1] <= HIGHLIGHT_LIMIT
