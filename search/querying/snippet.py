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


def _densest(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where the window of ``width`` characters with the most different words matched starts.

    Different words first, then the rarest of them, then matches: "item 299999"
    is shown where 299999 stands, not among the first of a thousand items.
    """
    words = [text[s:e].casefold() for s, e in spans]
    total: dict[str, int] = {}
    for word in words:
        total[word] = total.get(word, 0) + 1
    held: dict[str, int] = {}
    best_start, best = spans[0][0], (0, 0, 0)
    j = -1
    for i, (start, _) in enumerate(spans):
        while j + 1 < len(spans) and (j + 1 <= i or spans[j + 1][1] <= start + width):
            j += 1
            held[words[j]] = held.get(words[j], 0) + 1
        found = (len(held), -min(total[word] for word in held), j - i + 1)
        if found > best:
            best_start, best = start, found
        left = words[i]
        held[left] -= 1
        if not held[left]:
            del held[left]
    return best_start


def make_snippet(text: str, spans, width: int = 180) -> tuple[str, tuple[tuple[int, int], ...]]:
    spans = sorted((s, e) for s, e in spans if 0 <= s < e <= len(text))
    if len(text) <= width:
        return _flatten(text), tuple(spans)
    if spans:
        start = max(0, _densest(text, spans, width - 30) - 40)
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
