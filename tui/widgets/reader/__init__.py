"""The document reading pane: the `Reader` widget and its plain model.

- ``widget.py``  the `Reader` (Textual): draws lines, keys, messages
- ``blocks.py``  a document cut into display blocks (paragraphs and what the document
                 marked: code, tables, list items, quotes, terms; inline code and links)
- ``shift.py``   how a block's display text drifts from its source (safe text, padding)
- ``code.py``    code blocks: tab stops, lines cut at the column, syntax tokens (capped)
- ``table.py``   tables: aligned, last column wrapped, or folded into "Header: value" lines
- ``spans.py``   styles laid over a line (inline marks, syntax, matches)
- ``wrap.py``    wrapping text into visual lines at a width, in cells
- ``layout.py``  blocks wrapped to a column; line <-> offset, sections' lines
- ``matches.py`` the match set and its cursor (next/previous, lines, find, counts)
- ``links.py``   the document's links in reading order and the selected one (Tab, Shift+Tab)
- ``prepared.py`` all of the above made for a document in the worker that loads it

Only ``widget.py`` imports Textual. The widget's names are loaded on first use
(PEP 562), so that importing the model (``tui.widgets.reader.layout``) for a test
or a tool does not load Textual; ``from tui.widgets.reader import Reader`` works
as it always has. The styles stay in ``tui/widgets/reader.tcss`` (with the find
bar's), which the app loads by that path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blocks import SUMMARY_NOTE
from .matches import MatchSpans
from .wrap import wrap_offsets

if TYPE_CHECKING:
    from .widget import CONTEXT, MEASURE, PLACEHOLDER, Reader

__all__ = ["CONTEXT", "MEASURE", "PLACEHOLDER", "SUMMARY_NOTE", "MatchSpans", "Reader", "wrap_offsets"]

_FROM_WIDGET = frozenset({"CONTEXT", "MEASURE", "PLACEHOLDER", "Reader"})


def __getattr__(name: str):
    if name in _FROM_WIDGET:
        from . import widget

        return getattr(widget, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
