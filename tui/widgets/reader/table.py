"""Tables: rows aligned in columns when they fit the text column, folded when they do not.

A table arrives as one paragraph of the section's text: a line per row, cells
separated by a tab (see ``search.model.Mark``). Where the columns fit, each row
is drawn with its cells padded to their column's width and separated by " │ ",
and a header row is bold and ruled underneath. Where they do not (a six-column
documentation table at 80 columns), every row is *folded*: the header row once,
as a line naming the columns ("Name · Type · Default"), then each row as one
"Header: value" line per cell, rows apart by a blank line. That reads at any
width, and it keeps the text in source order, so a match in a cell still lights
exactly its characters (padding, rules and labels are display-only, see
`shift.Shifted`). A table without a header folds to its cells joined by " · ".

Plain Python (no Textual).
"""

from __future__ import annotations

from dataclasses import dataclass

from .shift import Shift, Shifted, display
from .wrap import cells

__all__ = ["FOLD_HANG", "RULE", "SEPARATOR", "Table"]

SEPARATOR = " │ "
RULE = "─"
JOIN = " · "
FOLD_HANG = 2
"""Cells that a folded cell's wrapped lines are indented by, under its label."""

HEADER = "reader--table-header"
RULE_STYLE = "reader--table-rule"

Styled = list[tuple[int, int, str]]


@dataclass(slots=True)
class Table:
    """A table's cells: where each is in the block's source, and its safe text."""

    source: str
    rows: list[list[tuple[int, int]]]
    """Per row, per cell: (start, end) in ``source``."""
    shown: list[list[str]]
    """Per row, per cell: its sanitized text."""
    widths: list[int]
    """Per column: the widest cell, in cells."""
    header: bool

    @classmethod
    def of(cls, source: str, header: bool) -> Table:
        rows: list[list[tuple[int, int]]] = []
        shown: list[list[str]] = []
        widths: list[int] = []
        at = 0
        for line in source.split("\n"):
            row: list[tuple[int, int]] = []
            texts: list[str] = []
            start = at
            for cell in line.split("\t"):
                end = start + len(cell)
                row.append((start, end))
                text = display(cell, multiline=False)[0]
                texts.append(text)
                start = end + 1
            for column, text in enumerate(texts):
                width = cells(text)
                if column < len(widths):
                    widths[column] = max(widths[column], width)
                else:
                    widths.append(width)
            rows.append(row)
            shown.append(texts)
            at += len(line) + 1
        return cls(source, rows, shown, widths, header and len(rows) > 1)

    @property
    def width(self) -> int:
        """Cells an aligned row takes at most."""
        return sum(self.widths) + len(SEPARATOR) * max(0, len(self.widths) - 1)

    def aligned(self) -> tuple[str, Shift | None, Styled]:
        """Rows padded into columns, with " │ " between cells and a rule under the header."""
        out = Shifted()
        source = self.source
        last = len(self.rows) - 1
        for number, row in enumerate(self.rows):
            style = HEADER if self.header and number == 0 else ""
            for column, (start, end) in enumerate(row):
                out.copy(source, start, end, style)
                if column < len(row) - 1:
                    pad = self.widths[column] - cells(self.shown[number][column])
                    out.replace(end, " " * pad)
                    out.insert(end, SEPARATOR, RULE_STYLE)
            if number < last:
                newline = row[-1][1]
                out.replace(newline, "\n")
                if style:
                    rule = (RULE + "┼" + RULE).join(RULE * width for width in self.widths)
                    out.insert(newline, rule + "\n", RULE_STYLE)
        text, shift = out.result()
        return text, shift, out.marks

    def folded(self) -> tuple[str, Shift | None, Styled]:
        """Each row as "Header: value" lines (the header row once, naming the columns)."""
        out = Shifted()
        source = self.source
        labels = self.shown[0] if self.header else []
        for number, row in enumerate(self.rows):
            naming = self.header and number == 0
            labelled = self.header and number > 0
            if number:
                previous = self.rows[number - 1][-1][1]
                out.replace(previous, "\n\n")
            for column, (start, end) in enumerate(row):
                if labelled:
                    label = (labels[column] if column < len(labels) else "") or f"{column + 1}"
                    if column == 0:
                        out.insert(previous, label + ":", HEADER)
                        out.insert(previous, " ")
                    else:
                        out.replace(start - 1, "\n")
                        out.insert(start - 1, label + ":", HEADER)
                        out.insert(start - 1, " ")
                elif column:
                    out.replace(start - 1, JOIN, RULE_STYLE)
                out.copy(source, start, end, HEADER if naming else "")
        text, shift = out.result()
        return text, shift, out.marks
