"""A document made ready for the reader away from the screen's thread.

Cutting a document into blocks, wrapping them and placing a query's matches is
linear in its size, but a generated file of 100,000 headings or a million lines
is big enough for that to take seconds: done in ``Reader.show`` it froze the app
(keys, ``q`` included) while it ran. The worker that loads the document calls
:func:`prepare` with the column the reader had when the document was asked for;
the reader takes the result as it is, and wraps again only if its column has
changed meanwhile (a resize).

Plain Python (no Textual), safe to call from any thread: nothing here is shared
until the reader takes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from search.model import Document

from .blocks import Blocks
from .layout import Layout
from .matches import Matches, MatchSpans

__all__ = ["Prepared", "prepare"]


@dataclass(frozen=True)
class Prepared:
    """``document`` cut into blocks, laid out at ``layout.column`` (0: not yet), with ``spans`` placed."""

    document: Document
    blocks: Blocks
    layout: Layout
    spans: MatchSpans | None
    matches: Matches


def prepare(
    document: Document, column: int, spans: MatchSpans | None = None, cancelled: Callable[[], bool] = lambda: False
) -> Prepared | None:
    """Everything ``Reader.show`` would compute for ``document`` at ``column`` cells.

    None when ``cancelled()`` turned true between two steps: quitting waits for
    the worker's thread, so it stops at the first step boundary it reaches.
    """
    blocks = Blocks.of(document)
    if cancelled():
        return None
    layout = Layout(blocks, column) if column > 0 else Layout(blocks)
    if cancelled():
        return None
    return Prepared(document, blocks, layout, spans, Matches.from_spans(spans, document, blocks))
