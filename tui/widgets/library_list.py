"""The whole library, shown while the query is empty: every document, sorted and filtered.

A library can hold 50,000 documents (and their related entries), so a row is made
only when it is drawn or the cursor reaches it, lays itself out then, and its
height is known without measuring text (``_LibraryOptions``). Sorting and filtering work on the summaries the
widget holds; nothing here asks the index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search.model import DocumentSummary, Facets
from tui.sanitize import visible, visible_path
from tui.widgets.results import KeepsReverse, render_line_strip
from tui.widgets.list_keys import list_bindings

SORTS = ("date", "title")
GROUPS = ("type", "topic", "year")
GROUP_LABELS = {"type": "Type", "topic": "Topic", "year": "Year"}

WIDE = 64
"""At this many cells or more a document is one line (date, type, title); below, two."""

DATE_WIDTH = 10
TYPE_WIDTH_MAX = 14


def year_of(item: DocumentSummary) -> str:
    year = item.date[:4]
    return year if len(year) == 4 and year.isdigit() else ""


class _Columns:
    """What all rows of one listing share: the width of the type column."""

    __slots__ = ("type_width",)

    def __init__(self, type_width: int) -> None:
        self.type_width = type_width


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
        if width >= WIDE:
            type_width = self.columns.type_width
            type_text = Content(visible(item.type)).truncate(type_width, ellipsis=True, pad=True)
            line = Content.assemble(
                (visible(item.date).ljust(DATE_WIDTH)[:DATE_WIDTH], ".library--date"),
                "  ",
                type_text.stylize(".library--type"),
                "  " if type_width else "",
                (title, ".library--title"),
                (" · summary" if kind else "", ".library--summary"),
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


def facets_of(items: Sequence[DocumentSummary]) -> Facets:
    """Counts of types, topics and years among ``items`` (most frequent first; years newest first)."""
    types: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for item in items:
        if item.type:
            types[item.type] += 1
        topics.update(set(item.topics))
        year = year_of(item)
        if year:
            years[year] += 1

    def by_count(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(counter.items(), key=lambda pair: (-pair[1], pair[0].casefold())))

    return Facets(
        types=by_count(types),
        topics=by_count(topics),
        years=tuple(sorted(years.items(), reverse=True)),
    )


class _PickerOptions(KeepsReverse, OptionList):
    """The facet values of the filter picker, with the same keys as every list."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("library.picker", "Apply filter", "apply", pages=False)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library--picker-group",
        "library--picker-count",
        "library--picker-clear",
    }


class LibraryFilterPicker(ModalScreen[tuple[str, str] | None]):
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


class _LazyOptions(Sequence[Option]):
    """The library's options, each made when it is first asked for (drawn, moved to).

    An ``Option`` and a row for every one of 125,000 documents (50,000 articles and
    their related entries) held 25 MB, and OptionList's line tables 40 MB more;
    only the rows on screen are ever drawn. A few thousand made options are kept,
    so that a row keeps its identity (and its render cache) while it is on screen.
    """

    KEEP = 4096

    def __init__(self, items: Sequence[DocumentSummary], columns: _Columns) -> None:
        self._items = items
        self._columns = columns
        self._made: dict[int, Option] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._items)
        if not 0 <= index < len(self._items):
            raise IndexError(index)
        option = self._made.get(index)
        if option is None:
            if len(self._made) >= self.KEEP:
                self._made.clear()
            option = Option(LibraryRow(self._items[index], self._columns))
            option._library_index = index  # type: ignore[attr-defined]
            self._made[index] = option
        return option

    def clear(self) -> None:
        self._items = ()
        self._made.clear()


class _IndexOfOption(Mapping[Option, int]):
    """OptionList's option -> index table, read off the option itself."""

    def __getitem__(self, option: Option) -> int:
        try:
            return option._library_index  # type: ignore[attr-defined]
        except AttributeError:
            raise KeyError(option) from None

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def clear(self) -> None:
        pass


