"""The four lists of the browser, driven with keys as a reader would at 80x24."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList

from search.model import (
    Document,
    DocumentSummary,
    Facets,
    Hit,
    RelatedLink,
    SearchResult,
    Section,
    SectionRef,
    Similar,
)
from tui.widgets.library_list import LibraryFilterPicker, LibraryList
from tui.widgets.outline import Outline
from tui.widgets.related import RelatedPane
from tui.widgets.results import HitCard, ResultsList

LISTS_TCSS = Path(__file__).resolve().parents[2] / "tui" / "widgets" / "lists.tcss"

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
    @on(LibraryList.Opened)
    @on(LibraryList.FiltersChanged)
    @on(Outline.Jump)
    @on(RelatedPane.Follow)
    @on(OptionList.OptionHighlighted)
    def collect(self, message) -> None:
        self.messages.append(message)

    def posted(self, kind: type) -> list:
        return [m for m in self.messages if isinstance(m, kind)]


def lines_of(widget: OptionList) -> list[str]:
    """What the list shows, line by line, as a reader sees it (borders excluded)."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)]


def text_of(widget: OptionList) -> str:
    return "\n".join(lines_of(widget))


def styles_of(widget: OptionList, y: int, word: str):
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


# -- ResultsList --------------------------------------------------------------------


async def test_results_header_counts_and_timing():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        await pilot.pause()
        assert lines_of(results)[0] == "3 results, 8 ms"
        results.show_result(make_result(3), show_timing=False)
        await pilot.pause()
        assert lines_of(results)[0] == "3 results"
        results.show_result(make_result(1), show_timing=False)
        await pilot.pause()
        assert lines_of(results)[0] == "1 result"
        assert results.border_title == "Results"


async def test_results_vim_keys_move_and_enter_opens_the_hit():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        results.focus()
        await pilot.pause()
        assert results.highlighted_hit.doc_id == "doc0.txt"
        await pilot.press("j")
        assert results.highlighted_hit.doc_id == "doc1.txt"
        await pilot.press("down")
        assert results.highlighted_hit.doc_id == "doc2.txt"
        await pilot.press("k")
        assert results.highlighted_hit.doc_id == "doc1.txt"
        await pilot.press("G")
        assert results.highlighted_hit.doc_id == "doc2.txt"
        await pilot.press("g")
        assert results.highlighted_hit.doc_id == "doc0.txt"
        await pilot.press("j", "enter")
        await pilot.pause()
        [opened] = app.posted(ResultsList.Opened)
        assert opened.hit.doc_id == "doc1.txt" and opened.index == 1
        assert opened.control is results


async def test_results_did_you_mean_is_selectable():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(2, suggestion="pyongyang", notice="An unbalanced quote was ignored."))
        results.focus()
        await pilot.pause()
        text = text_of(results)
        assert "Did you mean: pyongyang" in text
        assert "An unbalanced quote was ignored." in text
        await pilot.press("k")  # from the first hit up to the suggestion
        assert results.highlighted_hit is None
        await pilot.press("enter")
        await pilot.pause()
        [chosen] = app.posted(ResultsList.SuggestionChosen)
        assert chosen.query == "pyongyang"
        assert app.posted(ResultsList.Opened) == []


async def test_results_empty_and_error():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(SearchResult(query="pyongyanq", suggestion="pyongyang"))
        results.focus()
        await pilot.pause()
        assert lines_of(results)[:2] == ["No results", "Did you mean: pyongyang"]
        await pilot.press("enter")
        await pilot.pause()
        assert [m.query for m in app.posted(ResultsList.SuggestionChosen)] == ["pyongyang"]

        error = "Unbalanced parenthesis after 'korea ('"
        results.show_result(SearchResult(query="korea (", error=error, hits=make_result(2).hits))
        await pilot.pause()
        assert lines_of(results)[0] == error
        assert results.hits == () and results.highlighted_hit is None
        assert "Document" not in text_of(results)
        await pilot.press("enter", "j", "G")
        assert app.posted(ResultsList.Opened) == []

        results.clear()
        await pilot.pause()
        assert results.hits == () and text_of(results).strip() == ""


