"""The ranked hits of a search, one card per document.

A card is at most four lines however narrow the pane: where the hit was found
("Doc title > Section title"), what it is (date, type, summary, how many other
sections match), and two lines of snippet with the matched words marked. Readers
scan a result list; a card that grows with its snippet pushes the next hit off an
80x24 screen. The other matching sections of a hit come out below its card only when
asked for (Right or ``l`` on the card, Left or ``h`` to fold them away), one line
each, so that a reader can go straight to the second-best place in a document.

Everything a document supplies (titles, section titles, snippets, paths) passes
through ``visible``/``visible_path`` and into ``Content`` as plain text: a title
such as ``[bold]x[/]`` is shown as those characters, an escape byte as a picture.
"""

from __future__ import annotations

from typing import Callable, ClassVar, Sequence

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search.model import Hit, SearchResult, SectionRef
from tui.sanitize import visible, visible_path
from tui.widgets.list_keys import list_bindings
from tui.widgets.paging import PagesWhenLaidOut

ELLIPSIS = "…"
BREADCRUMB = " > "

_ONE_LINE: RulesMap = {"text_wrap": "nowrap", "text_overflow": "ellipsis"}


def fit_lines(content: Content, width: int, max_lines: int) -> list[Content]:
    """``content`` wrapped to ``width``, at most ``max_lines`` lines, "…" where cut."""
    if width <= 0 or max_lines <= 0:
        return []
    if max_lines == 1:
        return [content.truncate(width, ellipsis=True)]
    lines = content.wrap(width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1].rstrip()
    if last.cell_length >= width:
        last = last.truncate(width - 1)
    kept[-1] = last + ELLIPSIS
    return kept


def render_line_strip(line: Content, width: int, style: Style, options: RenderOptions) -> Strip:
    """One line of content as one strip, component-class styles resolved by the widget."""
    strips = line.render_strips(width, 1, style, RenderOptions(options.get_style, _ONE_LINE))
    return strips[0] if strips else Strip([], 0)


