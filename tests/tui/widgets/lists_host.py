"""A host app for the browser's lists, and the data they are tested with.

Each list is composed alone (or with the others) in `Host`, which keeps every
message they post; `lines_of` reads what a list shows the way a reader sees it.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList

from search.model import (
    Document,
    DocumentSummary,
    Hit,
    RelatedLink,
    SearchResult,
    Section,
    SectionRef,
)
from tests.conftest import REPO
from tui.widgets.library_list import LibraryList, LibraryRows
from tui.widgets.outline import Outline
from tui.widgets.related import RelatedPane
from tui.widgets.results import ResultsList

LISTS_TCSS = REPO / "tui" / "widgets" / "lists.tcss"

HOSTILE = "[bold]x[/] \x1b[31mred\x07 \u202eevil\u202c \x9b2J end"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Host(App):
    """Composes the widgets under test and keeps every message they post."""

    CSS_PATH = str(LISTS_TCSS)

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self._widgets = widgets
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield from self._widgets

    @on(ResultsList.Opened)
    @on(ResultsList.SuggestionChosen)
    @on(ResultsList.AsTypedChosen)
    @on(LibraryList.Opened)
    @on(LibraryList.FiltersChanged)
    @on(Outline.Jump)
    @on(RelatedPane.Follow)
    @on(OptionList.OptionHighlighted)
    def collect(self, message) -> None:
        self.messages.append(message)

    def posted(self, kind: type) -> list:
        return [m for m in self.messages if isinstance(m, kind)]


def lines_of(widget: Widget) -> list[str]:
    """What the list shows, line by line, as a reader sees it (borders excluded)."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)]


def text_of(widget: Widget) -> str:
    return "\n".join(lines_of(widget))


def styles_of(widget: Widget, y: int, word: str):
    """The Rich styles of the cells of rendered line ``y`` that show ``word``."""
    strip = widget.render_line(y)
    text = strip.text
    start = text.index(word)
    styles, position = [], 0
    for segment in strip:
        end = position + len(segment.text)
        if end > start and position < start + len(word):
            styles.append(segment.style)
        position = end
    return styles


# -- data ---------------------------------------------------------------------------------


def make_hit(n: int, **changes) -> Hit:
    values = dict(
        doc_id=f"doc{n}.txt",
        title=f"Document {n}",
        path=f"doc{n}.txt",
        kind="full",
        date=f"2024-0{n + 1}-01",
        type="Analysis",
        topics=("Climate",),
        score=10.0 - n,
        section=SectionRef("s1", "What did the Party Congress decide?") if n % 2 else SectionRef("lead", ""),
        snippet="The Party Congress in Pyongyang set a plan.",
        highlights=((4, 9), (22, 31)),
    )
    values.update(changes)
    return Hit(**values)


def make_result(count: int = 3, **changes) -> SearchResult:
    hits = tuple(make_hit(n) for n in range(count))
    values = dict(query="party", hits=hits, total=count, took_ms=8.2)
    values.update(changes)
    return SearchResult(**values)


DOCUMENT = Document(
    doc_id="sanctions.txt",
    path="sanctions.txt",
    title="Sanctions and Diplomacy",
    sections=(
        Section("lead", "", 0, "Sanctions relief."),
        Section("congress", "What did the Party Congress decide?", 2, "A plan."),
        Section("plan", "The five-year plan", 3, "Details."),
        Section("china", "How will China respond?", 2, "Stability."),
    ),
    related=(
        RelatedLink("Climate Security in the Pacific", "2024-03-01", "Report", target="climate.txt"),
        RelatedLink("Not yet resolved", "2023-01-01", "Analysis", target=None),
        RelatedLink("Elections in Kenya", "2022-08-09", "Analysis", target="summary:elections in kenya"),
    ),
)


def summaries() -> list[DocumentSummary]:
    return [
        DocumentSummary("b.txt", "beta report", "full", "2023-05-02", "Report", ("Climate",)),
        DocumentSummary("a.txt", "Alpha analysis", "full", "2024-03-01", "Analysis", ("Global Policy",)),
        DocumentSummary("n.txt", "No date here", "full", "", "", ()),
        DocumentSummary("c.txt", "Charlie analysis", "summary", "2024-11-14", "Analysis", ("Climate", "Global Policy")),
    ]


def header_of(library: LibraryList) -> str:
    return library.query_one("#library-header").content.plain


def rows_of(library: LibraryList) -> LibraryRows:
    return library.query_one("#library-options", LibraryRows)
