"""The ranked hits of a search, one card per document.

A card is at most four lines however narrow the pane: where the hit was found
("Doc title > Section title"), what it is (date, type, summary), and two lines of
snippet with the matched words marked. Readers scan a result list; a card that grows
with its snippet pushes the next hit off an 80x24 screen.

Everything a document supplies (titles, section titles, snippets, paths) passes
through ``visible``/``visible_path`` and into ``Content`` as plain text: a title
such as ``[bold]x[/]`` is shown as those characters, an escape byte as a picture.
"""

from __future__ import annotations

from typing import Callable, ClassVar, Sequence

from textual.binding import BindingType
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search.model import Hit, SearchResult
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


class HitCard(LineStack):
    """One hit: breadcrumb, what it is, and up to two lines of snippet.

    The breadcrumb shares one line between the document and section titles; when
    both do not fit, each is cut so that neither disappears.
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


def count_line(result: SearchResult, show_timing: bool) -> str:
    """ "12 results, 8 ms" — the total, and the time when it is wanted."""
    total = result.total or len(result.hits)
    words = f"{total:,} result" + ("" if total == 1 else "s")
    if len(result.hits) < total:
        words += f" (first {len(result.hits):,} shown)"
    if show_timing:
        took = result.took_ms
        words += ", <1 ms" if took < 1 else f", {took:.0f} ms"
    return words


class ResultsList(KeepsReverse, PagesWhenLaidOut, OptionList):
    """The hits of the current query, best first; Enter opens one.

    Above the hits sit the lines that explain the result: the count, a notice about
    how the query was read, an error when it could not be read, and a selectable
    "Did you mean" that runs the suggested query.
    """

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("results", "Open", "open")

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
        """The reader chose a hit to read."""

        def __init__(self, hit: Hit, index: int) -> None:
            super().__init__()
            self.hit = hit
            self.index = index
            self.results_list: ResultsList | None = None

        @property
        def control(self) -> ResultsList | None:
            return self.results_list

    class SuggestionChosen(Message):
        """The reader took the "Did you mean" suggestion; ``query`` is the text to run."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query
            self.results_list: ResultsList | None = None

        @property
        def control(self) -> ResultsList | None:
            return self.results_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.border_title = "Results"
        self._hits: tuple[Hit, ...] = ()
        self._first_hit = 0
        self._suggestion: str | None = None
        self._when_drawn: list[Callable[[], object]] = []

    @property
    def hits(self) -> tuple[Hit, ...]:
        """The hits shown, in rank order."""
        return self._hits

    @property
    def highlighted_hit(self) -> Hit | None:
        """The hit under the cursor, or None when the cursor is elsewhere (or nowhere)."""
        index = self._hit_index(self.highlighted)
        return None if index is None else self._hits[index]

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
            self.highlighted = self._first_hit + index

    def clear(self) -> None:
        """Show nothing: no query, no hits."""
        self._hits = ()
        self._first_hit = 0
        self._suggestion = None
        self.clear_options()

    def show_result(self, result: SearchResult, *, show_timing: bool = True, keep_cursor: bool = False) -> None:
        """Replace the list with ``result``; the cursor starts on the best hit.

        ``keep_cursor``: the result extends the one shown (the same first hits, and
        more), so the cursor and the scroll stay where the user has put them.
        """
        cursor, scrolled = self.highlighted, self.scroll_y
        hits = () if result.error else tuple(result.hits)

        def line(option_id: str, text: str, style: str) -> Option:
            return Option(Content.styled(text, style), id=option_id, disabled=True)

        options: list[Option | None] = []
        if result.error:
            options.append(line("error", visible(result.error), ".results--error"))
        elif hits:
            options.append(line("count", count_line(result, show_timing), ".results--count"))
        else:
            options.append(line("count", "No results", ".results--count"))
        if result.notice:
            options.append(line("notice", visible(result.notice), ".results--notice"))
        if result.suggestion:
            options.append(
                Option(
                    Content.assemble(
                        ("Did you mean: ", ".results--meta"),
                        (visible(result.suggestion), ".results--suggestion"),
                    ),
                    id="suggestion",
                )
            )
        first_hit = len(options)
        if hits:
            options.append(None)
        for hit in hits:
            options.append(Option(HitCard(hit)))
            options.append(None)
        if hits:
            options.pop()  # no rule under the last card
        self._hits = hits
        self._first_hit = first_hit
        self._suggestion = result.suggestion
        self.set_options(options)
        if keep_cursor and cursor is not None and cursor < len(options):
            self.highlighted = cursor
            self.scroll_to(y=scrolled, animate=False, immediate=True)
        elif hits:
            self.highlighted = first_hit
        elif result.suggestion:
            self.highlighted = first_hit - 1

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
        """To the top entry (the suggestion, when there is one), the lines above it in view."""
        super().action_first()
        self.scroll_home(animate=False, immediate=True)

    def _hit_index(self, option_index: int | None) -> int | None:
        if option_index is None:
            return None
        index = option_index - self._first_hit
        return index if 0 <= index < len(self._hits) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        message: ResultsList.Opened | ResultsList.SuggestionChosen
        if event.option_id == "suggestion" and self._suggestion:
            message = self.SuggestionChosen(self._suggestion)
        else:
            index = self._hit_index(event.option_index)
            if index is None:
                return
            message = self.Opened(self._hits[index], index)
        message.results_list = self
        self.post_message(message)
