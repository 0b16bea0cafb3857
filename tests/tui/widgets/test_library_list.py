"""The library list: every document, sorted and filtered, driven with keys at 80x24."""

from __future__ import annotations

import time

import pytest
from textual.widgets import OptionList

from search.model import DocumentSummary, Facets
from tui.widgets.library_list import LibraryFilterPicker, LibraryList, LibraryRows

from .lists_host import HOSTILE, UNSAFE, Host, header_of, lines_of, rows_of, summaries, text_of


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


@pytest.mark.stress
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


def background(rows: LibraryRows, y: int):
    """The background colour of the start of screen line ``y`` (the cursor's, the mouse's, or none)."""
    return next(iter(rows.render_line(y))).style.bgcolor


def many(count: int) -> list[DocumentSummary]:
    return [
        DocumentSummary(f"d{n:03d}.txt", f"Document {n:03d}", "full", f"2024-01-{n % 28 + 1:02d}", "Report", ())
        for n in range(count)
    ]


async def test_library_cursor_stays_at_the_ends_and_pages_by_a_screen():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(many(60))
        library.focus()
        await pilot.pause()
        rows = rows_of(library)
        shown = library.visible_items
        page = rows.scrollable_content_region.height
        half = page // 2
        assert library.highlighted_item == shown[0]
        await pilot.press("k")  # up from the first: it stays (no wrapping to the last)
        assert library.highlighted_item == shown[0] and rows.scroll_y == 0
        await pilot.press("pagedown")
        assert library.highlighted_item == shown[page]
        assert shown[page].title in text_of(rows)
        await pilot.press("pageup")
        assert library.highlighted_item == shown[0]
        await pilot.press("space")  # less: Space a page down, b a page up
        assert library.highlighted_item == shown[page]
        await pilot.press("b")
        assert library.highlighted_item == shown[0]
        assert rows.scroll_y == 0
        await pilot.press("ctrl+d")  # vim: half a page, the view moving as much as the cursor
        assert library.highlighted_item == shown[half] and rows.scroll_y == half
        await pilot.press("ctrl+d")
        assert library.highlighted_item == shown[2 * half] and rows.scroll_y == 2 * half
        await pilot.press("ctrl+u")
        assert library.highlighted_item == shown[half] and rows.scroll_y == half
        await pilot.press("G", "pagedown", "space", "ctrl+d")  # never past the end
        assert library.highlighted_item == shown[-1]
        await pilot.press("j", "down")  # down from the last: it stays, in view
        assert library.highlighted_item == shown[-1]
        assert lines_of(rows)[-1].endswith(shown[-1].title)
        await pilot.press("home", "pageup", "b", "ctrl+u")
        assert library.highlighted_item == shown[0]
        await pilot.press("end", "enter")
        await pilot.pause()
        assert [m.doc_id for m in app.posted(LibraryList.Opened)] == [shown[-1].doc_id]


async def test_library_rows_take_two_lines_in_a_narrow_pane():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(50, 24)) as pilot:
        library.show_documents(summaries())
        library.focus()
        await pilot.pause()
        rows = rows_of(library)
        assert lines_of(rows)[:5] == [
            "Charlie analysis",
            "  2024-11-14 · Analysis · summary",
            "Alpha analysis",
            "  2024-03-01 · Analysis",
            "beta report",
        ]
        cursor = background(rows, 0)
        assert background(rows, 1) == cursor != background(rows, 2)  # the cursor covers both lines
        await pilot.press("j")
        assert library.highlighted_item.doc_id == "a.txt"
        assert background(rows, 2) == background(rows, 3) == cursor != background(rows, 0)


