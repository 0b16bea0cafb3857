"""The open document's table of contents, with how many matches each section holds.

The outline follows the reader: as the reader scrolls, the screen calls
``highlight_section`` and the cursor moves here without taking the keyboard and
without asking the reader to jump anywhere. Enter is the only way to jump.

The lead (the text before the first heading) is listed under the document's own
title, or "Top" when the document has none: it is where the document begins.
"""

from __future__ import annotations

from typing import ClassVar, Mapping

from textual.binding import BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search.model import Document, Section
from tui.sanitize import visible
from tui.widgets.results import KeepsReverse, render_line_strip
from tui.widgets.list_keys import list_bindings
from tui.widgets.paging import PagesWhenLaidOut

INDENT = 2
MAX_DEPTH = 4


class SectionRow(Visual):
    """One section: indented title on the left, its match count on the right.

    The count keeps its place at the right edge however long the title; the
    title gives way with an ellipsis.
    """

    def __init__(self, title: Content, depth: int, count: int | None, dimmed: bool) -> None:
        self.title = title
        self.depth = depth
        self.count = count
        self.dimmed = dimmed

    @property
    def plain(self) -> str:
        count = f"  {self.count}" if self.count else ""
        return " " * (self.depth * INDENT) + self.title.plain + count

    def line(self, width: int) -> Content:
        indent = min(self.depth * INDENT, max(0, width // 3))
        count = f"{self.count}" if self.count else ""
        room = width - indent - (len(count) + 1 if count else 0)
        if room < 1:
            room, count = width - indent, ""
        title = self.title.truncate(room, ellipsis=True, pad=bool(count))
        line = Content.assemble(" " * indent, title, (" " + count if count else "", ".outline--count"))
        return line.stylize(".outline--unmatched") if self.dimmed else line

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = [render_line_strip(self.line(width), width, style, options)]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.depth * INDENT + self.title.cell_length + (len(str(self.count)) + 1 if self.count else 0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class Outline(KeepsReverse, PagesWhenLaidOut, OptionList):
    """Sections of the open document, indented by level; Enter jumps to one."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("outline", "Jump", "jump")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "outline--document",
        "outline--section",
        "outline--count",
        "outline--unmatched",
        "outline--empty",
    }

    class Jump(Message):
        """The reader asked to go to a section."""

        def __init__(self, section_id: str) -> None:
            super().__init__()
            self.section_id = section_id
            self.outline: Outline | None = None

        @property
        def control(self) -> Outline | None:
            return self.outline

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.border_title = "Outline"
        self._document: Document | None = None
        self._counts: Mapping[str, int] | None = None
        self._section_ids: list[str] = []
        self.clear()

    @property
    def document(self) -> Document | None:
        return self._document

    @property
    def highlighted_section(self) -> str | None:
        """The id of the section under the cursor."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._section_ids):
            return None
        return self._section_ids[index]

    def clear(self) -> None:
        """No document: say so."""
        self._document = None
        self._counts = None
        self._section_ids = []
        self.border_subtitle = ""
        self.set_options([Option(Content.styled("No document open", ".outline--empty"), disabled=True)])

    def show_document(self, document: Document, counts: Mapping[str, int] | None = None) -> None:
        """List ``document``'s sections; ``counts`` are query matches by section id."""
        self._document = document
        self._counts = counts
        self._rebuild(keep=None)

    def set_counts(self, counts: Mapping[str, int] | None) -> None:
        """New match counts (a new query), keeping the cursor where it is."""
        if self._document is None:
            return
        self._counts = counts
        self._rebuild(keep=self.highlighted)

    def highlight_section(self, section_id: str) -> None:
        """Follow the reader to ``section_id``: move the cursor, post nothing, keep focus where it is."""
        try:
            index = self._section_ids.index(section_id)
        except ValueError:
            return
        if index != self.highlighted:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = index

    def _rebuild(self, keep: int | None) -> None:
        document = self._document
        assert document is not None
        counts = self._counts
        sections = document.sections
        headed = [s.level for s in sections if s.id != "lead"]
        base = min(headed, default=1)
        options: list[Option] = []
        ids: list[str] = []
        for section in sections:
            count = None if counts is None else counts.get(section.id, 0)
            row = SectionRow(
                self._title(document, section),
                0 if section.id == "lead" else min(MAX_DEPTH, max(0, section.level - base)),
                count,
                dimmed=count == 0,
            )
            options.append(Option(row))
            ids.append(section.id)
        if counts is not None:
            total = sum(counts.get(section_id, 0) for section_id in ids)
            self.border_subtitle = f"{total:,} match" + ("" if total == 1 else "es")
        else:
            self.border_subtitle = ""
        self._section_ids = ids
        if not options:
            options = [Option(Content.styled("No sections", ".outline--empty"), disabled=True)]
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            if ids:
                self.highlighted = keep if keep is not None and keep < len(ids) else 0

    @staticmethod
    def _title(document: Document, section: Section) -> Content:
        if section.id == "lead":
            return Content.styled(visible(document.title) or "Top", ".outline--document")
        return Content.styled(visible(section.title) or "(untitled section)", ".outline--section")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._section_ids):
            message = self.Jump(self._section_ids[index])
            message.outline = self
            self.post_message(message)
