"""The whole library, shown while the query is empty: every document, sorted and filtered.

The documents read most recently come first whatever the sort (``set_recent``,
from the visits the app remembers), each marked "recent".

A library can hold 50,000 documents (and their related entries), so a row is made
only when it is drawn, lays itself out then, and its height is known without
measuring text (`LibraryRows`, a Line API view). Sorting and filtering work on the
summaries the widget holds; nothing here asks the index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search.model import DocumentSummary, Facets
from tui.sanitize import visible, visible_path
from tui.widgets.results import KeepsReverse, render_line_strip
from tui.widgets.list_keys import list_bindings
from tui.widgets.paging import PagesWhenLaidOut
from tui.widgets.closing import ClosesOnce

SORTS = ("date", "title")
GROUPS = ("type", "topic", "year")
GROUP_LABELS = {"type": "Type", "topic": "Topic", "year": "Year"}

WIDE = 64
"""At this many cells or more a document is one line (date, type, title); below, two."""

DATE_WIDTH = 10
TYPE_WIDTH_MAX = 14
RECENT_FIRST = 5
"""How many of the documents read most recently the library lists first."""


def year_of(item: DocumentSummary) -> str:
    year = item.date[:4]
    return year if len(year) == 4 and year.isdigit() else ""


class _Columns:
    """What all rows of one listing share: the width of the type column, the recent documents."""

    __slots__ = ("type_width", "recent")

    def __init__(self, type_width: int, recent: frozenset[str] = frozenset()) -> None:
        self.type_width = type_width
        self.recent = recent


class LibraryRow(Visual):
    """One document of the library, laid out when drawn.

    Wide: ``2024-11-14  Analysis    Title of the document``. Narrow: the title, and
    under it ``2024-11-14 · Analysis``. A summary document says so ("summary").
    """

    __slots__ = ("item", "columns")

    def __init__(self, item: DocumentSummary, columns: _Columns) -> None:
        self.item = item
        self.columns = columns

    def title(self) -> str:
        item = self.item
        return visible(item.title) or visible_path(item.path or item.doc_id) or "(untitled)"

    def lines(self, width: int) -> list[Content]:
        """The row's lines at ``width`` cells, cut to fit."""
        item = self.item
        title = self.title()
        kind = "summary" if item.kind == "summary" else ""
        if item.doc_id in self.columns.recent:
            kind = f"{kind} · recent" if kind else "recent"
        if width >= WIDE:
            type_width = self.columns.type_width
            type_text = Content(visible(item.type)).truncate(type_width, ellipsis=True, pad=True)
            line = Content.assemble(
                (visible(item.date).ljust(DATE_WIDTH)[:DATE_WIDTH], ".library--date"),
                "  ",
                type_text.stylize(".library--type"),
                "  " if type_width else "",
                (title, ".library--title"),
                (f" · {kind}" if kind else "", ".library--summary"),
            )
            return [line.truncate(width, ellipsis=True)]
        meta = " · ".join(part for part in (visible(item.date), visible(item.type), kind) if part)
        return [
            Content.styled(title, ".library--title").truncate(width, ellipsis=True),
            Content.styled("  " + meta if meta else "", ".library--date").truncate(width, ellipsis=True),
        ]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = [render_line_strip(line, width, style, options) for line in self.lines(width)]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return DATE_WIDTH + 2 + self.columns.type_width + 2 + len(self.item.title)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.height_at(width)

    @staticmethod
    def height_at(width: int) -> int:
        return 1 if width >= WIDE else 2


