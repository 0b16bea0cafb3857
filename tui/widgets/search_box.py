"""The query field at the top of the left pane.

It only edits text; the screen decides when to search (a short debounce after each
change) so that typing "pyongyang" runs one search, not nine.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "leave", "Results", id="search.leave", show=True),
        Binding("down", "leave", "Results", id="search.down", show=False),
    ]

    class Left(Message):
        """The user is done typing and wants to move to the results."""

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(
            value=value,
            placeholder="Search: words, \"phrases\", title: topic: date:2024 …",
            **kwargs,
        )

    def action_leave(self) -> None:
        self.post_message(self.Left())