class LineStack(Visual):
    """Short pieces of text stacked as lines, each with its own budget of lines.

    OptionList wraps a prompt to whatever height it needs; a hit or a related entry
    must stay a predictable few lines tall in a 30-column pane, so each piece is
    wrapped to at most its budget and ends with an ellipsis when it needs more. The
    layout depends on the width, so it is computed at render time, not when the
    list is filled.
    """

    def __init__(self, *pieces: tuple[Content, int]) -> None:
        self.pieces = [(content, lines) for content, lines in pieces if content and lines > 0]
        self._layout_cache: tuple[int, list[Content]] | None = None

    def layout(self, width: int) -> list[Content]:
        """The lines shown at ``width`` cells."""
        cached = self._layout_cache
        if cached is not None and cached[0] == width:
            return cached[1]
        lines = self._layout(width)
        self._layout_cache = (width, lines)
        return lines

    def _layout(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for content, budget in self.pieces:
            lines.extend(fit_lines(content, width, budget))
        return lines

    @property
    def plain(self) -> str:
        """All pieces in full, one per line (what a reader would read, uncut)."""
        return "\n".join(content.plain for content, _ in self.pieces)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = [render_line_strip(line, width, style, options) for line in self.layout(width)]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((content.cell_length for content, _ in self.pieces), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return max(1, len(self.layout(width)))


class KeepsReverse:
    """Lets ``text-style: reverse`` in a component class reach the screen.

    Textual builds a component class's visual style from bold, dim, italic,
    underline and strike only, dropping reverse. Reverse is the mark that survives
    NO_COLOR (the cursor line, the matched words), so the lists add it back.
    Mix in before the widget class (``OptionList``, or ``ScrollView`` for the library).
    """

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> Style:
        style = super().get_visual_style(*component_classes, partial=partial)  # type: ignore[misc]
        if component_classes and not style.reverse:
            get_styles = self.get_component_styles  # type: ignore[attr-defined]
            if any(get_styles(name).text_style.reverse for name in component_classes):
                style = style + Style(reverse=True)
        return style


def highlighted_snippet(snippet: str, highlights: Sequence[tuple[int, int]], style: str) -> Content:
    """The snippet made visible, with the highlight offsets still on the right words.

    ``visible`` drops bidi controls, which would shift every offset after them, so
    the snippet is cleaned piece by piece between highlight boundaries and the
    offsets are rebuilt from the cleaned pieces.
    """
    size = len(snippet)
    spans = [(max(0, s), min(size, e)) for s, e in highlights if min(size, e) > max(0, s)]
    cuts = sorted({0, size, *(offset for span in spans for offset in span)})
    text_parts: list[str] = []
    new_offset: dict[int, int] = {}
    position = 0
    for start, end in zip(cuts, cuts[1:]):
        new_offset[start] = position
        piece = visible(snippet[start:end])
        text_parts.append(piece)
        position += len(piece)
    new_offset[size] = position
    content_spans = [
        Span(new_offset[s], new_offset[e], style)
        for s, e in spans
        if new_offset[e] > new_offset[s]
    ]
    return Content("".join(text_parts), content_spans)


def hit_title(hit: Hit) -> str:
    """A hit's title as shown; the path stands in for a document without one."""
    return visible(hit.title) or visible_path(hit.path or hit.doc_id) or "(untitled)"


def other_sections(hit: Hit) -> list[tuple[SectionRef, int]]:
    """The hit's matching sections besides the one its card names, best first, with
    how many query words matched in each (0 when the engine did not count them)."""
    shown = hit.section.id if hit.section else None
    counts = dict(hit.section_matches)
    return [(ref, counts.get(ref.id, 0)) for ref in hit.sections if ref.id != shown]


def section_label(ref: SectionRef) -> str:
    """A section as a results line names it: its title, or where the untitled lead is."""
    return visible(ref.title) or ("Beginning" if ref.id == "lead" else visible(ref.id))


class SectionLine(LineStack):
    """One other matching section of an expanded hit: "  › Title (3)", on one line."""

    def __init__(self, ref: SectionRef, count: int) -> None:
        self.ref = ref
        parts: list[tuple[str, str]] = [("  › ", ".results--meta"), (section_label(ref), ".results--section")]
        if count:
            parts.append((f" ({count})", ".results--meta"))
        super().__init__((Content.assemble(*parts), 1))


class HitCard(LineStack):
    """One hit: breadcrumb, what it is, and up to two lines of snippet.

    The breadcrumb shares one line between the document and section titles; when
    both do not fit, each is cut so that neither disappears. The "what it is" line
    ends with how many other sections match, the sign that the card opens up.
    """

    def __init__(self, hit: Hit) -> None:
        self.hit = hit
        self.title = Content.styled(hit_title(hit), ".results--title")
        section = hit.section
        section_title = visible(section.title) if section and section.id != "lead" else ""
        self.section = Content.styled(section_title, ".results--section") if section_title else None
        meta = [visible(hit.date), visible(hit.type)]
        if hit.kind == "summary":
            meta.append("summary")
        others = len(other_sections(hit))
        if others:
            meta.append(f"{others} more section" + ("" if others == 1 else "s"))
        self.meta = Content.styled(" · ".join(part for part in meta if part), ".results--meta")
        self.snippet = highlighted_snippet(hit.snippet, hit.highlights, ".results--highlight")
        super().__init__((self.meta, 1), (self.snippet, 2))

    @property
    def breadcrumb(self) -> Content:
        """"Doc title > Section title" uncut (just the title for the lead section)."""
        if self.section is None:
            return self.title
        return Content.assemble(self.title, (BREADCRUMB, ".results--meta"), self.section)

    @property
    def plain(self) -> str:
        return "\n".join(
            part.plain for part in (self.breadcrumb, self.meta, self.snippet) if part
        )

    def _layout(self, width: int) -> list[Content]:
        return [self._breadcrumb_line(width), *super()._layout(width)]

    def _breadcrumb_line(self, width: int) -> Content:
        title, section = self.title, self.section
        if section is None:
            return title.truncate(width, ellipsis=True)
        room = width - len(BREADCRUMB)
        if title.cell_length + section.cell_length <= room:
            return self.breadcrumb
        if room < 8:
            return title.truncate(width, ellipsis=True)
        section_width = min(section.cell_length, max(room // 2, room - title.cell_length))
        title_width = room - section_width
        return Content.assemble(
            title.truncate(title_width, ellipsis=True),
            (BREADCRUMB, ".results--meta"),
            section.truncate(section_width, ellipsis=True),
        )

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(self.breadcrumb.cell_length, super().get_optimal_width(rules, container_width))


MORE_WITHIN = 10
"""The list asks for the next hits when the cursor is this many hits from the end of those listed."""


def count_line(result: SearchResult, show_timing: bool, shown: int | None = None) -> str:
    """ "12 results, 8 ms", or "50 of 625 results": the total, how many are listed
    (``shown``, else the result's own hits) when that is fewer, and the time when it is wanted."""
    total = result.total or len(result.hits)
    shown = len(result.hits) if shown is None else shown
    if shown < total:
        words = f"{shown:,} of {total:,} results"
    else:
        words = f"{total:,} result" + ("" if total == 1 else "s")
    if show_timing:
        took = result.took_ms
        words += ", <1 ms" if took < 1 else f", {took:.0f} ms"
    return words


class ResultsList(KeepsReverse, PagesWhenLaidOut, OptionList):
    """The hits of the current query, best first; Enter opens one.

    Above the hits sit the lines that explain the result: the count, a notice about
    how the query was read, an error when it could not be read, and a selectable
    entry about the spelling: "Showing results for X; search for Y instead" when the
    engine ran its correction of what was typed (choosing it runs the typed words),
    or "Did you mean" (choosing it runs the suggestion).

    Only the first hits of a search are listed (50); when the cursor comes within
    ``MORE_WITHIN`` hits of the last one listed, the list asks for more
    (``MoreWanted``, the doc ids listed) and the screen's answer is appended
    (``append_hits``) with the cursor and the view where they were, until every hit
    of the search is listed. The count line says how many are listed of how many.

    A hit's other matching sections are options of their own below its card while
    it is expanded, so the cursor, Enter and the mouse treat them like the hits.
    The list is rebuilt from what it holds (cards and section lines are kept, their
    layout with them) when a hit is expanded or folded: opening one hit of fifty
    costs 2-3 ms on a loaded two-core machine, showing the fifty about 12 ms, as before.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *list_bindings("results", "Open", "open"),
        Binding("right,l", "expand", "Other sections", id="results.expand"),
        Binding("left,h", "collapse", "Fold sections", id="results.collapse", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--count",
        "results--notice",
        "results--error",
        "results--suggestion",
        "results--title",
        "results--section",
        "results--meta",
        "results--highlight",
    }

    class Opened(Message):
        """The reader chose a hit to read; ``section_id`` is one of its other sections, if chosen."""

        def __init__(self, hit: Hit, index: int, section_id: str | None = None) -> None:
            super().__init__()
            self.hit = hit
            self.index = index
            self.section_id = section_id
            self.results_list: ResultsList | None = None

        @property
        def control(self) -> ResultsList | None:
            return self.results_list

    class _QueryChosen(Message):
        """A line of the results that runs a query was chosen; ``query`` is the text to run."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query
            self.results_list: ResultsList | None = None

        @property
        def control(self) -> ResultsList | None:
            return self.results_list

    class MoreWanted(Message):
        """The cursor is near the last hit listed and the search has more: ask for the hits after ``listed``."""

        def __init__(self, results_list: ResultsList, listed: tuple[str, ...]) -> None:
            super().__init__()
            self.results_list = results_list
            self.listed = listed  # the doc ids listed, in order

        @property
        def control(self) -> ResultsList:
            return self.results_list

    class SuggestionChosen(_QueryChosen):
        """The reader took the "Did you mean" suggestion; ``query`` is the text to run."""

    class AsTypedChosen(_QueryChosen):
        """The reader wants the words as typed, not the spelling the engine ran; ``query`` is what was typed."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.border_title = "Results"
        self._hits: tuple[Hit, ...] = ()
        self._cards: list[HitCard] = []
        self._head: list[Option] = []  # the lines above the hits
        self._expanded: set[str] = set()  # doc ids of the hits whose other sections are shown
        self._section_lines: dict[str, list[SectionLine]] = {}  # made once per hit, on first expanding
        self._rows: list[tuple[int, str | None]] = []  # per option from the first hit: (hit, section id or None)
        self._card_rows: list[int] = []  # the option index of each hit's card
        self._first_hit = 0
        self._suggestion: str | None = None
        self._typed: str | None = None  # what was typed, when the hits are of a corrected query
        self._when_drawn: list[Callable[[], object]] = []
        self._can_expand: tuple[bool, bool] = (False, False)
        self._result: SearchResult | None = None  # the result the count line tells of
        self._show_timing = True
        self._reachable = 0  # how many hits the search has that can still be asked for (its total)
        self._asked: int | None = None  # the number of hits listed when more were last asked for
        self._quiet = False  # the list is being filled: moving the cursor asks for nothing

    @property
    def hits(self) -> tuple[Hit, ...]:
        """The hits shown, in rank order."""
        return self._hits

    @property
    def typed_query(self) -> str | None:
        """The query as typed, when the hits shown are of the engine's correction of it."""
        return self._typed

    @property
    def highlighted_hit(self) -> Hit | None:
        """The hit under the cursor (on its card or one of its sections), or None."""
        index = self._hit_index(self.highlighted)
        return None if index is None else self._hits[index]

    @property
    def highlighted_section(self) -> str | None:
        """The id of the other section under the cursor, or None on a card or elsewhere."""
        row = self._row(self.highlighted)
        return None if row is None else row[1]

    @property
    def total(self) -> int:
        """How many hits the search found (more than ``hits`` until all are listed)."""
        return self._result.total if self._result is not None else 0

    def is_expanded(self, doc_id: str) -> bool:
        """Whether the hit ``doc_id`` shows its other sections."""
        return doc_id in self._expanded

    def index_of(self, doc_id: str) -> int | None:
        """The rank (0-based) of ``doc_id`` among the hits shown, or None."""
        for index, hit in enumerate(self._hits):
            if hit.doc_id == doc_id:
                return index
        return None

    def select_hit(self, index: int) -> None:
        """Put the cursor on hit ``index`` without announcing it (the screen asked)."""
        if not 0 <= index < len(self._hits):
            return
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = self._card_rows[index]

    def clear(self) -> None:
        """Show nothing: no query, no hits."""
        self._hits = ()
        self._cards = []
        self._head = []
        self._expanded = set()
        self._section_lines = {}
        self._rows = []
        self._card_rows = []
        self._first_hit = 0
        self._suggestion = None
        self._typed = None
        self._result = None
        self._reachable = 0
        self._asked = None
        self.clear_options()
        self._bindings_may_have_changed()

    def show_result(self, result: SearchResult, *, show_timing: bool = True, keep_cursor: bool = False) -> None:
        """Replace the list with ``result``; the cursor starts on the best hit.

        ``keep_cursor``: the result extends the one shown (the same first hits, and
        more), so the cursor, the scroll and the expanded hits stay as the user left them.
        """
        cursor, scrolled = self.highlighted, self.scroll_y
        hits = () if result.error else tuple(result.hits)

        def line(option_id: str, text: str, style: str) -> Option:
            return Option(Content.styled(text, style), id=option_id, disabled=True)

        head: list[Option] = []
        if result.error:
            head.append(line("error", visible(result.error), ".results--error"))
        elif hits:
            head.append(self._count_option(result, show_timing, len(hits)))
        else:
            head.append(line("count", "No results", ".results--count"))
        if result.notice:
            head.append(line("notice", visible(result.notice), ".results--notice"))
        typed = result.query if result.searched and not result.error else None
        if typed is not None:
            head.append(
                Option(
                    Content.assemble(
                        ("Showing results for ", ".results--meta"),
                        (visible(result.searched or ""), ".results--suggestion"),
                        ("; search for ", ".results--meta"),
                        (visible(typed), ".results--suggestion"),
                        (" instead", ".results--meta"),
                    ),
                    id="as-typed",
                )
            )
        elif result.suggestion:
            head.append(
                Option(
                    Content.assemble(
                        ("Did you mean: ", ".results--meta"),
                        (visible(result.suggestion), ".results--suggestion"),
                    ),
                    id="suggestion",
                )
            )
        kept = {hit.doc_id for hit in hits} & self._expanded if keep_cursor else set()
        old = {card.hit.doc_id: card for card in self._cards} if keep_cursor else {}
        self._hits = hits
        self._cards = [old.get(hit.doc_id) or HitCard(hit) for hit in hits]
        self._head = head
        self._expanded = kept
        self._section_lines = {doc_id: lines for doc_id, lines in self._section_lines.items() if doc_id in kept}
        self._suggestion = None if typed is not None else result.suggestion
        self._typed = typed
        self._result = result
        self._show_timing = show_timing
        self._reachable = 0 if result.error else max(result.total, len(hits))
        if not keep_cursor:
            self._asked = None
        self._quiet = True
        try:
            self._build()
            if keep_cursor and cursor is not None and cursor < self.option_count:
                self.highlighted = cursor
                self.scroll_to(y=scrolled, animate=False, immediate=True)
            elif hits:
                self.highlighted = self._first_hit
            elif self._suggestion or typed is not None:
                self.highlighted = self._first_hit - 1
        finally:
            self._quiet = False
        self._bindings_may_have_changed()

    @staticmethod
    def _count_option(result: SearchResult, show_timing: bool, shown: int) -> Option:
        return Option(Content.styled(count_line(result, show_timing, shown), ".results--count"), id="count", disabled=True)

    # -- more hits ----------------------------------------------------------------------

    def append_hits(self, result: SearchResult, *, after: int) -> int:
        """List the hits of ``result`` that are not listed yet, after the others; how many.

        ``result`` is the next page of the search shown, asked for when ``after``
        hits were listed. The cursor, the view and the open hits stay as they were;
        the count line says how many are listed now. A page that brings nothing new
        for the hits listed when it was asked for ends the asking (the search has no
        more it can show).
        """
        listed = {hit.doc_id for hit in self._hits}
        new = tuple(hit for hit in result.hits if hit.doc_id not in listed)
        if not new:
            if after == len(self._hits):
                self._reachable = len(self._hits)
            return 0
        self._hits += new
        self._cards += [HitCard(hit) for hit in new]
        self._reachable = max(self._reachable, len(self._hits))
        if self._result is not None:
            count = self._count_option(self._result, self._show_timing, len(self._hits))
            self._head = [count if option.id == "count" else option for option in self._head]
        cursor = self.highlighted
        self._quiet = True
        try:
            self._rebuild(cursor if cursor is not None else self._first_hit)
        finally:
            self._quiet = False
        self.ask_if_near_end()  # a short page can leave the cursor near the end still
        return len(new)

    def ask_if_near_end(self) -> None:
        """Ask for more hits (``MoreWanted``) if the cursor is near the last one listed and
        the search has more; once for each number of hits listed."""
        if self._asked == len(self._hits):
            return
        index = self._hit_index(self.highlighted)
        if index is None or len(self._hits) >= self._reachable or index < len(self._hits) - MORE_WITHIN:
            return
        self._asked = len(self._hits)
        self.post_message(self.MoreWanted(self, tuple(hit.doc_id for hit in self._hits)))

    def ask_again_if_near_end(self) -> None:
        """As ``ask_if_near_end``, even if more were asked for at this number of hits
        (the screen set that request aside: the rest of the search was on its way)."""
        self._asked = None
        self.ask_if_near_end()

    def _build(self) -> None:
        """The options from what the list holds: head lines, then each card and its open sections."""
        options: list[Option | None] = [Option(o.prompt, id=o.id, disabled=o.disabled) for o in self._head]
        self._first_hit = len(options)
        rows: list[tuple[int, str | None]] = []
        card_rows: list[int] = []
        if self._cards:
            options.append(None)
        for index, card in enumerate(self._cards):
            card_rows.append(self._first_hit + len(rows))
            options.append(Option(card))
            rows.append((index, None))
            doc_id = card.hit.doc_id
            if doc_id in self._expanded:
                lines = self._section_lines.get(doc_id)
                if lines is None:
                    lines = self._section_lines[doc_id] = [SectionLine(*pair) for pair in other_sections(card.hit)]
                for line in lines:
                    options.append(Option(line))
                    rows.append((index, line.ref.id))
            options.append(None)
        if self._cards:
            options.pop()  # no rule under the last card
        self._rows = rows
        self._card_rows = card_rows
        self.set_options(options)

    def _rebuild(self, highlight: int) -> None:
        """Rebuild after expanding or folding, the view where it was and the cursor on ``highlight``."""
        scrolled = self.scroll_y
        self._build()
        self.scroll_to(y=scrolled, animate=False, immediate=True)
        self.highlighted = highlight
        self._bindings_may_have_changed()

    def _row(self, option_index: int | None) -> tuple[int, str | None] | None:
        if option_index is None:
            return None
        index = option_index - self._first_hit
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _hit_index(self, option_index: int | None) -> int | None:
        row = self._row(option_index)
        return None if row is None else row[0]

    # -- other sections ---------------------------------------------------------------

    def expand(self, index: int) -> bool:
        """Show the other matching sections of hit ``index`` under its card; False when it has none."""
        if not 0 <= index < len(self._hits) or not other_sections(self._hits[index]):
            return False
        hit = self._hits[index]
        if hit.doc_id not in self._expanded:
            self._expanded.add(hit.doc_id)
            card_row = self._card_rows[index]
            self._rebuild(card_row)
            # Into view: as many of the sections as fit below the card, the card kept.
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = card_row + len(self._section_lines[hit.doc_id])
                self.highlighted = card_row
        return True

    def collapse(self, index: int) -> None:
        """Fold hit ``index``'s other sections away; the cursor goes back to its card."""
        if not 0 <= index < len(self._hits):
            return
        self._expanded.discard(self._hits[index].doc_id)
        self._rebuild(self._card_rows[index])  # the hits above keep their lines: the card stays put

    def action_expand(self) -> None:
        """Right / l on a card: its other sections; on an open card, down into them."""
        row = self._row(self.highlighted)
        if row is None:
            return
        index, section_id = row
        if section_id is not None:
            return
        if self._hits[index].doc_id in self._expanded:
            self.highlighted = self._card_rows[index] + 1
        else:
            self.expand(index)

    def action_collapse(self) -> None:
        """Left / h on an open card or one of its sections: fold them away."""
        index = self._hit_index(self.highlighted)
        if index is not None:
            self.collapse(index)

    def _expand_state(self) -> tuple[bool, bool]:
        """(Right would do something, Left would do something) where the cursor is."""
        row = self._row(self.highlighted)
        if row is None:
            return (False, False)
        index, section_id = row
        hit = self._hits[index]
        expanded = hit.doc_id in self._expanded
        return (section_id is None and bool(other_sections(hit)), expanded)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Right and Left are the browser's forward and back wherever they have nothing to open or fold."""
        if action == "expand":
            return self._expand_state()[0]
        if action == "collapse":
            return self._expand_state()[1]
        return super().check_action(action, parameters)

    def _bindings_may_have_changed(self) -> None:
        state = self._expand_state()
        if state != self._can_expand:
            self._can_expand = state
            if self.is_mounted:
                self.screen.refresh_bindings()

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._bindings_may_have_changed()
        if not self._quiet:
            self.ask_if_near_end()

    def when_drawn(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once a frame that draws this list has gone to the terminal.

        After ``show_result``: the moment the user can see the hits (the screen times
        its searches by it, and lets the rest of a result follow only then).
        """
        self._when_drawn.append(callback)

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._when_drawn:
            waiting, self._when_drawn = self._when_drawn, []
            for callback in waiting:
                self.app.call_after_frame(callback)  # type: ignore[attr-defined]
        return lines

    def action_first(self) -> None:
        """To the top entry (the spelling entry, when there is one), the lines above it in view."""
        super().action_first()
        self.scroll_home(animate=False, immediate=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        message: ResultsList.Opened | ResultsList.SuggestionChosen | ResultsList.AsTypedChosen
        if event.option_id == "as-typed" and self._typed is not None:
            message = self.AsTypedChosen(self._typed)
        elif event.option_id == "suggestion" and self._suggestion:
            message = self.SuggestionChosen(self._suggestion)
        else:
            row = self._row(event.option_index)
            if row is None:
                return
            index, section_id = row
            message = self.Opened(self._hits[index], index, section_id)
        message.results_list = self
        self.post_message(message)
