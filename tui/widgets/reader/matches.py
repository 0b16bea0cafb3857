"""The matches in the open document, and which one is current.

Matches (the query's, from the engine, or the reader's own `/` find) are character
spans into a section's title or text. They are kept as source offsets in document
order (section, title before text, start) and placed on lines only when drawn or
visited, so that a find with a hundred thousand hits in a large document still
answers at once. ``n``/``N`` walk them the way `less` does: from the current match
while it is on screen, else from the top (or bottom) of the viewport.

Plain Python (no Textual): the viewport is given as its top line and height.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Mapping, Sequence

from search.model import Document

from .blocks import Block, Blocks, to_display, to_source
from .layout import Layout

__all__ = ["Found", "MatchSpans", "Matches", "find_folded"]

MatchSpans = Mapping[str, Sequence[tuple[str, int, int]]]
"""Section id -> ``(part, start, end)`` spans; part is ``"title"`` or ``"text"``."""

Found = dict[int, tuple[list[int], list[int], list[int], list[int]]]
"""Section index -> sorted title starts, title ends, text starts, text ends."""

MAX_FOUND = 100_000
"""The most occurrences the reader's own find (``/``) marks: as many as a query's
highlights (``search.querying.highlights.MAX_SPANS``). A letter typed into the
find bar over a million-line log found a million and held the keys for each."""


class Matches:
    """A match set in document order, with a cursor (``current``) on one of them.

    Match ``i`` spans source offsets ``starts[i]:ends[i]`` of the title or text of
    a section; ``bounds`` says which: section ``s``'s title matches are the indexes
    ``bounds[2s]:bounds[2s+1]``, its text matches ``bounds[2s+1]:bounds[2s+2]``.
    """

    __slots__ = ("starts", "ends", "bounds", "current", "_layout", "_lines")

    def __init__(self, found: Found | None = None, sections: int = 0) -> None:
        starts: list[int] = []
        ends: list[int] = []
        bounds: list[int] = []
        found = found or {}
        for index in range(sections):
            spans = found.get(index)
            bounds.append(len(starts))
            if spans:
                starts.extend(spans[0])
                ends.extend(spans[1])
            bounds.append(len(starts))
            if spans:
                starts.extend(spans[2])
                ends.extend(spans[3])
        bounds.append(len(starts))
        self.starts = starts
        self.ends = ends
        self.bounds = bounds
        self.current: int | None = None
        """The index of the current match, or None."""
        self._layout: Layout | None = None
        self._lines: dict[int, int] = {}

    @classmethod
    def from_spans(cls, spans: MatchSpans | None, document: Document | None, blocks: Blocks) -> Matches:
        """The engine's spans: clipped to their part, deduplicated, in document order.

        Spans of unknown sections or parts are dropped, and so are title spans of a
        section that shows no heading (the lead): a match the reader cannot see is
        not counted.
        """
        found: Found = {}
        if document is not None and spans:
            positions = {section.id: index for index, section in enumerate(document.sections)}
            kept: dict[int, tuple[set[tuple[int, int]], set[tuple[int, int]]]] = {}
            for section_id, section_spans in spans.items():
                index = positions.get(section_id)
                if index is None:
                    continue
                section = document.sections[index]
                title, text = kept.setdefault(index, (set(), set()))
                for part, start, end in section_spans:
                    if part == "title" and index in blocks.heading_block:
                        target, limit = title, len(section.title)
                    elif part == "text":
                        target, limit = text, len(section.text)
                    else:
                        continue
                    start, end = max(0, int(start)), min(limit, int(end))
                    if end > start:
                        target.add((start, end))
            for index, (title, text) in kept.items():
                title_spans, text_spans = sorted(title), sorted(text)
                found[index] = (
                    [span[0] for span in title_spans],
                    [span[1] for span in title_spans],
                    [span[0] for span in text_spans],
                    [span[1] for span in text_spans],
                )
        return cls(found, len(document.sections) if document is not None else 0)

    @classmethod
    def find(cls, text: str, document: Document | None, blocks: Blocks) -> Matches:
        """Every case-insensitive occurrence of ``text`` in the shown titles and the texts."""
        if document is None:
            return cls()
        needle = text.casefold()
        found: Found = {}
        room = MAX_FOUND
        for index, section in enumerate(document.sections):
            if room <= 0:
                break
            title = find_folded(section.title, needle, room) if index in blocks.heading_block else ([], [])
            room -= len(title[0])
            body = find_folded(section.text, needle, room)
            room -= len(body[0])
            if title[0] or body[0]:
                found[index] = (*title, *body)
        return cls(found, len(document.sections))

    # -- counting ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def count(self) -> int:
        return len(self.starts)

    @property
    def position(self) -> tuple[int, int]:
        """(1-based index of the current match or 0, number of matches): "3/14"."""
        return (0 if self.current is None else self.current + 1, len(self.starts))

    def in_block(self, block: Block) -> tuple[int, int]:
        """The indexes ``[low, high)`` of the matches that may fall in a block."""
        if block.section < 0 or not block.part:
            return 0, 0
        first = 2 * block.section + (0 if block.part == "title" else 1)
        return self.bounds[first], self.bounds[first + 1]

    def first_in_section(self, section: int) -> int | None:
        """The index of the first match in a section (its title's, else its text's), if any."""
        first = self.bounds[2 * section]
        return first if first < self.bounds[2 * section + 2] else None

    # -- lines -------------------------------------------------------------------------

    def line_of(self, index: int, layout: Layout) -> int:
        """The visual line of ``layout`` where match ``index`` starts (0 before layout)."""
        if layout is not self._layout:
            self._layout = layout
            self._lines = {}
        line = self._lines.get(index)
        if line is not None:
            return line
        if not layout:
            return 0
        position = bisect_right(self.bounds, index) - 1
        section, part = divmod(position, 2)
        place = layout.locate(section, "title" if part == 0 else "text", self.starts[index])
        line = layout.section_line[section] if place is None else layout.line_of(*place)
        self._lines[index] = line
        return line

    def first_at_line(self, line: int, layout: Layout) -> int:
        """Index of the first match that starts on ``line`` or below (the count if none)."""
        total = len(self.starts)
        line_block = layout.line_block
        lines = len(line_block)
        while line < lines and line_block[line] < 0:
            line += 1
        if line >= lines:
            return total
        block = layout.block(line_block[line])
        if block.section < 0:
            return 0
        if not block.part:  # a caption: the section's text comes next
            return self.bounds[2 * block.section + 1]
        low, high = self.in_block(block)
        source = block.origin + to_source(block.shift, layout.line_start[line], block.length)
        return bisect_left(self.starts, source, low, high)

    def highlights(self, block: Block, start: int, end: int) -> list[tuple[int, int, int]]:
        """(display start, display end, match index) of the matches on ``block.text[start:end]``."""
        low, high = self.in_block(block)
        if low >= high or end <= start:
            return []
        starts, ends = self.starts, self.ends
        shift, origin, length = block.shift, block.origin, block.length
        source_low = origin + to_source(shift, start, length)
        source_high = origin + to_source(shift, end, length)
        index = bisect_left(starts, source_low, low, high)
        while index > low and ends[index - 1] > source_low:
            index -= 1
        spans = []
        while index < high and starts[index] < source_high:
            span_start = max(start, to_display(shift, max(starts[index] - origin, 0)))
            span_end = min(end, to_display(shift, min(ends[index] - origin, length)))
            if span_end > span_start:
                spans.append((span_start, span_end, index))
            index += 1
        if spans and block.fillers:
            return _without(spans, block.fillers)
        return spans

    # -- moving ------------------------------------------------------------------------

    def _current_on_screen(self, top: int, height: int, layout: Layout) -> bool:
        if self.current is None:
            return False
        return top <= self.line_of(self.current, layout) < top + height

    def next_from(self, top: int, height: int, layout: Layout) -> int | None:
        """The match `n` goes to with lines ``[top, top + height)`` on screen; None past the last.

        From the current match while it is on screen, else the first at or below
        the top of the viewport (as `less` does after scrolling).
        """
        if self._current_on_screen(top, height, layout):
            target = self.current + 1  # type: ignore[operator]
        else:
            target = self.first_at_line(top, layout)
        return target if target < len(self.starts) else None

    def previous_from(self, top: int, height: int, layout: Layout) -> int | None:
        """Like `next_from`, upwards (the last above the bottom of the viewport); None before the first."""
        if self._current_on_screen(top, height, layout):
            target = self.current - 1  # type: ignore[operator]
        else:
            target = self.first_at_line(top + height, layout) - 1
        return None if target < 0 or not self.starts else target

    def first(self) -> int | None:
        return 0 if self.starts else None

    def last(self) -> int | None:
        return len(self.starts) - 1 if self.starts else None


def find_folded(source: str, needle: str, most: int | None = None) -> tuple[list[int], list[int]]:
    """Starts and ends of the non-overlapping occurrences of a casefolded ``needle``
    (the first ``most`` of them, if given).

    Offsets are into ``source`` even where folding changes lengths ("ß" -> "ss").
    """
    if not source or not needle or (most is not None and most <= 0):
        return [], []
    folded = source.casefold()
    size = len(needle)
    find = folded.find
    starts: list[int] = []
    position = find(needle)
    while position >= 0:
        starts.append(position)
        if most is not None and len(starts) >= most:
            break
        position = find(needle, position + size)
    if len(folded) == len(source):
        return starts, [start + size for start in starts]
    # Folding changed lengths ("ß" -> "ss"): map folded offsets back to the source.
    owners: list[int] = []
    for index, char in enumerate(source):
        owners.extend([index] * len(char.casefold()))
    return [owners[start] for start in starts], [owners[start + size - 1] + 1 for start in starts]


def _without(spans: list[tuple[int, int, int]], fillers) -> list[tuple[int, int, int]]:
    """Highlight spans less the display-only text inside them (a table's padding and
    rules between two cells a phrase matched across): only the source's characters light."""
    starts = [start for start, _ in fillers]
    kept = []
    for start, end, index in spans:
        at = max(0, bisect_right(starts, start) - 1)
        position = start
        while at < len(fillers) and fillers[at][0] < end:
            fill_start, fill_end = fillers[at]
            if fill_end > position:
                if fill_start > position:
                    kept.append((position, fill_start, index))
                position = max(position, fill_end)
            at += 1
        if position < end:
            kept.append((position, end, index))
    return kept
