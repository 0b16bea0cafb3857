"""A document's links in reading order, and the one selected: what Tab and Shift+Tab walk.

Each block keeps its links as ``(display start, display end, target)`` (`blocks.Link`);
here they are numbered through the whole document, block by block, so that "the
next link" is one step in a list, and turned into the visual line they start on
for the layout at hand (a table's links move when it folds). The list is made on
first use, once per document: most documents are read without ever pressing Tab.

Plain Python (no Textual), tested without an app.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .blocks import Blocks
from .layout import Layout

__all__ = ["Links"]


class Links:
    """Every link of ``blocks``, in reading order; ``selected`` is an index into them or None."""

    __slots__ = ("blocks", "places", "selected")

    def __init__(self, blocks: Blocks) -> None:
        self.blocks = blocks
        self.places: list[tuple[int, int]] = [
            (index, number) for index, block in enumerate(blocks.blocks) for number in range(len(block.links))
        ]
        """Per link: (its block, its position among the block's links)."""
        self.selected: int | None = None

    def __len__(self) -> int:
        return len(self.places)

    def span(self, index: int, layout: Layout) -> tuple[int, int, int] | None:
        """``(block, display start, display end)`` of link ``index`` as laid out (None if that
        form of its block lost it, which a table's narrowest form may)."""
        block, number = self.places[index]
        links = layout.block(block).links
        if number >= len(links):
            return None
        start, end, _ = links[number]
        return block, start, end

    def target(self, index: int) -> str:
        """The link's target exactly as the document wrote it."""
        block, number = self.places[index]
        return self.blocks.blocks[block].links[number][2]

    def section(self, index: int) -> int:
        """The index of the section the link is in (-1: the document's header)."""
        return self.blocks.blocks[self.places[index][0]].section

    def line_of(self, index: int, layout: Layout) -> int:
        """The visual line where link ``index`` starts."""
        block, number = self.places[index]
        links = layout.block(block).links
        offset = links[number][0] if number < len(links) else 0
        return layout.line_of(block, offset)

    def first_from(self, line: int, layout: Layout) -> int | None:
        """The first link that starts on ``line`` or below it."""
        index = bisect_left(range(len(self.places)), line, key=lambda i: self.line_of(i, layout))
        return index if index < len(self.places) else None

    def last_until(self, line: int, layout: Layout) -> int | None:
        """The last link that starts on ``line`` or above it."""
        index = bisect_right(range(len(self.places)), line, key=lambda i: self.line_of(i, layout)) - 1
        return index if index >= 0 else None

    def next_from(self, top: int, height: int, layout: Layout) -> int | None:
        """Tab: the link after the selected one while that is on screen, else the first
        on screen or below it. None when there is none (Tab stays where it is)."""
        current = self._shown(top, height, layout)
        if current is not None:
            return current + 1 if current + 1 < len(self.places) else None
        return self.first_from(top, layout)

    def previous_from(self, top: int, height: int, layout: Layout) -> int | None:
        """Shift+Tab: the link before the selected one while that is on screen, else the
        last on screen or above it. None when there is none."""
        current = self._shown(top, height, layout)
        if current is not None:
            return current - 1 if current > 0 else None
        return self.last_until(top + height - 1, layout)

    def _shown(self, top: int, height: int, layout: Layout) -> int | None:
        """The selected link, if it starts on screen."""
        selected = self.selected
        if selected is None or not top <= self.line_of(selected, layout) < top + height:
            return None
        return selected