def facets_of(items: Sequence[DocumentSummary], filters: Mapping[str, str] | None = None) -> Facets:
    """Counts of types, topics and years among ``items`` (most frequent first; years newest first).

    With ``filters`` (the library's, by group), each group is counted among the
    documents that pass the other groups' filters, as the engine's facets are
    (``Library.facets``): with type X chosen, the topics and years are those of type
    X's documents, and the types say what choosing another type instead would list.
    """
    filters = filters or {}
    wanted_type = filters.get("type", "").casefold()
    wanted_topic = filters.get("topic", "").casefold()
    wanted_year = filters.get("year", "")
    types: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for item in items:
        year = year_of(item)
        type_ok = not wanted_type or item.type.casefold() == wanted_type
        topic_ok = not wanted_topic or any(t.casefold() == wanted_topic for t in item.topics)
        year_ok = not wanted_year or year == wanted_year
        if item.type and topic_ok and year_ok:
            types[item.type] += 1
        if type_ok and year_ok:
            topics.update(set(item.topics))
        if year and type_ok and topic_ok:
            years[year] += 1

    def by_count(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(counter.items(), key=lambda pair: (-pair[1], pair[0].casefold())))

    return Facets(
        types=by_count(types),
        topics=by_count(topics),
        years=tuple(sorted(years.items(), reverse=True)),
    )


class _PickerOptions(KeepsReverse, PagesWhenLaidOut, OptionList):
    """The facet values of the filter picker, with the same keys as every list."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("library.picker", "Apply filter", "apply")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library--picker-group",
        "library--picker-count",
        "library--picker-clear",
    }


class LibraryFilterPicker(ClosesOnce, ModalScreen[tuple[str, str] | None]):
    """Pick one type, topic or year to narrow the library to.

    Dismisses with ``(group, value)``, ``("clear", "")`` to drop every filter, or
    None when the reader escapes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="library.picker.close"),
    ]

    def __init__(self, facets: Facets, active: Mapping[str, str]) -> None:
        super().__init__()
        self.facets = facets
        self.active = dict(active)
        self._choices: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        choices: list[tuple[str, str]] = []

        def add(prompt: Content, choice: tuple[str, str] | None) -> None:
            options.append(Option(prompt, disabled=choice is None))
            choices.append(choice or ("", ""))

        if self.active:
            add(Content.styled("Clear all filters", ".library--picker-clear"), ("clear", ""))
        groups = (("type", self.facets.types), ("topic", self.facets.topics), ("year", self.facets.years))
        for group, values in groups:
            chosen = self.active.get(group, "")
            if chosen and not any(value.casefold() == chosen.casefold() for value, _ in values):
                # The filter in force, though nothing passes the others with it: still shown, ticked.
                values = (*values, (chosen, 0))
                if group == "year":
                    values = tuple(sorted(values, reverse=True))
            add(Content.styled(GROUP_LABELS[group], ".library--picker-group"), None)
            if not values:
                add(Content.styled("  none", ".library--picker-count"), None)
            for value, count in values:
                mark = "✓ " if self.active.get(group, "").casefold() == value.casefold() else "  "
                add(
                    Content.assemble(
                        mark,
                        visible(value) or "(blank)",
                        (f"  {count:,}", ".library--picker-count"),
                    ),
                    (group, value),
                )
        self._choices = choices
        picker = _PickerOptions(*options, id="library-picker-options", markup=False)
        picker.border_title = "Filter the library"
        picker.border_subtitle = "enter apply · esc close"
        with Vertical(id="library-picker"):
            yield picker

    def on_mount(self) -> None:
        self.query_one(_PickerOptions).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        group, value = self._choices[event.option_index]
        if group:
            self.dismiss((group, value))

    def action_close(self) -> None:
        self.dismiss(None)


