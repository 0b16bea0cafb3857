"""Tables: rows aligned in columns when they fit the text column, folded when they do not.

A table arrives as one paragraph of the section's text: a line per row, cells
separated by a tab (see ``search.model.Mark``). Where the columns fit, each row
is drawn with its cells padded to their column's width and separated by " │ ",
and a header row is bold and ruled underneath. Where only the last column is too
wide (documentation tables put their long description last), its cells are
wrapped at words inside that column. Where even that leaves it too narrow
(`MIN_LAST` cells, or a third of the column), every row is *folded*: the header row once,
as a line naming the columns ("Name · Type · Default"), then each row as one
"Header: value" line per cell, rows apart by a blank line. That reads at any
width, and it keeps the text in source order, so a match in a cell still lights
exactly its characters (padding, rules and labels are display-only, see
`shift.Shifted`). A table without a header folds to its cells joined by " · ".

Plain Python (no Textual).
"""

from __future__ import annotations

from dataclasses import dataclass

from .shift import Shift, Shifted, display, to_source
from .wrap import cells, wrap_offsets

__all__ = ["FOLD_HANG", "RULE", "SEPARATOR", "Table"]

SEPARATOR = " │ "
RULE = "─"
JOIN = " · "
MIN_LAST = 20
"""The fewest cells the last column is wrapped to before a table folds instead."""
FOLD_HANG = 2
"""Cells that a folded cell's wrapped lines are indented by, under its label."""

HEADER = "reader--table-header"
RULE_STYLE = "reader--table-rule"

Styled = list[tuple[int, int, str]]
Form = tuple[str, "Shift | None", Styled, list[tuple[int, int]]]
"""A table's display text, its shift, its styled spans and its fillers (see `Shifted`)."""


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

    def last_room(self, column: int) -> int | None:
        """The cells left for the last column when the others keep their width, if
        that is enough to read it wrapped (`MIN_LAST`, or a third of the column)."""
        room = column - (self.width - self.widths[-1])
        return room if room >= max(MIN_LAST, column // 3) else None

    def aligned(self, last: int | None = None) -> Form:
        """Rows padded into columns, with " │ " between cells and a rule under the header.

        With ``last``, the cells of the last column are wrapped at words to that
        many cells, their lines hanging in their column: the other columns stay
        whole, and the text stays in source order.
        """
        out = Shifted()
        source = self.source
        widths = list(self.widths)
        if last is not None and last < widths[-1]:
            widths[-1] = last
        else:
            last = None
        final = len(widths) - 1
        rows = len(self.rows) - 1
        for number, row in enumerate(self.rows):
            style = HEADER if self.header and number == 0 else ""
            for column, (start, end) in enumerate(row):
                if last is not None and column == final:
                    self._wrapped(out, number, start, end, widths, style)
                else:
                    out.copy(source, start, end, style)
                if column < len(row) - 1:
                    pad = widths[column] - cells(self.shown[number][column])
                    out.replace(end, " " * pad)
                    out.insert(end, SEPARATOR, RULE_STYLE)
            if number < rows:
                newline = row[-1][1]
                out.replace(newline, "\n")
                if style:
                    rule = (RULE + "┼" + RULE).join(RULE * width for width in widths)
                    out.insert(newline, rule + "\n", RULE_STYLE)
        text, shift = out.result()
        return text, shift, out.marks, out.fillers

    def _wrapped(self, out: Shifted, number: int, start: int, end: int, widths: list[int], style: str) -> None:
        """A last-column cell wrapped to ``widths[-1]``, its lines after empty columns."""
        shown = self.shown[number][-1]
        cell_shift = display(self.source[start:end], multiline=False)[1]
        size = end - start
        previous = start
        for index, (a, b) in enumerate(wrap_offsets(shown, widths[-1])):
            line_start = start + to_source(cell_shift, a, size)
            line_end = start + to_source(cell_shift, b, size)
            if index:
                if line_start > previous:  # the spaces it broke at: the first is the line break
                    out.replace(previous, "\n")
                    for dropped in range(previous + 1, line_start):
                        out.replace(dropped, "")
                    at = line_start - 1
                else:  # a word cut where the cells ran out
                    out.insert(previous - 1, "\n")
                    at = previous - 1
                for width in widths[:-1]:
                    out.insert(at, " " * width)
                    out.insert(at, SEPARATOR, RULE_STYLE)
            out.copy(self.source, line_start, line_end, style)
            previous = line_end

    def folded(self) -> Form:
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
        return text, shift, out.marks, out.fillers
