"""Help: the keys that work right now, generated from the bindings themselves.

Never a hand-written table: the screen reads the active bindings of the focused
pane, the browser and the app (after the user's keymap is applied), groups the keys
of each binding id together ("j, ↓") and lists them under where they apply. A key
the user remapped shows as remapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..widgets.closing import ClosesOnce

ORDER_FIRST = ("Focused pane", "Browser", "Everywhere")


@dataclass
class HelpRow:
    where: str
    keys: list[str]
    description: str
    binding_id: str


def _where(node, screen: Screen) -> str:
    from textual.app import App

    if isinstance(node, App):
        return "Everywhere"
    if node is screen:
        return "Browser"
    name = getattr(node, "HELP_NAME", None) or type(node).__name__
    return f"Focused pane: {name}"


def help_rows(screen: Screen) -> list[HelpRow]:
    """The bindings active on ``screen`` with its current focus, one row per binding."""
    rows: dict[tuple[str, str], HelpRow] = {}
    app = screen.app
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if binding.system or not binding.description:
            continue
        where = _where(active.node, screen)
        ident = binding.id or binding.action
        display = app.get_key_display(binding)
        row = rows.get((where, ident))
        if row is None:
            rows[(where, ident)] = HelpRow(where, [display], binding.description, ident)
        elif display not in row.keys:
            row.keys.append(display)

    def order(row: HelpRow) -> tuple:
        rank = 0 if row.where.startswith("Focused") else (1 if row.where == "Browser" else 2)
        return (rank, row.where)

    return sorted(rows.values(), key=order)


class HelpScreen(ClosesOnce, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Down", id="help.down", show=False),
        Binding("k,up", "scroll('up')", "Up", id="help.up", show=False),
    ]

    def __init__(self, rows: list[HelpRow], extra: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.extra = extra

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="help-table")
            if self.extra:
                yield Static(Text(self.extra, style="dim"), id="help-extra")

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("keys", no_wrap=True, style="bold")
        table.add_column("what")
        current = None
        for row in self.rows:
            if row.where != current:
                if current is not None:
                    table.add_row("", "")
                table.add_row(Text(row.where, style="bold underline"), "")
                current = row.where
            table.add_row(Text(", ".join(row.keys)), Text(row.description))
        return table

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
