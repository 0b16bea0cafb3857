"""The keys every list answers to: vim and less motions beside the arrows.

One definition for the results, the library, the outline, the related pane and the
filter picker, so that j/k/g/G mean the same everywhere (frogmouth users asked for
vim keys in every pane, not only the reader). Each list names its own ``enter``
and gets ids under its own prefix, so a keymap can change one list's keys alone.

The keys, as ``less`` and ``vim`` readers expect them: Space / PageDown a page
down, ``b`` / PageUp a page up, Ctrl+d / Ctrl+u half a page, ``g`` / Home the top,
``G`` / End the bottom, ``j`` / ``k`` a row. ``j`` on the last row stays there (and
``k`` on the first): Textual's `OptionList` wraps round to the other end, which
throws a reader holding ``j`` back to the top of a long list. `ListMotions` (mixed
into every option list through ``paging.PagesWhenLaidOut``) makes the moves that
way; the library's rows (a view of their own) move the same way by themselves.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from textual.binding import Binding
from textual.widgets import OptionList


def list_bindings(prefix: str, enter: str, enter_id: str, *, pages: bool = True) -> list[Binding]:
    bindings = [
        Binding("j,down", "cursor_down", "Down", id=f"{prefix}.down", show=False),
        Binding("k,up", "cursor_up", "Up", id=f"{prefix}.up", show=False),
        Binding("g,home", "first", "Top", id=f"{prefix}.first", show=False),
        Binding("G,end", "last", "Bottom", id=f"{prefix}.last", show=False),
    ]
    if pages:
        bindings += [
            Binding("space,pagedown", "page_down", "Page down", id=f"{prefix}.page_down", show=False),
            Binding("b,pageup", "page_up", "Page up", id=f"{prefix}.page_up", show=False),
            Binding("ctrl+d", "half_page_down", "Half page down", id=f"{prefix}.half_page_down", show=False),
            Binding("ctrl+u", "half_page_up", "Half page up", id=f"{prefix}.half_page_up", show=False),
        ]
    bindings.append(Binding("enter", "select", enter, id=f"{prefix}.{enter_id}"))
    return bindings


def _when_laid_out(option_list: OptionList, move: Callable[[], None], *, retry: bool = True) -> None:
    """Run ``move`` once the list has room for a line (see ``paging``: before that it
    has no lines to count); tried again once after the next refresh, then dropped."""
    if not option_list.option_count or not option_list.is_mounted:
        return
    region = option_list.scrollable_content_region
    if region.width > 0 and region.height > 0:
        move()
    elif retry:
        option_list.call_after_refresh(partial(_when_laid_out, option_list, move, retry=False))


def step(option_list: OptionList, direction: int) -> None:
    """The cursor to the next enabled option up (``direction`` < 0) or down; at the
    end it stays, and the view shows the end (the headers above the first entry)."""
    highlighted = option_list.highlighted
    if highlighted is None:
        if direction > 0:
            OptionList.action_cursor_down(option_list)  # no cursor yet: the first enabled option
        else:
            OptionList.action_cursor_up(option_list)
        return
    options = option_list.options
    index = highlighted + direction
    while 0 <= index < len(options):
        if not options[index].disabled:
            option_list.highlighted = index
            return
        index += direction
    if not option_list.is_mounted:
        return
    if direction < 0:
        option_list.scroll_home(animate=False, immediate=True)
    else:
        option_list.scroll_end(animate=False, immediate=True)


def _enabled_near(option_list: OptionList, index: int, direction: int) -> int | None:
    """The first enabled option from ``index`` on in ``direction``, else the other way."""
    options = option_list.options
    for way in (direction, -direction):
        position = index
        while 0 <= position < len(options):
            if not options[position].disabled:
                return position
            position += way
    return None


def half_page(option_list: OptionList, direction: int) -> None:
    """Ctrl+d / Ctrl+u: the view and the cursor half a screen down (up), never past an end.

    The option under the cursor and the line it starts on come from the list's line
    cache (``_lines`` and ``_index_to_line``, held by ``test_textual_contract.py``):
    options are of any height, and only the list knows where each one starts.
    """

    def move() -> None:
        if option_list.highlighted is None:
            (OptionList.action_first if direction < 0 else OptionList.action_last)(option_list)
            return
        lines = option_list._lines
        if not lines:
            return
        half = max(1, option_list.scrollable_content_region.height // 2)
        start = option_list._index_to_line[option_list.highlighted]
        line = min(max(start + direction * half, 0), len(lines) - 1)
        target = _enabled_near(option_list, lines[line][0], direction)
        if target is None or target == option_list.highlighted:
            step(option_list, direction)  # nothing new half a page away: at an end
            return
        option_list.scroll_to(y=option_list.scroll_y + direction * half, animate=False, immediate=True)
        option_list.highlighted = target

    _when_laid_out(option_list, move)


class ListMotions:
    """Mix in before ``OptionList``: ``j`` / ``k`` stop at the ends; Ctrl+d / Ctrl+u move half a page."""

    def action_cursor_down(self) -> None:
        step(self, 1)  # type: ignore[arg-type]

    def action_cursor_up(self) -> None:
        step(self, -1)  # type: ignore[arg-type]

    def action_half_page_down(self) -> None:
        half_page(self, 1)  # type: ignore[arg-type]

    def action_half_page_up(self) -> None:
        half_page(self, -1)  # type: ignore[arg-type]
