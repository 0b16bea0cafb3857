"""The key map as a Markdown table, built from the bindings (README and help agree).

``python -m tui.keytable`` prints it; a test checks that README.md carries exactly
this table, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from textual.binding import Binding

from .keymap import key_label


def _panes():
    from .app import ReadingRoom
    from .screens.browser import BrowserScreen
    from .widgets.find_bar import FindBar
    from .widgets.library_list import LibraryList, LibraryRows
    from .widgets.outline import Outline
    from .widgets.reader import Reader
    from .widgets.related import RelatedPane
    from .widgets.results import ResultsList
    from .widgets.search_box import SearchBox

    return [
        ("Everywhere", ReadingRoom),
        ("Browser (any pane but a text field)", BrowserScreen),
        ("Search box", SearchBox),
        ("Reader", Reader),
        ("Find bar", FindBar),
        ("Results", ResultsList),
        ("Library", LibraryList),
        ("Library list", LibraryRows),
        ("Outline", Outline),
        ("Related", RelatedPane),
    ]


def markdown_keymap() -> str:
    """One row per binding; bindings that several lists share are one row."""
    rows: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for where, owner in _panes():
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = ", ".join(f"`{key_label(k.strip())}`" for k in binding.key.split(","))
            places, ids = rows.setdefault((keys, binding.description), ([], []))
            places.append(where)
            ids.append(f"`{binding.id or ''}`")
    lines = ["| where | keys | what | id (for keymap.toml) |", "| --- | --- | --- | --- |"]
    for (keys, what), (places, ids) in rows.items():
        lines.append(f"| {', '.join(places)} | {keys} | {what} | {' '.join(ids)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_keymap())