async def test_results_card_shows_breadcrumb_meta_and_highlighted_snippet():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = make_hit(1, kind="summary")
        results.show_result(SearchResult("party", (make_hit(0), summary), 2, 3.0))
        await pilot.pause()
        lines = lines_of(results)
        assert lines[2] == "Document 0"  # lead section: just the document
        assert lines[3] == "2024-01-01 · Analysis"
        assert lines[4] == "The Party Congress in Pyongyang set a plan."
        assert lines[6] == "Document 1 > What did the Party Congress decide?"
        assert lines[7] == "2024-02-01 · Analysis · summary"

        card = results.get_option_at_index(1).prompt
        assert isinstance(card, HitCard)
        words = [card.snippet.plain[s.start : s.end] for s in card.snippet.spans]
        assert words == ["Party", "Pyongyang"]
        assert all(s.style == ".results--highlight" for s in card.snippet.spans)
        # Matched words are drawn reversed and bold: visible without colour.
        assert all(s.reverse and s.bold for s in styles_of(results, 4, "Party"))
        assert not any(s.reverse for s in styles_of(results, 4, "Congress"))


async def test_results_highlights_survive_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(2))
        results.focus()
        await pilot.pause()
        assert app.no_color
        # The cursor's card is reversed; its matched words are underlined on top.
        assert all(s.reverse for s in styles_of(results, 2, "Document 0"))
        assert all(s.underline and s.bold for s in styles_of(results, 4, "Party"))
        assert not any(s.reverse for s in styles_of(results, 6, "Document 1"))
        assert all(s.underline and s.bold for s in styles_of(results, 8, "Party"))


def test_hit_card_stays_within_four_lines_when_narrow():
    long = make_hit(1, title="A very long title " * 12, snippet="word " * 200, highlights=((0, 4), (995, 999)))
    card = HitCard(long)
    for width in (30, 34, 40):
        lines = card.layout(width)
        assert len(lines) <= 4
        assert all(line.cell_length <= width for line in lines)
        assert lines[0].plain.endswith("…") and " > " in lines[0].plain
        assert lines[-1].plain.endswith("…")
    assert card.get_height({}, 30) == 4


def test_hit_card_keeps_highlights_on_their_words_when_text_is_cleaned():
    hit = make_hit(0, snippet="a\u202eb Party\x1b ends", highlights=((4, 9),))
    card = HitCard(hit)
    [span] = card.snippet.spans
    assert card.snippet.plain[span.start : span.end] == "Party"
    assert not UNSAFE.search(card.snippet.plain)


async def test_results_select_hit_and_index_of_post_nothing():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        await pilot.pause()
        app.messages.clear()
        results.select_hit(2)
        await pilot.pause()
        assert results.highlighted_hit.doc_id == "doc2.txt"
        assert app.messages == []
        assert results.index_of("doc1.txt") == 1
        assert results.index_of("missing") is None
        results.select_hit(99)  # ignored
        assert results.highlighted_hit.doc_id == "doc2.txt"


async def test_results_hostile_titles_are_shown_literally():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        hit = make_hit(
            1,
            title=HOSTILE,
            section=SectionRef("s", HOSTILE),
            snippet=HOSTILE,
            highlights=((0, 3),),
            type="\x1b]0;t\x07",
            date="",
        )
        results.show_result(SearchResult("x", (hit,), 1, 1.0, notice=HOSTILE))
        await pilot.pause()
        text = text_of(results)
        assert "[bold]x[/]" in text
        assert "␛[31mred␇" in text
        assert not UNSAFE.search(text)
        assert "evil" in text


# -- LibraryList ------------------------------------------------------------------------


def header_of(library: LibraryList) -> str:
    return library.query_one("#library-header").content.plain


def rows_of(library: LibraryList) -> OptionList:
    return library.query_one("#library-options", OptionList)


async def test_library_sorts_by_date_then_title_with_S():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(summaries())
        library.focus()
        await pilot.pause()
        assert header_of(library) == "4 documents · by date"
        assert [d.doc_id for d in library.visible_items] == ["c.txt", "a.txt", "b.txt", "n.txt"]
        lines = lines_of(rows_of(library))
        assert lines[0].startswith("2024-11-14  Analysis  Charlie analysis")
        assert "summary" in lines[0]
        assert lines[3].startswith("            ") and "No date here" in lines[3]
        await pilot.press("S")
        assert library.sort == "title"
        assert header_of(library) == "4 documents · by title"
        assert [d.doc_id for d in library.visible_items] == ["a.txt", "b.txt", "c.txt", "n.txt"]
        await pilot.press("S")
        assert library.sort == "date"
        await pilot.pause()
        assert [(m.sort, m.filters) for m in app.posted(LibraryList.FiltersChanged)] == [("title", {}), ("date", {})]


