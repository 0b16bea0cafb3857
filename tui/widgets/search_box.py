"""The query field at the top of the left pane.

It only edits text; the screen decides when to search (a short debounce after each
change) so that typing "pyongyang" runs one search, not nine.

Up and Down walk the queries searched before, as a shell walks its history: Up
the one before, Down the one after, and Down past the newest brings back what was
being typed. Down when not walking the history moves to the results, as before.
The screen hands the box the queries (``set_history``) and says when one is
searched for good (Enter, or a hit opened); the box never records one itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from rich.cells import cell_len, get_character_cell_size
from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.expand_tabs import expand_tabs_inline
from textual.geometry import Size, clamp
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from ..sanitize import visible_in_place


class _ShownValue(Highlighter):
    """Puts ``visible_in_place(value)`` in place of the text `Input` is about to draw.

    `Input` draws its value through its highlighter (the public ``highlighter``
    argument); this one replaces the characters themselves, one for one, and then
    lets the highlighter the box was given (if any) style the result. It reads the
    value from the box, not from the text it is handed: Rich's `Text` has already
    dropped some control characters (BEL, BS, CR ...) from that.
    """

    def __init__(self, box: Input, inner: Highlighter | None) -> None:
        self.box = box
        self.inner = inner

    def highlight(self, text: Text) -> None:
        text.plain = visible_in_place(self.box.value)
        if self.inner is not None:
            self.inner.highlight(text)


@lru_cache(maxsize=None)
def _editing_keys(cls: type) -> dict[str, str]:
    """Key -> action for the bindings without an ``id`` that ``cls`` and its bases declare, nearest first."""
    keys: dict[str, str] = {}
    ids: set[str] = set()
    for klass in cls.__mro__:
        for binding in klass.__dict__.get("BINDINGS", ()):
            binding = binding if isinstance(binding, Binding) else Binding(*binding)
            for key in binding.key.split(","):
                key = key.strip()
                if binding.id:
                    ids.add(key)  # remappable: never inlined, nor shadowed by a base's binding
                elif key not in ids:
                    keys.setdefault(key, binding.action)
    return keys


class VisibleInput(Input):
    """An `Input` that shows control characters in its value as visible placeholders.

    What is in the box can come from a document: pasted after `y` copied a section,
    or given with ``-q``. `Input` draws its value as is, so an escape sequence in it
    would reach the terminal. This draws ``visible_in_place(value)`` instead (one
    character for each, so the cursor, the selection and mouse clicks still line
    up) and leaves the value itself alone: a search or a find sees what was typed.

    The drawing goes through `Input`'s public ``highlighter`` (`_ShownValue`).
    Where the cursor and a click land is computed by two private methods of
    `Input` that have no public counterpart; they are overridden below, and
    ``tests/tui/widgets/test_textual_contract.py`` fails if Textual changes them.
    """

    # `Input` sets its virtual size (how far it can scroll) on every change, and
    # Widget declares that a layout change: every letter typed laid out the whole
    # screen again, and every scroll view on it then redrew its scroll bar in a
    # frame of its own, one that search results arriving next had to wait behind.
    # The box's own size never depends on its text (it is as wide as its pane), so
    # a change of virtual size needs a repaint only. (The same public reactive,
    # declared again with ``layout=False``; the contract test holds it.)
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    @property
    def highlighter(self) -> Highlighter:
        """The box's highlighter: whatever is set here styles the visible text."""
        return self._shown_value

    @highlighter.setter
    def highlighter(self, highlighter: Highlighter | None) -> None:
        # `Input.__init__` assigns the constructor's argument here too.
        if isinstance(highlighter, _ShownValue):
            highlighter = highlighter.inner
        self._shown_value = _ShownValue(self, highlighter)

    # -- keys typed faster than the screen ---------------------------------------------

    async def on_key(self, event: events.Key) -> None:
        """Run the box's own editing keys (Backspace, Delete, arrows, Enter ...) here, at once.

        `Input` inserts a typed letter as its key arrives, but a bound key travels up
        to the app and back before its action runs. Keys that arrive together (over
        SSH, or pasted by tmux) then apply out of order: "zebra", three Backspaces
        and "ko" gave "zebrako". Bindings with an ``id`` (a user's keymap may move
        them) still take the usual way; priority bindings were checked before the
        key reached the box.
        """
        if event.is_printable:
            return
        action = _editing_keys(type(self)).get(event.key)
        if action is None:
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

    # -- Textual privates, no public way: cells of the shown text, not of the value --

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(visible_in_place(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        cell_offset = 0
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        shown = visible_in_place(self.value)
        for index, char in enumerate(shown):
            cell_width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + cell_width:
                return index
            cell_offset += cell_width
        return clamp(offset, 0, len(shown))


class SearchBox(VisibleInput):
    BINDINGS = [
        Binding("escape", "leave", "Results", id="search.leave", show=True),
        Binding("down", "history_next", "Later query (past the newest: the results)", id="search.down", show=False),
        Binding("up", "history_previous", "Earlier query", id="search.up", show=False),
    ]

    class Left(Message):
        """The user is done typing and wants to move to the results."""

        def __init__(self, visit: int) -> None:
            super().__init__()
            self.visit = visit  # which stay in the box it ends (``SearchBox.visit``)

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(
            value=value,
            placeholder="Search: words, \"phrases\", title: topic: date:2024 …",
            **kwargs,
        )
        self.visit = 0  # counts the times the box got the focus
        self._history: list[str] = []  # the queries searched, oldest first
        self._recalled: int | None = None  # which of them the box shows, None while typing
        self._draft = ""  # what was being typed when Up was first pressed

    def on_focus(self) -> None:
        self.visit += 1

    def action_leave(self) -> None:
        self.post_message(self.Left(self.visit))

    # -- the queries searched before ----------------------------------------------------

    @property
    def history(self) -> list[str]:
        """The queries Up and Down walk, oldest first (a copy)."""
        return list(self._history)

    def set_history(self, queries: Sequence[str]) -> None:
        """The queries searched before, oldest first; the walk starts again from the newest."""
        self._history = list(queries)
        self._recalled = None

    def _walking(self) -> bool:
        """Whether the box shows a recalled query as recalled (not edited since)."""
        index = self._recalled
        if index is not None and (index >= len(self._history) or self.value != self._history[index]):
            self._recalled = None  # edited: what is there now is the text being typed
        return self._recalled is not None

    def _recall(self, index: int | None) -> None:
        self._recalled = index
        self.value = self._draft if index is None else self._history[index]
        self.cursor_position = len(self.value)

    def action_history_previous(self) -> None:
        """Up: the query searched before the one shown (from the newest, as a shell does)."""
        queries = self._history
        if self._walking():
            if self._recalled:
                self._recall(self._recalled - 1)
            return
        if not queries:
            return
        self._draft = self.value
        newest = len(queries) - 1
        # The box still holds the query just searched: Up goes to the one before it.
        self._recall(newest - 1 if queries[newest] == self.value and newest > 0 else newest)

    def action_history_next(self) -> None:
        """Down: the query searched after the one shown; past the newest, what was being
        typed. When no recalled query is shown, Down moves to the results."""
        if not self._walking():
            self.action_leave()
            return
        index = self._recalled + 1 if self._recalled is not None else None
        self._recall(index if index is not None and index < len(self._history) else None)
