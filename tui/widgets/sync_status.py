"""Indexing progress at the bottom of the left pane, hidden when there is none.

The index is built in a worker; this shows how far it has come so that a user with
10,000 files knows the app is working and can already browse what is there.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar


class SyncStatus(Vertical):
    def compose(self) -> ComposeResult:
        yield Label("", id="sync-label")
        yield ProgressBar(total=None, show_eta=False, show_percentage=True, id="sync-bar")

    def start(self, message: str = "Checking for changes…") -> None:
        self.query_one("#sync-label", Label).update(message)
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-active")

    def progress(self, done: int, total: int) -> None:
        self.query_one("#sync-label", Label).update(f"Indexing {done:,} of {total:,}")
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.add_class("-active")

    def finish(self) -> None:
        self.remove_class("-active")
