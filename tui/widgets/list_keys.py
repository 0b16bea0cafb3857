"""The keys every list answers to: vim and less motions beside the arrows.

One definition for the results, the library, the outline, the related pane and the
filter picker, so that j/k/g/G mean the same everywhere (frogmouth users asked for
vim keys in every pane, not only the reader). Each list names its own ``enter``
and gets ids under its own prefix, so a keymap can change one list's keys alone.
"""

from __future__ import annotations

from textual.binding import Binding


def list_bindings(prefix: str, enter: str, enter_id: str, *, pages: bool = True) -> list[Binding]:
    bindings = [
        Binding("j,down", "cursor_down", "Down", id=f"{prefix}.down", show=False),
        Binding("k,up", "cursor_up", "Up", id=f"{prefix}.up", show=False),
        Binding("g,home", "first", "Top", id=f"{prefix}.first", show=False),
        Binding("G,end", "last", "Bottom", id=f"{prefix}.last", show=False),
    ]
    if pages:
        bindings += [
            Binding("pagedown", "page_down", "Page down", id=f"{prefix}.page_down", show=False),
            Binding("pageup", "page_up", "Page up", id=f"{prefix}.page_up", show=False),
        ]
    bindings.append(Binding("enter", "select", enter, id=f"{prefix}.{enter_id}"))
    return bindings
