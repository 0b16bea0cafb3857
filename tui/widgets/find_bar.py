"""The one-line find bar under the reader.

Typing finds as you go (`FindBar.Changed` on every edit), Enter settles on a match
(`FindBar.Submitted`), Escape hands control back to the reader (`FindBar.Closed`).
The bar only collects text: the screen runs the find on the `Reader` and shows the
"3/14" counter elsewhere, so this widget stays a plain `Input` anyone can restyle.

It is hidden until the screen adds the ``-active`` class (see ``reader.tcss``), so
it takes no room on an 80x24 screen while nobody is finding anything.

The text stays between finds in one document (``/`` then Enter brings it back to
edit), and goes when another document is opened (`forget`): it was the old one's.
The reader wraps a find round the document's ends, as vim does.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from .search_box import VisibleInput

__all__ = ["FindBar"]


class FindBar(VisibleInput):
    """A borderless `Input` for finding text in the open document."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find_bar.close", show=False),
    ]

    class Changed(Input.Changed):
        """The find text was edited (incremental find). ``text`` is the new text.

        A subclass of `Input.Changed` because `Input` posts it itself; handle it with
        ``on_find_bar_changed`` or ``@on(FindBar.Changed)``.
        """

        @property
        def text(self) -> str:
            return self.value

    class Submitted(Input.Submitted):
        """Enter was pressed. ``text`` is the find text."""

        @property
        def text(self) -> str:
            return self.value

    class Closed(Message):
        """Escape was pressed: the screen hides the bar and focuses the reader."""

    def __init__(
        self,
        value: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            value,
            placeholder="Find in document…",
            compact=True,
            select_on_focus=True,
            name=name,
            id=id,
            classes=classes,
        )

    @property
    def active(self) -> bool:
        """Whether the bar is shown."""
        return self.has_class("-active")

    def open(self, text: str | None = None) -> None:
        """Show the bar and focus it, optionally with some text in it."""
        if text is not None:
            self.value = text
        self.add_class("-active")
        self.focus()

    def close(self) -> None:
        """Hide the bar (the text stays, ready for the next `/`)."""
        self.remove_class("-active")

    def forget(self) -> None:
        """Another document is open: empty the bar, posting nothing (the reader has
        already dropped the old find), and hide it unless it is being typed in."""
        with self.prevent(FindBar.Changed):
            self.value = ""
        if not self.has_focus:
            self.close()

    def action_close(self) -> None:
        self.post_message(self.Closed())
