"""A document's blocks wrapped to a column: one ``(block, start, end)`` per visual line.

The reader draws line ``y`` of the document by looking it up here; a match, a
section or a remembered place is turned into a line here, and a line back into an
offset. Three flat lists of ints hold the lines (no object per line), so a 2 MB
document lays out in well under a second and costs the same to scroll anywhere.

Plain Python (no Textual), tested without an app.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .blocks import Block, Blocks
from .code import cut_into
from .wrap import wrap_into

__all__ = ["Anchor", "Layout"]

Anchor = tuple[int, int]
"""A place in the text that survives re-wrapping: (block, source offset in the
block), or (block, -1) for the blank line above a block. A source offset, not a
display one: a table shows other text at another width (aligned or folded)."""

CODE_FRAME = 3
"""Cells of a code line that are not its text: a space, the gutter (where "↪"
marks a continued line) and the right edge (where "↩" marks a cut one)."""


class Layout:
    """Visual lines of a document's blocks at ``column`` cells.

    A blank line separates blocks that ask for a gap; it belongs to no block
    (``line_block`` is -1 there). ``column`` 0 is the empty layout (nothing wrapped
    yet, or no document).
    """

    __slots__ = ("blocks", "column", "line_block", "line_start", "line_end", "block_lines", "section_line", "views")

    def __init__(self, blocks: Blocks | None = None, column: int = 0) -> None:
        self.blocks = blocks if blocks is not None else Blocks()
        self.column = column
        self.line_block: list[int] = []
        """Per line: the index of the block it shows, -1 for a blank line between blocks."""
        self.line_start: list[int] = []
        """Per line: where it starts in its block's display text."""
        self.line_end: list[int] = []
        """Per line: where it ends in its block's display text."""
        self.block_lines: list[tuple[int, int]] = []
        """Per block: its first line and the line after its last."""
        self.section_line: list[int] = []
        """Per section: the line of its heading (the first section's is 0: the header is its)."""
        self.views: dict[int, Block] = {}
        """Block index -> the block as shown at this width, where that is another (a folded table)."""
        if column > 0:
            self._wrap(column)

    def _wrap(self, column: int) -> None:
        line_block = self.line_block
        starts = self.line_start
        ends = self.line_end
        block_lines = self.block_lines
        views = self.views
        for index, block in enumerate(self.blocks.blocks):
            if block.gap and starts:
                line_block.append(-1)
                starts.append(0)
                ends.append(0)
            first = len(starts)
            if block.kind:
                shown = block.at(column)
                if shown is not block:
                    views[index] = shown
                if shown.verbatim:
                    cut_into(shown.text, column - CODE_FRAME, starts, ends)
                else:
                    wrap_into(shown.text, max(1, column - max(shown.indent, shown.hang)), starts, ends)
            else:
                wrap_into(block.text, column, starts, ends)
            line_block.extend([index] * (len(starts) - first))
            block_lines.append((first, len(starts)))
        total = len(starts)
        section_line = [
            block_lines[first][0] if first < len(block_lines) else total
            for first in self.blocks.section_first_block
        ]
        if section_line:
            section_line[0] = 0  # the header belongs to the first section
        self.section_line = section_line

    def __bool__(self) -> bool:
        """Whether anything was laid out (a document, at a known width)."""
        return self.column > 0

    def block(self, index: int) -> Block:
        """Block ``index`` as shown at this width (its lines' offsets are into its text)."""
        shown = self.views.get(index)
        return shown if shown is not None else self.blocks.blocks[index]

    @property
    def line_count(self) -> int:
        return len(self.line_start)

    def text_of(self, line: int) -> str:
        """The display text of one visual line ("" for a blank one)."""
        block = self.line_block[line]
        if block < 0:
            return ""
        return self.block(block).text[self.line_start[line] : self.line_end[line]]

    def scroll_height(self, viewport_height: int) -> int:
        """Lines of the document, plus room for the last heading to reach the top.

        Without that room `]` could not bring a short last section to the top, and
        the outline would never show it as the section being read.
        """
        height = len(self.line_start)
        if len(self.section_line) > 1:
            height = max(height, self.section_line[-1] + viewport_height)
        return height

    # -- offsets and lines -------------------------------------------------------------

    def line_of(self, block: int, offset: int) -> int:
        """The visual line showing display ``offset`` of ``block`` (its last line past the end)."""
        first, stop = self.block_lines[block]
        return max(first, bisect_right(self.line_start, offset, first, stop) - 1)

    def offset_of(self, line: int) -> tuple[int, int] | None:
        """``(block, display offset)`` where ``line`` starts; None for a blank line or past the end."""
        if not 0 <= line < len(self.line_block) or self.line_block[line] < 0:
            return None
        return self.line_block[line], self.line_start[line]

    def source_of(self, line: int) -> tuple[int, int] | None:
        """``(block, source offset)`` where ``line`` starts, through the block's shift."""
        place = self.offset_of(line)
        if place is None:
            return None
        block, offset = place
        return block, self.block(block).to_source(offset)

    def locate(self, section: int, part: str, start: int) -> tuple[int, int] | None:
        """``(block, display offset)`` where source offset ``start`` of a section's title
        or text shows at this width (see ``Blocks.locate``)."""
        place = self.blocks.locate_source(section, part, start)
        if place is None:
            return None
        block, offset = place
        return block, self.block(block).to_display(offset)

    def anchor(self, top: int) -> Anchor | None:
        """The text at line ``top`` (or the first text below it), to find again after re-wrapping."""
        for line in range(top, len(self.line_block)):
            block = self.line_block[line]
            if block >= 0:
                return block, self.block(block).to_source(self.line_start[line]) if line == top else -1
        return None

    def line_of_anchor(self, anchor: Anchor) -> int:
        """Where an `anchor` taken from another layout of the same blocks is now."""
        block, offset = anchor
        if offset < 0:
            return max(0, self.block_lines[block][0] - 1)
        return self.line_of(block, self.block(block).to_display(offset))

    # -- sections ----------------------------------------------------------------------

    def section_at(self, line: int) -> int | None:
        """The index of the section being read when ``line`` is at the top."""
        if not self.section_line:
            return None
        return max(bisect_right(self.section_line, line) - 1, 0)

    def next_section_line(self, top: int) -> int | None:
        """The line of the first heading below ``top``, if any."""
        index = bisect_right(self.section_line, top)
        return self.section_line[index] if index < len(self.section_line) else None

    def previous_section_line(self, top: int) -> int | None:
        """The line of the last heading above ``top``, if any."""
        index = bisect_left(self.section_line, top) - 1
        return self.section_line[index] if index >= 0 else None
