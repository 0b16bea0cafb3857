"""Styles laid over a stretch of a line: the pieces of text, each with the styles on it.

A visual line of the reader can carry several kinds of styled spans at once: the
block's inline marks (inline code, links, a table's rules), a code block's syntax
tokens, and matches. Each is a list of ``(start, end, style)`` in display offsets;
`layered` cuts the line where any of them starts or ends and says which apply to
each piece, in the order given (later wins), so that a match inside a link inside
a table cell shows all three.

Plain Python (no Textual, nor Rich: a style is whatever the caller adds up).
"""

from __future__ import annotations

from typing import Sequence, TypeVar

__all__ = ["layered"]

S = TypeVar("S")


def layered(start: int, end: int, spans: Sequence[tuple[int, int, S]]) -> list[tuple[int, int, list[S]]]:
    """``(piece start, piece end, styles on it)`` covering ``[start, end)`` in order.

    Spans outside the stretch are ignored; the styles of a piece are in the
    order of ``spans``.
    """
    inside = [(max(s, start), min(e, end), style) for s, e, style in spans if s < end and e > start and e > s]
    if not inside:
        return [(start, end, [])] if end > start else []
    cuts = {start, end}
    for s, e, _ in inside:
        cuts.add(s)
        cuts.add(e)
    ordered = sorted(cuts)
    pieces = []
    for a, b in zip(ordered, ordered[1:]):
        pieces.append((a, b, [style for s, e, style in inside if s <= a and b <= e]))
    return pieces
