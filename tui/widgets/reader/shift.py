"""How a block's display text drifts from its source, and a builder for texts made of pieces.

A block's display text is not its source: sanitizing can change lengths (a tab
becomes spaces, bidi controls vanish), a table's cells are padded and separated,
a folded table repeats its header before each value. Matches are source offsets,
so each block keeps a `Shift`: the source offsets where the display drifts, and
the running drift after each. Display order always follows source order (nothing
is moved, only grown, shrunk or inserted), which is what makes two sorted lists
enough, and the translation a bisect.

Plain Python (no Textual).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from tui.sanitize import visible, visible_block

__all__ = ["Shift", "Shifted", "display", "to_display", "to_source"]

# Characters whose sanitized form is not exactly one character long (see sanitize.py).
SHIFTING = re.compile("[\t\u202a-\u202e\u2066-\u2069]")

Shift = tuple[list[int], list[int]]
"""Source offsets of length-changing characters, and the running drift after each."""


def display(source: str, *, multiline: bool) -> tuple[str, Shift | None]:
    """The safe display text of ``source`` and how its offsets drift from the source.

    The shift is None when every character maps to exactly one (the common case,
    which then costs nothing to translate).
    """
    text = visible_block(source) if multiline else visible(source)
    if not SHIFTING.search(source) and len(text) == len(source):
        return text, None
    positions: list[int] = []
    drifts: list[int] = []
    drift = 0
    tab = 3 if multiline else 0
    for match in SHIFTING.finditer(source):
        drift += tab if match.group() == "\t" else -1
        positions.append(match.start())
        drifts.append(drift)
    if len(source) + drift != len(text):
        # The sanitizer maps something differently than assumed: measure each char.
        make_visible = visible_block if multiline else visible
        positions, drifts, drift = [], [], 0
        for index, char in enumerate(source):
            change = len(make_visible(char)) - 1
            if change:
                drift += change
                positions.append(index)
                drifts.append(drift)
    return text, (positions, drifts)


def to_display(shift: Shift | None, offset: int) -> int:
    """The display offset where source ``offset`` shows."""
    if shift is None:
        return offset
    positions, drifts = shift
    index = bisect_left(positions, offset)
    return offset + (drifts[index - 1] if index else 0)


def to_source(shift: Shift | None, offset: int, length: int) -> int:
    """The source offset that shows at display ``offset`` (the inverse of `to_display`).

    ``length`` is the source's length. The answer is the first source offset shown
    at or after ``offset``: inside an expanded tab (or a table's padding), the
    character after it; a dropped character (a bidi control) shares its place with
    the one after it, and the dropped one is the answer.
    """
    if shift is None:
        return offset
    return bisect_left(range(length + 1), offset, key=lambda source: to_display(shift, source))


class Shifted:
    """A display text built piece by piece from one source, with its `Shift`.

    ``copy`` shows a run of the source (sanitized), ``replace`` shows one source
    character as some other text (a tab as padding and a column rule), ``insert``
    adds text the source does not have (a folded table's labels) after the
    source character before it. Pieces come in source order.
    """

    __slots__ = ("parts", "positions", "drifts", "drift", "size", "marks", "fillers")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.positions: list[int] = []
        self.drifts: list[int] = []
        self.drift = 0
        self.size = 0  # display characters so far
        self.marks: list[tuple[int, int, str]] = []
        """(display start, display end, component class) of the pieces added with a style."""
        self.fillers: list[tuple[int, int]] = []
        """(display start, display end) of the text that is not the source's (padding,
        rules, labels): a match across it does not light it."""

    def copy(self, source: str, start: int, end: int, style: str = "") -> None:
        """Show ``source[start:end]``, sanitized, as one line (no newline inside)."""
        if end <= start:
            return
        text, shift = display(source[start:end], multiline=False)
        if shift is not None:
            for position, drift in zip(*shift):
                self.positions.append(start + position)
                self.drifts.append(self.drift + drift)
            self.drift += shift[1][-1] if shift[1] else 0
        self._add(text, style)

    def replace(self, position: int, text: str, style: str = "") -> None:
        """Show the one source character at ``position`` as ``text`` (already safe)."""
        self.drift += len(text) - 1
        self.positions.append(position)
        self.drifts.append(self.drift)
        self._fill(text)
        self._add(text, style)

    def insert(self, position: int, text: str, style: str = "") -> None:
        """Show ``text`` (already safe) right after source character ``position``.

        ``position`` must be a character already shown (or replaced): text cannot
        be inserted before the first one.
        """
        self.drift += len(text)
        self.positions.append(position)
        self.drifts.append(self.drift)
        self._fill(text)
        self._add(text, style)

    def _fill(self, text: str) -> None:
        if not text:
            return
        fillers = self.fillers
        if fillers and fillers[-1][1] == self.size:
            fillers[-1] = (fillers[-1][0], self.size + len(text))
        else:
            fillers.append((self.size, self.size + len(text)))

    def _add(self, text: str, style: str) -> None:
        if style and text:
            self.marks.append((self.size, self.size + len(text), style))
        self.parts.append(text)
        self.size += len(text)

    def result(self) -> tuple[str, Shift | None]:
        text = "".join(self.parts)
        return text, ((self.positions, self.drifts) if self.positions else None)
