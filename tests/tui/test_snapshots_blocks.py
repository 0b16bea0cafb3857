"""How marked blocks look in the reader (SVG snapshots, reviewed by eye).

One document written for these tests (``tests/tui/widgets/reader/marked.py``):
a paragraph with inline code and a link, a Python code block with a line too long
for 80 columns, a table, a nested list, a quote and a defined term; and a
six-column table that lines up at 120 columns, wraps its last column at 80 and
folds at 60.
"""

from __future__ import annotations

import pytest

from tests.tui.widgets.reader.marked import blocks_document, wide_table_document
from tests.tui.widgets.reader.test_reader import Host
from tui.widgets.reader import Reader

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_code_table_and_inline_marks(snap_compare, size):
    assert snap_compare(Host(blocks_document()), terminal_size=size)


def test_lists_quote_and_term_at_80x24(snap_compare):
    assert snap_compare(Host(blocks_document(), section_id="lists"), terminal_size=(80, 24))


def test_a_match_in_a_table_cell_at_80x24(snap_compare):
    async def run_before(pilot):
        pilot.app.query_one(Reader).find("next")
        await pilot.pause()

    assert snap_compare(Host(blocks_document()), terminal_size=(80, 24), run_before=run_before)


def test_code_in_the_light_theme_at_80x24(snap_compare):
    async def run_before(pilot):
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(Host(blocks_document()), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_wide_table_folds_or_lines_up(snap_compare, size):
    assert snap_compare(Host(wide_table_document()), terminal_size=size)


def test_a_wide_table_folds_at_60x24(snap_compare):
    assert snap_compare(Host(wide_table_document()), terminal_size=(60, 24))


def test_a_selected_link_at_80x24(snap_compare):
    """Tab has selected the paragraph's link: reversed over its underline."""

    async def run_before(pilot):
        reader = pilot.app.query_one(Reader)
        for _ in range(50):  # the first layout (a refresh or two), not a fixed wait
            if reader.laid_out:
                break
            await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert reader.selected_link is not None

    assert snap_compare(Host(blocks_document()), terminal_size=(80, 24), run_before=run_before)
