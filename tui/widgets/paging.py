"""PageUp / PageDown in an option list that may not have been laid out yet.

Textual's ``OptionList`` moves a page through its line cache, which it builds only
once the list has a size (``_update_lines`` returns early while the list's content
region is empty). A page key that arrives before that (keys typed together over
SSH: ctrl+p then PageDown reach the palette before its list has a height; a list
in a pane that is hidden or squeezed to nothing) looks up a line that is not
there and raises ``KeyError`` from ``OptionList._move_page``, which ends the app.

Here a page move waits for the list to be laid out: it is tried again once after
the next refresh, and a list that still has no room has no page to move by, so
the key does nothing. The lists mix ``PagesWhenLaidOut`` in; the palette, whose
list Textual creates, calls ``page`` from its own binding. With it they get the
rest of the list motions (``list_keys.ListMotions``: rows that stop at the ends,
half pages).
"""

from __future__ import annotations

from functools import partial

from textual.widgets import OptionList

from .list_keys import ListMotions


def laid_out(option_list: OptionList) -> bool:
    """True once the list has room for at least one line (its line cache exists)."""
    region = option_list.scrollable_content_region
    return region.width > 0 and region.height > 0


def page(option_list: OptionList, direction: int, *, retry: bool = True) -> None:
    """Move ``option_list``'s highlight one page up (``direction`` < 0) or down."""
    if not option_list.option_count or not option_list.is_mounted:
        return
    if laid_out(option_list):
        if direction > 0:
            OptionList.action_page_down(option_list)
        else:
            OptionList.action_page_up(option_list)
    elif retry:
        option_list.call_after_refresh(partial(page, option_list, direction, retry=False))


class PagesWhenLaidOut(ListMotions):
    """Mix in before ``OptionList``: its page keys never run before it has a size
    (and its rows stop at the ends, see `ListMotions`)."""

    def action_page_down(self) -> None:
        page(self, 1)  # type: ignore[arg-type]

    def action_page_up(self) -> None:
        page(self, -1)  # type: ignore[arg-type]
