"""A one-line window of a section around its densest matches.

Highlights stay character offsets into the snippet: the caller decides how to show
them (Rich spans in the app, colour or brackets in the CLI), and text from a document
is never turned into markup on the way.
"""

from __future__ import annotations

import re

ELLIPSIS = "\u2026"
_SPACE = re.compile(r"\s")


def _flatten(text: str) -> str:
    """Line breaks and tabs become spaces, keeping every offset where it was."""
    return _SPACE.sub(" ", text)


def make_snippet(text: str, spans, width: int = 180) -> tuple[str, tuple[tuple[int, int], ...]]:
    spans = sorted((s, e) for s, e in spans if 0 <= s < e <= len(text))
    if len(text) <= width:
        return _flatten(text), tuple(spans)
    if spans:
        best_start, best_count = spans[0][0], 0
        j = 0
        for i, (start, _) in enumerate(spans):
            j = max(j, i)
            while j + 1 < len(spans) and spans[j + 1][1] <= start + width - 30:
                j += 1
            if j - i + 1 > best_count:
                best_start, best_count = start, j - i + 1
        start = max(0, best_start - 40)
    else:
        start = 0
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return prefix + _flatten(text[start:end]) + suffix, inside
