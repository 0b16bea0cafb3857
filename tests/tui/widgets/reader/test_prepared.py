"""A document made ready in a worker is what the reader would have made of it itself."""

from __future__ import annotations

from search.model import Document, Section
from tui.widgets.reader.blocks import Blocks
from tui.widgets.reader.layout import Layout
from tui.widgets.reader.matches import Matches
from tui.widgets.reader.prepared import prepare

DOCUMENT = Document(
    "d.md",
    "d.md",
    title="Tides",
    sections=(
        Section("lead", "", 0, "The harbour opens at dawn.\n\nBoats leave one by one as the water rises."),
        Section("noon", "Noon", 2, "High water at noon, and the boats come back."),
    ),
)
SPANS = {"lead": (("text", 4, 11),), "noon": (("title", 0, 4), ("text", 0, 4))}


def _lines(layout: Layout) -> list[tuple[int, int, int]]:
    return list(zip(layout.line_block, layout.line_start, layout.line_end))


def test_prepared_blocks_layout_and_matches_equal_the_readers_own():
    prepared = prepare(DOCUMENT, 20, SPANS)
    blocks = Blocks.of(DOCUMENT)
    assert [b.text for b in prepared.blocks] == [b.text for b in blocks]
    assert _lines(prepared.layout) == _lines(Layout(blocks, 20))
    assert prepared.layout.section_line == Layout(blocks, 20).section_line
    assert prepared.matches.count == Matches.from_spans(SPANS, DOCUMENT, blocks).count == 3


def test_without_a_column_nothing_is_wrapped_yet():
    prepared = prepare(DOCUMENT, 0)
    assert not prepared.layout and prepared.layout.blocks is prepared.blocks
    assert prepared.matches.count == 0
