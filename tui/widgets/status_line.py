"""One line under the reader: where you are in the document and among its matches.

"match 3/14 · Section title": the counter that glow and Frogmouth users asked
for, kept out of the reader so that the text keeps every line of the screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..sanitize import visible


class StatusLine(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._section = ""
        self._match = (0, 0)
        self._note = ""

    def set_section(self, title: str) -> None:
        self._section = title
        self._refresh()

    def set_match(self, index: int, total: int) -> None:
        self._match = (index, total)
        self._refresh()

    def set_note(self, note: str) -> None:
        self._note = note
        self._refresh()

    def clear(self) -> None:
        self._section, self._match, self._note = "", (0, 0), ""
        self._refresh()

    @property
    def match_text(self) -> str:
        index, total = self._match
        if not total:
            return ""
        return f"match {index}/{total}" if index else f"{total} matches"

    def _refresh(self) -> None:
        # The counter first: on a narrow reader the section title is what gets cut.
        parts = [part for part in (self._note, self.match_text, visible(self._section)) if part]
        self.update(Text(" · ".join(parts), no_wrap=True, overflow="ellipsis"))
