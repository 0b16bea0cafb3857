"""The files the last sync could not index, and why.

A folder someone else filled holds binaries, broken encodings and links that lead
out of it. They are skipped, never silently: this list says which and why, in the
same words as ``readingroom index``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..sanitize import visible, visible_path
from ..widgets.paging import PagesWhenLaidOut
from ..widgets.closing import ClosesOnce


class SkippedList(PagesWhenLaidOut, OptionList):
    """The skipped files, one option each; its page keys wait for it to have a size."""


class SkippedScreen(ClosesOnce, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="skipped.close"),
        Binding("j", "cursor('down')", "Down", id="skipped.down", show=False),
        Binding("k", "cursor('up')", "Up", id="skipped.up", show=False),
    ]

    def __init__(self, skipped) -> None:
        super().__init__()
        self.skipped = tuple(skipped)

    def compose(self) -> ComposeResult:
        options = SkippedList(id="skipped-list")
        count = len(self.skipped)
        options.border_title = f"{count} file{'s' if count != 1 else ''} skipped (Esc closes)"
        if not self.skipped:
            options.add_option(Option(Text("Nothing was skipped.", style="dim"), disabled=True))
        for item in self.skipped:
            prompt = Text(visible_path(item.path), style="bold") + Text("\n  ") + Text(visible(item.reason), style="dim")
            options.add_option(Option(prompt))
        yield options

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        if direction == "down":
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_dismiss(self) -> None:
        self.dismiss(None)