async def test_library_keys_move_and_enter_opens():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(summaries())
        library.focus()
        await pilot.pause()
        assert library.highlighted_item.doc_id == "c.txt"
        await pilot.press("j", "j")
        assert library.highlighted_item.doc_id == "b.txt"
        await pilot.press("k")
        assert library.highlighted_item.doc_id == "a.txt"
        await pilot.press("G")
        assert library.highlighted_item.doc_id == "n.txt"
        await pilot.press("g", "enter")
        await pilot.pause()
        assert [m.doc_id for m in app.posted(LibraryList.Opened)] == ["c.txt"]


async def test_library_filters_combine_and_show_in_header():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(summaries())
        library.focus()
        library.set_filter("type", "Analysis")
        library.set_filter("year", "2024")
        await pilot.pause()
        assert header_of(library) == "2 of 4 documents · by date · type: Analysis · year: 2024"
        assert [d.doc_id for d in library.visible_items] == ["c.txt", "a.txt"]
        library.set_filter("topic", "Climate")
        assert [d.doc_id for d in library.visible_items] == ["c.txt"]
        library.set_filter("type", "Report")  # replaces the type filter
        assert library.filters == {"type": "Report", "topic": "Climate", "year": "2024"}
        assert library.visible_items == []
        await pilot.pause()
        assert "No documents match the filters" in text_of(rows_of(library))
        await pilot.press("enter")
        await pilot.press("F")
        assert library.filters == {}
        assert header_of(library) == "4 documents · by date"
        await pilot.pause()
        assert app.posted(LibraryList.Opened) == []
        assert app.posted(LibraryList.FiltersChanged)[-1].filters == {}


async def test_library_filter_picker_with_keys():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(summaries())
        library.focus()
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LibraryFilterPicker)
        options = picker.query_one(OptionList)
        prompts = [o.prompt.plain for o in options.options]
        assert prompts[0] == "Type" and options.options[0].disabled
        assert "  Analysis  2" in prompts and "  Report  1" in prompts
        assert prompts.index("Topic") < prompts.index("  Climate  2")
        assert prompts.index("Year") < prompts.index("  2024  2") < prompts.index("  2023  1")
        # The cursor starts on the first value, steps over group headers.
        assert options.highlighted_option.prompt.plain == "  Analysis  2"
        await pilot.press("j")
        assert options.highlighted_option.prompt.plain == "  Report  1"
        await pilot.press("j")
        assert options.highlighted_option.prompt.plain == "  Climate  2"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not picker
        assert library.filters == {"topic": "Climate"}
        assert header_of(library) == "2 of 4 documents · by date · topic: Climate"

        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        prompts = [o.prompt.plain for o in picker.query_one(OptionList).options]
        assert prompts[0] == "Clear all filters" and "✓ Climate  2" in prompts
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LibraryFilterPicker)
        assert library.filters == {"topic": "Climate"}

        await pilot.press("f")
        await pilot.pause()
        await pilot.press("g", "enter")  # "Clear all filters"
        await pilot.pause()
        assert library.filters == {}


async def test_library_picker_uses_given_facets():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        facets = Facets(types=(("Report", 40), ("Analysis", 12)), topics=(), years=(("2019", 3),))
        library.show_documents(summaries(), facets)
        library.focus()
        await pilot.press("f")
        await pilot.pause()
        prompts = [o.prompt.plain for o in app.screen.query_one(OptionList).options]
        assert prompts == ["Type", "  Report  40", "  Analysis  12", "Topic", "  none", "Year", "  2019  3"]
        await pilot.press("G", "enter")
        await pilot.pause()
        assert library.filters == {"year": "2019"}
        assert library.visible_items == []


async def test_library_wide_rows_and_hostile_titles():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        items = [
            DocumentSummary("x.txt", HOSTILE + " " + "long " * 40, "full", "2024-01-01", "\x1b[2JType", ("\u202eTopic",)),
            DocumentSummary("y.txt", "", "summary", "", "", (), path="dir/\udcff.txt"),
        ]
        library.show_documents(items)
        await pilot.pause()
        lines = lines_of(rows_of(library))
        text = "\n".join(lines)
        assert "[bold]x[/]" in text and not UNSAFE.search(text)
        assert lines[0].endswith("…") and len(lines[0]) <= 76
        assert "\\xff.txt" in lines[1]  # a document without a title is named by its path
        library.set_filter("topic", "\u202eTopic")
        await pilot.pause()
        assert not UNSAFE.search(header_of(library))


async def test_library_empty_never_crashes():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents([])
        library.focus()
        await pilot.pause()
        assert header_of(library) == "0 documents · by date"
        assert "No documents" in text_of(rows_of(library))
        await pilot.press("j", "G", "enter", "S", "F")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.posted(LibraryList.Opened) == []
        with pytest.raises(ValueError):
            library.set_filter("colour", "red")


