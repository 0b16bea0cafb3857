"""Indexing progress at the bottom of the left pane, hidden when there is none.

The index is built in a worker; this shows how far it has come so that a user with
10,000 files knows the app is working and can already browse what is there: once the
sync has committed part of it, the label says that results so far can be searched,
and after the last file it says what the sync is still doing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar


class SyncStatus(Vertical):
    searchable = False  # part of this sync is committed: what it read can be searched

    def compose(self) -> ComposeResult:
        yield Label("", id="sync-label")
        yield ProgressBar(total=None, show_eta=False, show_percentage=True, id="sync-bar")

    def start(self, message: str = "Checking for changes…") -> None:
        self.searchable = False
        self.query_one("#sync-label", Label).update(message)
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-active")

    def progress(self, done: int, total: int) -> None:
        so_far = ": results so far" if self.searchable and done < total else ""
        self.query_one("#sync-label", Label).update(f"Indexing {done:,} of {total:,}{so_far}")
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.add_class("-active")

    def committed(self, done: int, total: int) -> None:
        """What the sync has read so far is searchable now; the label says so until it ends."""
        self.searchable = True
        self.progress(done, total)

    def phase(self, text: str) -> None:
        """What the sync does once the files are read (the bar stays full meanwhile)."""
        self.query_one("#sync-label", Label).update(text)
        self.add_class("-active")

    def finish(self) -> None:
        self.remove_class("-active")