class _UniformLines(Sequence[tuple[int, int]]):
    """(option index, line within it) of each line, every option ``height`` lines tall."""

    def __init__(self, count: int, height: int) -> None:
        self._count = count
        self._height = height

    def __len__(self) -> int:
        return self._count * self._height

    def __getitem__(self, y):  # type: ignore[override]
        if isinstance(y, slice):
            return [self[i] for i in range(*y.indices(len(self)))]
        if y < 0:
            y += len(self)
        if not 0 <= y < len(self):
            raise IndexError(y)
        return divmod(y, self._height)


class _Uniform(Mapping[int, int]):
    """index -> ``value(index)`` for the indexes of ``count`` options."""

    def __init__(self, count: int, value) -> None:
        self._count = count
        self._value = value

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._count:
            raise KeyError(index)
        return self._value(index)

    def __iter__(self):
        return iter(range(self._count))

    def __len__(self) -> int:
        return self._count


class _LibraryOptions(KeepsReverse, OptionList):
    """The rows of the library (the part of LibraryList that holds the keyboard).

    ``show_rows`` lists documents without an Option per document: every row has
    the same height, so OptionList's per-line tables are computed, not stored
    (``_LazyOptions``, ``_UniformLines``). Its drawing, keys and messages are
    OptionList's own. (This leans on OptionList's internals as of Textual 8.2,
    which ``pyproject.toml`` pins; tests/tui/test_lists.py drives every key.)
    """

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("library", "Open", "open")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library--date",
        "library--type",
        "library--title",
        "library--summary",
        "library--empty",
    }

    _lazy = False
    _row_height = 1

    def show_rows(self, items: Sequence[DocumentSummary], columns: _Columns) -> None:
        self.clear_options()
        self._options = _LazyOptions(items, columns)  # type: ignore[assignment]
        self._option_to_index = _IndexOfOption()  # type: ignore[assignment]
        self._lazy = True
        self._update_lines()
        self.refresh(layout=self.styles.auto_dimensions)

    def set_options(self, options):  # type: ignore[override]
        if self._lazy:
            self._lazy = False
            self._options = []
            self._option_to_index = {}
        return super().set_options(options)

    def clear_options(self):  # type: ignore[override]
        if self._lazy:
            self._lazy = False
            self._options = []
            self._option_to_index = {}
        return super().clear_options()

    def _update_lines(self) -> None:
        if not self._lazy:
            super()._update_lines()
            return
        if not self.scrollable_content_region:
            return
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        self._row_height = LibraryRow.height_at(width - padding.width)
        virtual_size = Size(width, len(self._options) * self._row_height)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    @property
    def _lines(self):  # type: ignore[override]
        if not self._lazy:
            return super()._lines
        self._update_lines()
        return _UniformLines(len(self._options), self._row_height)

    @property
    def _heights(self):  # type: ignore[override]
        if not self._lazy:
            return super()._heights
        self._update_lines()
        height = self._row_height
        return _Uniform(len(self._options), lambda index: height)

    @property
    def _index_to_line(self):  # type: ignore[override]
        if not self._lazy:
            return super()._index_to_line
        self._update_lines()
        height = self._row_height
        return _Uniform(len(self._options), lambda index: index * height)


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
        self._header = Static("", id="library-header", markup=False)
        self._list = _LibraryOptions(id="library-options", markup=False)

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
        facets = self._facets if self._facets is not None else facets_of(self._items)
        self.app.push_screen(LibraryFilterPicker(facets, self._filters), self._picked)

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
        types = {item.type for item in self._visible}
        type_width = min(TYPE_WIDTH_MAX, max((len(visible(t)) for t in types), default=0))
        columns = _Columns(type_width)
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
            rows.set_options([Option(Content.styled(empty, ".library--empty"), disabled=True)])
        self._refresh_header()

    def _refresh_header(self) -> None:
        shown, total = len(self._visible), len(self._items)
        noun = "document" if total == 1 else "documents"
        count = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        parts = [count, f"by {self._sort}"]
        parts += [f"{group}: {visible(self._filters[group])}" for group in GROUPS if group in self._filters]
        self._header.update(Content(" · ".join(parts)))

    def _announce(self) -> None:
        message = self.FiltersChanged(self._sort, dict(self._filters))
        message.library_list = self
        self.post_message(message)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self._list:
            return
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._visible):
            message = self.Opened(self._visible[index].doc_id)
            message.library_list = self
            self.post_message(message)