async def test_a_click_opens_the_row_under_it_and_hovering_marks_it():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(summaries())
        await pilot.pause()
        rows = rows_of(library)
        plain = background(rows, 3)
        await pilot.hover(rows, offset=(4, 3))
        await pilot.pause()
        assert background(rows, 3) != plain and background(rows, 3) != background(rows, 0)  # not the cursor's
        assert background(rows, 1) == plain
        await pilot.click(rows, offset=(4, 2))
        await pilot.pause()
        assert library.highlighted_item.doc_id == "b.txt"
        assert [m.doc_id for m in app.posted(LibraryList.Opened)] == ["b.txt"]
        await pilot.click(rows, offset=(4, 12))  # below the last row: nothing there
        await pilot.pause()
        assert [m.doc_id for m in app.posted(LibraryList.Opened)] == ["b.txt"]


@pytest.mark.stress
async def test_library_makes_rows_only_for_what_is_drawn(monkeypatch):
    """50,000 documents cost their summaries, not a row object each (see LibraryRows)."""
    from tui.widgets import library_list

    made: set[str] = set()
    original = library_list.LibraryRow.__init__

    def counting(self, item, columns):
        made.add(item.doc_id)
        original(self, item, columns)

    monkeypatch.setattr(library_list.LibraryRow, "__init__", counting)
    library = LibraryList()
    app = Host(library)
    items = many(50_000)
    async with app.run_test(size=(80, 24)) as pilot:
        library.show_documents(items)
        library.focus()
        await pilot.pause()
        page = rows_of(library).scrollable_content_region.height
        assert 0 < len(made) <= page
        await pilot.press("G", "pageup", "g")
        await pilot.pause()
        assert len(made) <= 4 * page


async def test_library_picker_counts_narrow_with_the_filters_in_force():
    library = LibraryList()
    app = Host(library)
    async with app.run_test(size=(80, 24)) as pilot:
        # The engine's counts are used while nothing is filtered (years newest first)...
        engine = Facets(types=(("Analysis", 2), ("Report", 1)), topics=(), years=(("2023", 5), ("2024", 2)))
        library.show_documents(summaries(), engine)
        library.focus()

        async def prompts() -> list[str]:
            await pilot.press("f")
            await pilot.pause()
            found = [o.prompt.plain for o in app.screen.query_one(OptionList).options]
            await pilot.press("escape")
            await pilot.pause()
            return found

        assert await prompts() == ["Type", "  Analysis  2", "  Report  1", "Topic", "  none", "Year", "  2024  2", "  2023  5"]
        # ... and with a filter, the counts of the documents it leaves: type Analysis
        # leaves a.txt (Global Policy, 2024) and c.txt (Climate and Global Policy, 2024).
        library.set_filter("type", "Analysis")
        assert await prompts() == [
            "Clear all filters",
            "Type",
            "✓ Analysis  2",
            "  Report  1",  # what choosing Report instead would list
            "Topic",
            "  Global Policy  2",
            "  Climate  1",
            "Year",
            "  2024  2",
        ]
        library.set_filter("topic", "climate")  # any case, as the list filters
        assert await prompts() == [
            "Clear all filters",
            "Type",
            "✓ Analysis  1",
            "  Report  1",
            "Topic",  # counted under the type alone: what choosing another topic would list
            "  Global Policy  2",
            "✓ Climate  1",
            "Year",
            "  2024  1",
        ]
        library.set_filter("year", "2023")  # nothing passes all three: the ticks stay
        assert header_of(library) == "0 of 4 documents · by date · type: Analysis · topic: climate · year: 2023"
        found = await prompts()
        assert "✓ Analysis  0" in found and "✓ climate  0" in found and "✓ 2023  0" in found
        assert found[found.index("Year") + 1 :] == ["  2024  1", "✓ 2023  0"]


def test_facets_of_counts_each_group_under_the_other_groups_filters():
    from tui.widgets.library_list import facets_of

    items = summaries()
    assert facets_of(items).years == (("2024", 2), ("2023", 1))
    by_type = facets_of(items, {"type": "report"})
    assert by_type.types == (("Analysis", 2), ("Report", 1))
    assert by_type.topics == (("Climate", 1),) and by_type.years == (("2023", 1),)
    by_year = facets_of(items, {"year": "2024"})
    assert by_year.types == (("Analysis", 2),) and by_year.years == (("2024", 2), ("2023", 1))
