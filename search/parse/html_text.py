"""The text of one HTML block as a reader sees it, with its inline marks.

Browsers collapse every run of white space between words into one space, and so
does :class:`InlineText`, as the text arrives (one regular-expression pass per
piece the parser hands over, never a loop over characters). Inline marks (inline
code, links) are opened and closed around the text they cover; their offsets are
into the collapsed text, so they stay right when the block is handed on.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


class InlineText:
    """Collapsed text of a block, its line breaks, and the inline marks inside it."""

    __slots__ = ("_pieces", "size", "_space", "_marks", "_open")

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self.size = 0
        self._space = True  # at the start of a line: a leading space is dropped
        self._marks: list[tuple[int, int, str, str]] = []
        self._open: dict[int, tuple[int, str, str]] = {}

    def __bool__(self) -> bool:
        return self.size > 0  # ``size``: characters so far, read directly where it is hot

    def add(self, data: str) -> None:
        if data.isspace():  # the new lines and indents between tags, most of what arrives
            if not self._space:
                self._pieces.append(" ")
                self.size += 1
                self._space = True
            return
        text = _SPACES.sub(" ", data)
        if self._space and text.startswith(" "):
            text = text[1:]
        if text:
            self._pieces.append(text)
            self.size += len(text)
            self._space = text.endswith(" ")

    def space(self) -> None:
        """A word boundary (between table cells' paragraphs, list items inside a cell)."""
        if not self._space:
            self.add(" ")

    def line_break(self) -> None:
        if self._space and self._pieces and self._pieces[-1].endswith(" "):
            self._pieces[-1] = self._pieces[-1][:-1]
            self.size -= 1
        self._pieces.append("\n")
        self.size += 1
        self._space = True

    def open_mark(self, key: int, kind: str, info: str = "") -> None:
        """Starts a mark here; ``key`` (unique in the page) closes it."""
        self._open[key] = (self.size, kind, info)

    def close_mark(self, key: int) -> None:
        start, kind, info = self._open.pop(key, (-1, "", ""))
        if 0 <= start < self.size:
            self._marks.append((start, self.size, kind, info))

    def take(self) -> tuple[str, tuple[tuple[int, int, str, str], ...]]:
        """The text without its edge spaces, and the marks (sorted, trimmed to their words)."""
        if not self._marks and not self._open:
            text = "".join(self._pieces).strip()
            self._pieces = []
            self.size = 0
            self._space = True
            return text, ()
        still_open = self._open
        for start, kind, info in still_open.values():
            if start < self.size:
                self._marks.append((start, self.size, kind, info))
        text = "".join(self._pieces)
        stripped = text.lstrip()
        shift = len(text) - len(stripped)
        text = stripped.rstrip()
        marks = []
        for start, end, kind, info in self._marks:
            start, end = max(0, start - shift), min(len(text), end - shift)
            while start < end and text[start] in " \n":
                start += 1
            while end > start and text[end - 1] in " \n":
                end -= 1
            if start < end:
                marks.append((start, end, kind, info))
        marks.sort()
        # a mark still open (a link around several paragraphs) goes on in the next block
        self.__init__()
        self._open = {key: (0, kind, info) for key, (_, kind, info) in still_open.items()}
        return text, tuple(marks)