async def test_library_shows_50000_documents_quickly():
    library = LibraryList()
    app = Host(library)
    items = [
        DocumentSummary(f"d{n}.txt", f"Document number {n} about sanctions and diplomacy", "full",
                        f"{2000 + n % 25}-{n % 12 + 1:02d}-{n % 28 + 1:02d}" if n % 50 else "",
                        ("Analysis", "Report", "Commentary")[n % 3], ("Climate",))
        for n in range(50_000)
    ]
    async with app.run_test(size=(80, 24)) as pilot:
        library.focus()
        await pilot.pause()
        start = time.perf_counter()
        library.show_documents(items)
        await pilot.pause()
        shown = time.perf_counter() - start
        print(f"show_documents(50,000) and first paint: {shown * 1000:.0f} ms")
        assert shown < 5
        assert header_of(library) == "50,000 documents · by date"
        start = time.perf_counter()
        await pilot.press("S", "G")
        resorted = time.perf_counter() - start
        print(f"re-sort by title and jump to the end: {resorted * 1000:.0f} ms")
        assert resorted < 5
        assert library.highlighted_item.doc_id == library.visible_items[-1].doc_id


# -- Outline ---------------------------------------------------------------------------


async def test_outline_lists_sections_with_counts_and_jumps():
    outline = Outline()
    app = Host(outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.show_document(DOCUMENT, {"congress": 3, "plan": 1})
        outline.focus()
        await pilot.pause()
        lines = lines_of(outline)
        assert lines[0] == "Sanctions and Diplomacy"  # the lead, under the document's title
        assert lines[1].startswith("What did the Party Congress decide?") and lines[1].endswith(" 3")
        assert lines[2].startswith("  The five-year plan") and lines[2].endswith(" 1")
        assert lines[3] == "How will China respond?"
        assert outline.border_title == "Outline" and outline.border_subtitle == "4 matches"
        assert all(s.dim for s in styles_of(outline, 3, "China"))
        assert not any(s.dim for s in styles_of(outline, 1, "Congress"))
        await pilot.press("j", "j")
        assert outline.highlighted_section == "plan"
        await pilot.press("G")
        assert outline.highlighted_section == "china"
        await pilot.press("k", "enter")
        await pilot.pause()
        assert [m.section_id for m in app.posted(Outline.Jump)] == ["plan"]

        outline.set_counts(None)
        await pilot.pause()
        assert outline.highlighted_section == "plan"
        assert lines_of(outline)[1] == "What did the Party Congress decide?"
        assert outline.border_subtitle == ""


async def test_outline_follows_the_reader_without_jumping_or_taking_focus():
    results = ResultsList()
    outline = Outline()
    app = Host(results, outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.show_document(DOCUMENT)
        results.focus()
        await pilot.pause()
        app.messages.clear()
        outline.highlight_section("china")
        await pilot.pause()
        assert outline.highlighted_section == "china"
        assert app.focused is results
        assert app.messages == []
        outline.highlight_section("no-such-section")
        assert outline.highlighted_section == "china"


async def test_outline_empty_and_untitled():
    outline = Outline()
    app = Host(outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.focus()
        await pilot.pause()
        assert lines_of(outline)[0] == "No document open"
        await pilot.press("j", "enter")
        sections = (Section("lead", "", 0, "x"), Section("s", HOSTILE, 1, "y"))
        untitled = Document("u.txt", "u.txt", title="", sections=sections)
        outline.show_document(untitled)
        await pilot.pause()
        lines = lines_of(outline)
        assert lines[0] == "Top"
        assert "[bold]x[/]" in lines[1] and not UNSAFE.search("\n".join(lines))
        outline.show_document(Document("e.txt", "e.txt"))
        await pilot.pause()
        assert lines_of(outline)[0] == "No sections"
        outline.clear()
        await pilot.pause()
        assert lines_of(outline)[0] == "No document open"
        assert app.posted(Outline.Jump) == []


# -- RelatedPane ---------------------------------------------------------------------------


async def test_related_groups_and_cursor_skips_headers():
    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.show_document(DOCUMENT)
        related.focus()
        await pilot.pause()
        lines = lines_of(related)
        assert lines[:8] == [
            "Related  3",
            "Climate Security in the Pacific",
            "2024-03-01 · Report",
            "Not yet resolved",
            "2023-01-01 · Analysis",
            "Elections in Kenya",
            "2022-08-09 · Analysis",
            "More like this",
        ]
        assert lines[8:11] == ["…", "Linked from", "…"]
        assert related.highlighted_doc_id == "climate.txt"
        await pilot.press("j")  # the unresolved link is shown but cannot be chosen
        assert related.highlighted_doc_id == "summary:elections in kenya"
        await pilot.press("k", "enter")
        await pilot.pause()
        assert [m.doc_id for m in app.posted(RelatedPane.Follow)] == ["climate.txt"]


async def test_related_fills_in_later_and_keeps_the_cursor():
    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.show_document(DOCUMENT)
        related.focus()
        await pilot.press("j")
        assert related.highlighted_doc_id == "summary:elections in kenya"
        related.set_more_like_this([Similar("kenya-2.txt", "Kenya after the vote", 3.0), Similar("x.txt", "", 1.0)])
        await pilot.pause()
        assert related.highlighted_doc_id == "summary:elections in kenya"
        related.set_backlinks([])
        await pilot.pause()
        text = text_of(related)
        assert "More like this  2\nKenya after the vote\nx.txt\nLinked from\nnone" in text
        assert "…" not in text
        await pilot.press("j", "j")
        assert related.highlighted_doc_id == "x.txt"
        related.set_backlinks([Similar("sanctions-2.txt", "Sanctions revisited")])
        await pilot.pause()
        assert related.highlighted_doc_id == "x.txt"
        await pilot.press("G", "enter")
        await pilot.pause()
        assert [m.doc_id for m in app.posted(RelatedPane.Follow)] == ["sanctions-2.txt"]


async def test_related_empty_groups_and_clear():
    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.focus()
        await pilot.pause()
        assert lines_of(related)[0] == "No document open"
        bare = Document("bare.txt", "bare.txt", related=(RelatedLink(HOSTILE, "", "\x1b[0m", target="t.txt"),))
        related.show_document(bare)
        await pilot.pause()
        text = text_of(related)
        assert "[bold]x[/]" in text and not UNSAFE.search(text)
        related.show_document(Document("none.txt", "none.txt"))
        related.set_more_like_this([])
        related.set_backlinks([])
        await pilot.pause()
        assert lines_of(related)[:6] == ["Related", "none", "More like this", "none", "Linked from", "none"]
        await pilot.press("j", "g", "G", "enter")
        await pilot.pause()
        assert app.posted(RelatedPane.Follow) == []
        related.clear()
        related.set_backlinks([Similar("a.txt", "A")])  # late answer for a closed document
        await pilot.pause()
        assert lines_of(related)[0] == "No document open"


# -- all four ------------------------------------------------------------------------------


def all_lists() -> list[type]:
    return [ResultsList, Outline, RelatedPane, LibraryList]


@pytest.mark.parametrize("widget_class", all_lists())
def test_every_binding_has_an_id_and_a_description(widget_class):
    from tui.widgets.library_list import LibraryFilterPicker, _LibraryOptions

    classes = [widget_class] + ([_LibraryOptions, LibraryFilterPicker] if widget_class is LibraryList else [])
    keys = set()
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id and binding.description, binding
            keys.update(binding.key.split(","))
    if widget_class is not LibraryList:
        assert {"j", "k", "g", "G", "down", "up", "home", "end", "enter"} <= keys
    else:
        assert {"j", "k", "g", "G", "enter", "S", "f", "F"} <= keys


async def test_the_focused_pane_has_a_heavy_border():
    results, outline, related, library = ResultsList(), Outline(), RelatedPane(), LibraryList()
    app = Host(results, outline, related, library)
    async with app.run_test(size=(80, 24)) as pilot:
        for pane in (results, outline, related, library):
            pane.focus()
            await pilot.pause()
            for other in (results, outline, related, library):
                expected = "heavy" if other is pane else "round"
                assert other.styles.border_top[0] == expected, (pane, other)


async def test_lists_filled_before_they_are_mounted():
    results, outline, related, library = ResultsList(), Outline(), RelatedPane(), LibraryList()
    results.show_result(make_result(2))
    outline.show_document(DOCUMENT, {"china": 2})
    related.show_document(DOCUMENT)
    related.set_backlinks([Similar("a.txt", "A")])
    library.show_documents(summaries())
    app = Host(results, outline, related, library)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        assert results.highlighted_hit.doc_id == "doc0.txt"
        assert lines_of(outline)[3].endswith(" 2")
        assert related.highlighted_doc_id == "climate.txt"
        assert "Linked from  1" in [option.prompt.plain for option in related.options]
        assert header_of(library) == "4 documents · by date"
        assert library.highlighted_item.doc_id == "c.txt"