class LibraryRows(KeepsReverse, ScrollView, can_focus=True):
    """The rows of the library (the part of LibraryList that holds the keyboard).

    A Line API view of its own: every document is one row of the same height (one
    line when wide, two when narrow), so the row under screen line ``y`` is a
    division away, and a row (a `LibraryRow` and its strips) is made only when it
    is drawn. Nothing is made per document when the list is filled: 50,000
    documents cost the list of their summaries and nothing more.

    What that bought: an `OptionList` holds an `Option` per document and tables
    per line; for 125,000 documents (50,000 articles and their related entries)
    the options and rows held 25 MB and the tables 40 MB more. Making them lazily
    meant overriding OptionList's private members (which tied the app to one
    Textual release), and its page keys still made every option between the
    cursor and one end of the list. Here, listing 50,000 summaries, paging,
    sorting them again and jumping to the end peaks at 10.8 MB allocated (the
    sort's keys, mostly) against 14.4 MB with the lazy OptionList, and only the
    rows on screen are ever made.

    It looks and answers like the `OptionList`s beside it: the same cursor styles
    (see ``DEFAULT_CSS``), the keys of every list (``list_keys.py``), `j` on the
    last row stays there, a click opens the row under it.
    """

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    LibraryRows {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .library--row-highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .library--row-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .library--row-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .library--row-disabled {
            color: $text-disabled;
        }
        & > .library--row-hover {
            background: $block-hover-background;
        }
    }
    """
    """OptionList's own look, rule for rule, so the library's cursor is the one
    every other list has (themes included)."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("library", "Open", "open")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library--row",
        "library--row-highlighted",
        "library--row-hover",
        "library--row-disabled",
        "library--date",
        "library--type",
        "library--title",
        "library--summary",
        "library--empty",
    }

    highlighted: reactive[int | None] = reactive(None)
    """The index of the row under the cursor, or None (no rows)."""

    _hovering: reactive[int | None] = reactive(None)
    """The index of the row under the mouse, or None."""

    class Selected(Message):
        """Enter (or a click) on row ``index``."""

        def __init__(self, rows: LibraryRows, index: int) -> None:
            super().__init__()
            self.rows = rows
            self.index = index

        @property
        def control(self) -> LibraryRows:
            return self.rows

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._items: Sequence[DocumentSummary] = ()
        self._columns = _Columns(0)
        self._message: Content | None = None
        self._row_height = 1
        self._drawn: LRUCache[tuple[int, Style, int], list[Strip]] = LRUCache(1024)

    # -- filling ---------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many documents are listed (0 while a message stands in for them)."""
        return len(self._items)

    @property
    def message(self) -> str:
        """The line shown instead of rows ("No documents"), "" when there are rows."""
        return self._message.plain if self._message is not None else ""

    def show_rows(self, items: Sequence[DocumentSummary], columns: _Columns) -> None:
        """List ``items`` (held, not copied); the cursor is nowhere until it is set."""
        self._fill(items, columns, None)

    def show_message(self, message: Content) -> None:
        """Show one line that cannot be chosen instead of rows (nothing to list)."""
        self._fill((), _Columns(0), message)

    def _fill(self, items: Sequence[DocumentSummary], columns: _Columns, message: Content | None) -> None:
        self._items = items
        self._columns = columns
        self._message = message
        self._drawn.clear()
        self.highlighted = None
        self._hovering = None
        self.scroll_y = 0
        self._sync_size()
        self.refresh(layout=self.styles.auto_dimensions)

    # -- geometry --------------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _line_count(self) -> int:
        if self._items:
            return len(self._items) * self._row_height
        if self._message is not None:
            return self._message.get_height(self.styles, self._width())
        return 0

    def _sync_size(self) -> None:
        """Row height and scroll height for the width the rows have now.

        The width can change under the rows without a resize (the scroll bar
        appears once the rows overflow), so this runs before every use.
        """
        if not self.scrollable_content_region:
            return
        self._row_height = LibraryRow.height_at(self._width())
        virtual_size = Size(self._width(), self._line_count())
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the cursor's row into view (at the top with ``top``)."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._sync_size()
        height = self._row_height
        self.scroll_to_region(
            Region(0, highlighted * height, self._width(), height),
            force=True,
            animate=False,
            top=top,
            immediate=True,
        )

    def on_mount(self) -> None:
        self._sync_size()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def on_resize(self) -> None:
        self._drawn.clear()
        self._sync_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()
        self.refresh()

    # -- the cursor ------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._items:
            return None
        return min(max(highlighted, 0), len(self._items) - 1)

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is not None:
            self.scroll_to_highlight()

    def action_cursor_down(self) -> None:
        """Down a row; on the last it stays (as in ``less``, no wrapping to the top)."""
        count = len(self._items)
        if count:
            self.highlighted = 0 if self.highlighted is None else min(self.highlighted + 1, count - 1)

    def action_cursor_up(self) -> None:
        """Up a row; on the first it stays."""
        count = len(self._items)
        if count:
            self.highlighted = count - 1 if self.highlighted is None else max(self.highlighted - 1, 0)

    def action_first(self) -> None:
        if self._items:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._items:
            self.highlighted = len(self._items) - 1

    def _move_page(self, direction: int, fraction: int = 1) -> None:
        """A screenful of lines (``fraction`` 2: half of one) up or down, to the row
        found there (never past an end). Half a page moves the view by as much, as
        Ctrl+d does in ``vim``; a whole one leaves the view to follow the cursor."""
        if not self._items:
            return
        self._sync_size()
        height = self._row_height
        lines = max(1, self.scrollable_content_region.height // fraction)
        line = (self.highlighted or 0) * height + direction * lines
        line = min(max(line, 0), len(self._items) * height - 1)
        if fraction > 1 and self.is_mounted:
            self.scroll_to(y=self.scroll_y + direction * lines, animate=False, immediate=True)
        self.highlighted = line // height

    def action_page_down(self) -> None:
        if self.highlighted is None:
            self.action_last()
        else:
            self._move_page(1)

    def action_page_up(self) -> None:
        if self.highlighted is None:
            self.action_first()
        else:
            self._move_page(-1)

    def action_half_page_down(self) -> None:
        if self.highlighted is None:
            self.action_last()
        else:
            self._move_page(1, 2)

    def action_half_page_up(self) -> None:
        if self.highlighted is None:
            self.action_first()
        else:
            self._move_page(-1, 2)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    # -- the mouse -------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if index is not None and index < len(self._items):
            self.highlighted = index
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hovering = event.style.meta.get("row")

    def on_leave(self, event: events.Leave) -> None:
        self._hovering = None

    # -- drawing ---------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._sync_size()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width()
        line = self.scroll_offset.y + y
        if self._items:
            index, offset = divmod(line, self._row_height)
            if not 0 <= index < len(self._items):
                return self._blank(width)
            if index == self.highlighted:
                style = self.get_visual_style("library--row", "library--row-highlighted")
            elif index == self._hovering:
                style = self.get_visual_style("library--row", "library--row-hover")
            else:
                style = self.get_visual_style("library--row")
            strips = self._drawn.get((index, style, width))
            if strips is None:
                row = LibraryRow(self._items[index], self._columns)
                strips = self._strips(row, width, style, index)
                self._drawn[(index, style, width)] = strips
        elif self._message is not None:
            index, offset = 0, line
            style = self.get_visual_style("library--row", "library--row-disabled")
            strips = self._strips(self._message, width, style, 0)
        else:
            return self._blank(width)
        return strips[offset] if 0 <= offset < len(strips) else self._blank(width)

    def _strips(self, visual: Visual, width: int, style: Style, index: int) -> list[Strip]:
        """A row's lines, each as wide as the view and marked with its index (for the mouse)."""
        meta = {"row": index}
        return [
            strip.extend_cell_length(width, style.rich_style).apply_meta(meta)
            for strip in Visual.to_strips(self, visual, width, None, style)
        ]

    def _blank(self, width: int) -> Strip:
        return Strip.blank(width, self.get_visual_style("library--row").rich_style)


class LibraryList(Vertical, can_focus=False):
    """Every document of the library with date, type and title; Enter opens one.

    A header line says how many documents are listed and how: the sort and the
    filters in force. ``S`` switches the sort, ``f`` picks a filter, ``F`` drops them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("S", "cycle_sort", "Sort", id="library.sort"),
        Binding("f", "pick_filter", "Filter", id="library.filter"),
        Binding("F", "clear_filters", "Clear filters", id="library.clear_filters"),
    ]

    class Opened(Message):
        """The reader chose a document to read."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.library_list: LibraryList | None = None

        @property
        def control(self) -> LibraryList | None:
            return self.library_list

    class FiltersChanged(Message):
        """The sort or the filters changed (for the app to remember them)."""

        def __init__(self, sort: str, filters: dict[str, str]) -> None:
            super().__init__()
            self.sort = sort
            self.filters = filters
            self.library_list: LibraryList | None = None

        @property
        def control(self) -> LibraryList | None:
            return self.library_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.border_title = "Library"
        self._items: list[DocumentSummary] = []
        self._facets: Facets | None = None
        self._sort = "date"
        self._filters: dict[str, str] = {}
        self._sorted: dict[str, list[DocumentSummary]] = {}
        self._visible: list[DocumentSummary] = []
        self._recent: tuple[str, ...] = ()  # doc ids read most recently, the latest first
        self._recent_listed = 0  # how many of them head the list now
        self._header = Static("", id="library-header", markup=False)
        self._list = LibraryRows(id="library-options")

    def compose(self) -> ComposeResult:
        yield self._header
        yield self._list

    def on_mount(self) -> None:
        self._refresh_header()

    def focus(self, scroll_visible: bool = True) -> LibraryList:
        """Focus the rows: the list is what the keys act on."""
        self._list.focus(scroll_visible)
        return self

    # -- public state ------------------------------------------------------------

    @property
    def sort(self) -> str:
        """ "date" (newest first, undated last) or "title"."""
        return self._sort

    @property
    def filters(self) -> dict[str, str]:
        """The filters in force, by group ("type", "topic", "year"); a copy."""
        return dict(self._filters)

    @property
    def visible_items(self) -> list[DocumentSummary]:
        """The documents listed, in the order shown."""
        return list(self._visible)

    @property
    def highlighted_item(self) -> DocumentSummary | None:
        index = self._list.highlighted
        if index is None or not 0 <= index < len(self._visible):
            return None
        return self._visible[index]

    def show_documents(self, items: Sequence[DocumentSummary], facets: Facets | None = None) -> None:
        """List ``items``; ``facets`` (if known) feed the filter picker's counts."""
        self._items = list(items)
        self._facets = facets
        self._sorted = {}
        self._relist()

    def set_recent(self, doc_ids: Sequence[str]) -> None:
        """List the first ``RECENT_FIRST`` of ``doc_ids`` (read most recently, the latest
        first) before the others, in that order, whatever the sort and among the filtered."""
        recent = tuple(doc_ids[:RECENT_FIRST])
        if recent != self._recent:
            self._recent = recent
            if self._items:
                self._relist()
                if self._recent_listed:
                    self._list.highlighted = 0  # the cursor on the latest read, the list from its top

    def set_sort(self, sort: str) -> None:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {SORTS}")
        if sort != self._sort:
            self._sort = sort
            self._relist()
            self._announce()

    def set_filter(self, group: str, value: str | None) -> None:
        """Narrow to ``value`` in ``group`` (replacing that group's filter); None lifts it."""
        if group not in GROUPS:
            raise ValueError(f"unknown filter group {group!r}; expected one of {GROUPS}")
        current = self._filters.get(group)
        if value == current or (value is None and current is None):
            return
        if value is None:
            del self._filters[group]
        else:
            self._filters[group] = value
        self._relist()
        self._announce()

    def clear_filters(self) -> None:
        if self._filters:
            self._filters = {}
            self._relist()
            self._announce()

    # -- keys ------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)])

    def action_clear_filters(self) -> None:
        self.clear_filters()

    def action_pick_filter(self) -> None:
        self.app.push_screen(LibraryFilterPicker(self.picker_facets(), self._filters), self._picked)

    def picker_facets(self) -> Facets:
        """The counts the filter picker shows: narrowed by the filters in force (see
        `facets_of`); with none, the engine's (if it gave them), years newest first."""
        if self._filters or self._facets is None:
            return facets_of(self._items, self._filters)
        facets = self._facets
        return Facets(types=facets.types, topics=facets.topics, years=tuple(sorted(facets.years, reverse=True)))

    def _picked(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        group, value = choice
        if group == "clear":
            self.clear_filters()
        else:
            self.set_filter(group, value)

    # -- listing -----------------------------------------------------------------------

    def _sorted_items(self) -> list[DocumentSummary]:
        cached = self._sorted.get(self._sort)
        if cached is not None:
            return cached
        by_title = sorted(self._items, key=lambda item: (item.title.casefold(), item.doc_id))
        if self._sort == "title":
            ordered = by_title
        else:
            # Newest first; a stable sort keeps titles in order within a date.
            dated = [item for item in by_title if item.date]
            dated.sort(key=lambda item: item.date, reverse=True)
            ordered = dated + [item for item in by_title if not item.date]
        self._sorted[self._sort] = ordered
        return ordered

    def _matches(self) -> list[DocumentSummary]:
        items = self._sorted_items()
        wanted_type = self._filters.get("type", "").casefold()
        wanted_topic = self._filters.get("topic", "").casefold()
        wanted_year = self._filters.get("year", "")
        if wanted_type:
            items = [item for item in items if item.type.casefold() == wanted_type]
        if wanted_topic:
            items = [item for item in items if any(t.casefold() == wanted_topic for t in item.topics)]
        if wanted_year:
            items = [item for item in items if year_of(item) == wanted_year]
        return items

    def _relist(self) -> None:
        highlighted = self.highlighted_item
        keep = highlighted.doc_id if highlighted is not None else None
        self._visible = self._matches()
        recent = self._recent_first()
        types = {item.type for item in self._visible}
        type_width = min(TYPE_WIDTH_MAX, max((len(visible(t)) for t in types), default=0))
        columns = _Columns(type_width, recent)
        rows = self._list
        if self._visible:
            rows.show_rows(self._visible, columns)
            index = 0
            if keep is not None:
                for position, item in enumerate(self._visible):
                    if item.doc_id == keep:
                        index = position
                        break
            rows.highlighted = index
        else:
            empty = "No documents match the filters" if self._items else "No documents"
            rows.show_message(Content.styled(empty, ".library--empty"))
        self._refresh_header()

    def _recent_first(self) -> frozenset[str]:
        """Move the recent documents among those listed to the top; their ids."""
        rank = {doc_id: position for position, doc_id in enumerate(self._recent)}
        first = sorted((item for item in self._visible if item.doc_id in rank), key=lambda item: rank[item.doc_id])
        if first:
            self._visible = first + [item for item in self._visible if item.doc_id not in rank]
        self._recent_listed = len(first)
        return frozenset(item.doc_id for item in first)

    def _refresh_header(self) -> None:
        shown, total = len(self._visible), len(self._items)
        noun = "document" if total == 1 else "documents"
        count = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        parts = [count, f"by {self._sort}"]
        if self._recent_listed:
            parts.append(f"{self._recent_listed} recent first")
        parts += [f"{group}: {visible(self._filters[group])}" for group in GROUPS if group in self._filters]
        self._header.update(Content(" · ".join(parts)))

    def _announce(self) -> None:
        message = self.FiltersChanged(self._sort, dict(self._filters))
        message.library_list = self
        self.post_message(message)

    def on_library_rows_selected(self, event: LibraryRows.Selected) -> None:
        if event.rows is not self._list:
            return
        event.stop()
        index = event.index
        if 0 <= index < len(self._visible):
            message = self.Opened(self._visible[index].doc_id)
            message.library_list = self
            self.post_message(message)
