"""The bookmarked sections: Enter reads one, ``d`` removes one.

A bookmark names a document and a section of it, with the titles they had when it
was made, so a bookmark to a document that has left the library still says what it
was; it is listed as missing and can only be removed. Titles are data: shown
through ``visible`` as plain ``Content``, never read as markup.

The browser hands the screen its entries and a ``remove`` callback (it keeps the
state); the screen dismisses with the bookmark chosen, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..sanitize import visible, visible_path
from ..state import Bookmark
from ..widgets.closing import ClosesOnce
from ..widgets.list_keys import list_bindings
from ..widgets.paging import PagesWhenLaidOut


@dataclass(frozen=True)
class BookmarkEntry:
    """A bookmark as listed: the titles to show, and whether its document is still there."""

    bookmark: Bookmark
    title: str  # the document's title now (else the one it had)
    section_title: str
    missing: bool = False


def entry_line(entry: BookmarkEntry) -> Content:
    """ "Document title › Section title", "(missing)" before a document that is gone."""
    mark = entry.bookmark
    title = visible(entry.title) or visible_path(mark.doc_id) or "(untitled)"
    section = visible(entry.section_title) or ("Top" if mark.section_id in (None, "lead") else visible(mark.section_id or ""))
    parts: list[tuple[str, str] | str] = []
    if entry.missing:
        parts.append(("(missing) ", "bold"))
    parts += [(title, "bold" if not entry.missing else "dim"), (" › ", "dim"), (section, "" if not entry.missing else "dim")]
    return Content.assemble(*parts)


class BookmarkList(PagesWhenLaidOut, OptionList):
    """The bookmarks, one option each, with the keys of every list."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("bookmarks", "Read", "open")


class BookmarksScreen(ClosesOnce, ModalScreen[Bookmark | None]):
    DEFAULT_CSS = """
    BookmarksScreen {
        align: center middle;
    }
    #bookmark-list {
        width: 90%;
        max-width: 110;
        height: 80%;
        border: round $accent;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="bookmarks.close"),
        Binding("d", "remove", "Remove bookmark", id="bookmarks.remove"),
    ]

    def __init__(self, entries: Sequence[BookmarkEntry], remove: Callable[[Bookmark], object]) -> None:
        super().__init__()
        self.entries = list(entries)
        self._remove = remove

    def compose(self) -> ComposeResult:
        options = BookmarkList(id="bookmark-list", markup=False)
        options.border_subtitle = "enter read · d remove · esc close"
        yield options

    def on_mount(self) -> None:
        self._fill(0)
        self.query_one(BookmarkList).focus()

    def _fill(self, highlight: int) -> None:
        options = self.query_one(BookmarkList)
        count = len(self.entries)
        options.border_title = f"{count} bookmark{'' if count == 1 else 's'}"
        options.clear_options()
        if not self.entries:
            options.add_option(Option(Content.styled("No bookmarks yet: m in the reader bookmarks a section.", "dim"), disabled=True))
            return
        options.add_options([Option(entry_line(entry)) for entry in self.entries])
        options.highlighted = min(highlight, count - 1)

    @property
    def highlighted_entry(self) -> BookmarkEntry | None:
        index = self.query_one(BookmarkList).highlighted
        if index is None or not self.entries or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.entries or not 0 <= event.option_index < len(self.entries):
            return
        entry = self.entries[event.option_index]
        if entry.missing:
            self.app.notify("That document is no longer in the library: d removes the bookmark", severity="warning", timeout=3)
            return
        self.dismiss(entry.bookmark)

    def action_remove(self) -> None:
        entry = self.highlighted_entry
        if entry is None:
            return
        index = self.entries.index(entry)
        self._remove(entry.bookmark)
        del self.entries[index]
        self._fill(index)

    def action_close(self) -> None:
        self.dismiss(None)
