"""Wrapping display text into visual lines, as ``(start, end)`` offsets.

Plain Python on top of ``rich.cells`` (no Textual): the reader's layout is tested
without an app. A line is stored as two offsets into its block's text, never as a
copy of the text, so that a multi-megabyte document costs two ints per line.
"""

from __future__ import annotations

import re
import unicodedata

from rich.cells import cell_len

__all__ = ["cells", "cut_cells", "wrap_into", "wrap_offsets"]

_WORD = re.compile(r"[^ ]+")

_narrow: frozenset[str] | None = None


def _narrow_chars() -> frozenset[str]:
    """Characters that always take exactly one cell, on their own and in any company.

    A line made only of these is measured by ``len``, which keeps wrapping fast for
    the common case of Latin text with curly quotes and dashes (not ASCII, but not
    wide either). Everything else is measured with ``rich.cells.cell_len``.
    """
    global _narrow
    if _narrow is None:
        chars = {"\n"}
        for code in range(0x20, 0x3000):
            char = chr(code)
            if unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc", "Cs", "Zl", "Zp"):
                continue
            if cell_len(char) == 1:
                chars.add(char)
        _narrow = frozenset(chars)
    return _narrow


def cells(text: str) -> int:
    """The width of ``text`` on a terminal, in cells (``len`` when it is ASCII)."""
    return len(text) if text.isascii() else cell_len(text)


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines of ``text`` at ``width`` cells, as ``(start, end)`` offsets.

    Words wrap at spaces, words wider than the line are cut, ``"\\n"`` always
    breaks. Pure Python but mostly ``str.rfind``: a 2 MB text wraps in well under a
    second.
    """
    starts: list[int] = []
    ends: list[int] = []
    wrap_into(text, max(1, width), starts, ends)
    return list(zip(starts, ends))


def wrap_into(text: str, width: int, starts: list[int], ends: list[int]) -> None:
    """Append the visual lines of ``text`` at ``width`` (at least 1) to ``starts``/``ends``.

    The layout of a whole document goes into two flat lists, without a tuple per line.
    """
    # ASCII needs no table: building it takes 40 ms, which the first frame (the
    # placeholder) would otherwise pay.
    uniform = text.isascii()
    narrow = frozenset() if uniform else _narrow_chars()
    uniform = uniform or narrow.issuperset(text)
    position = 0
    size = len(text)
    while True:
        newline = text.find("\n", position)
        line_end = size if newline < 0 else newline
        if uniform or narrow.issuperset(text[position:line_end]):
            _wrap_uniform(text, position, line_end, width, starts, ends)
        else:
            _wrap_cells(text, position, line_end, width, starts, ends)
        if newline < 0:
            return
        position = newline + 1


def _wrap_uniform(
    text: str, position: int, line_end: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Wrap one hard line whose characters are all one cell wide."""
    emitted = False
    rfind = text.rfind
    while line_end - position > width:
        space = rfind(" ", position + 1, position + width + 1)
        if space > 0:
            end = space
            after = space + 1
            while after < line_end and text[after] == " ":
                after += 1
        else:
            end = after = position + width
        starts.append(position)
        ends.append(end)
        emitted = True
        position = after
    if position < line_end or not emitted:
        starts.append(position)
        ends.append(line_end)


def _wrap_cells(
    text: str, position: int, line_end: int, width: int, starts: list[int], ends: list[int]
) -> None:
    """Wrap one hard line with wide or zero-width characters, measuring each word."""
    line_start = position
    content_end = position
    used = 0
    for word in _WORD.finditer(text, position, line_end):
        word_start, word_end = word.span()
        word_width = cell_len(word.group())
        gap = word_start - content_end
        if used + gap + word_width <= width:
            used += gap + word_width
            content_end = word_end
            continue
        if content_end > line_start:
            starts.append(line_start)
            ends.append(content_end)
        line_start = content_end = word_start
        used = 0
        if word_width <= width:
            used = word_width
            content_end = word_end
            continue
        # A word wider than the line: cut it where the cells run out.
        line_start, used = cut_cells(text, word_start, word_end, width, starts, ends)
        content_end = word_end
    starts.append(line_start)
    ends.append(content_end)


def cut_cells(text: str, start: int, end: int, width: int, starts: list[int], ends: list[int]) -> tuple[int, int]:
    """Cut ``text[start:end]`` every time its cells would pass ``width``, by each character's width.

    Appends every full piece; returns where the last piece starts and the cells it
    takes, for the caller to end it (or to go on filling its line).
    """
    used = 0
    piece = start
    for index in range(start, end):
        char_width = cell_len(text[index])
        if used + char_width > width and index > piece:
            starts.append(piece)
            ends.append(index)
            piece = index
            used = 0
        used += char_width
    return piece, used
