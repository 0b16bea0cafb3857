"""The four lists of the browser together: the same keys, the same focus mark, filled before mounting."""

from __future__ import annotations

import pytest

from search.model import Similar
from tui.widgets.library_list import LibraryFilterPicker, LibraryList, LibraryRows
from tui.widgets.outline import Outline
from tui.widgets.related import RelatedPane
from tui.widgets.results import ResultsList

from .lists_host import DOCUMENT, Host, header_of, lines_of, make_result, summaries


def all_lists() -> list[type]:
    return [ResultsList, Outline, RelatedPane, LibraryList]


@pytest.mark.parametrize("widget_class", all_lists())
def test_every_binding_has_an_id_and_a_description(widget_class):
    classes = [widget_class] + ([LibraryRows, LibraryFilterPicker] if widget_class is LibraryList else [])
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


# -- less and vim keys: Space / b pages, Ctrl+d / Ctrl+u half pages, no wrapping ---------------


def long_document(sections: int = 40):
    from search.model import Document, Section

    return Document(
        doc_id="long.txt",
        path="long.txt",
        title="Long",
        sections=(Section("lead", "", 0, "x"),)
        + tuple(Section(f"s{n}", f"Section {n}", 2, "text") for n in range(1, sections)),
    )


def test_every_list_binds_the_less_and_vim_page_keys():
    for widget_class in (ResultsList, Outline, RelatedPane, LibraryRows):
        keys = {binding.id.rsplit(".", 1)[1]: binding.key.split(",") for binding in widget_class.BINDINGS}
        assert {"space", "pagedown"} <= set(keys["page_down"]), widget_class
        assert {"b", "pageup"} <= set(keys["page_up"]), widget_class
        assert keys["half_page_down"] == ["ctrl+d"] and keys["half_page_up"] == ["ctrl+u"], widget_class
        assert {"j", "down"} <= set(keys["down"]) and {"k", "up"} <= set(keys["up"])


async def test_j_on_the_last_entry_and_k_on_the_first_stay_where_they_are():
    results, outline, related = ResultsList(), Outline(), RelatedPane()
    app = Host(results, outline, related)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(3))
        outline.show_document(DOCUMENT)
        related.show_document(DOCUMENT)
        related.set_more_like_this([Similar("m.txt", "More")])
        related.set_backlinks([])
        related.set_links([])
        await pilot.pause()
        for pane in (results, outline, related):
            pane.focus()
            await pilot.press("g")
            first = pane.highlighted
            await pilot.press("k", "up")
            assert pane.highlighted == first, pane  # Textual's OptionList would wrap to the last
            await pilot.press("G")
            last = pane.highlighted
            assert last != first
            await pilot.press("j", "down", "j")
            assert pane.highlighted == last, pane
        # The results' last hit, not its first, after j past the end; the related pane's
        # last entry is "More", the disabled "none" lines below it shown.
        assert results.highlighted_hit.doc_id == "doc2.txt"
        assert related.highlighted_doc_id == "m.txt"
        assert lines_of(related)[-1].strip() == "none"


async def test_space_b_and_ctrl_d_ctrl_u_page_a_list_and_never_past_its_ends():
    outline = Outline()
    app = Host(outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.show_document(long_document(80))
        outline.focus()
        await pilot.pause()
        page = outline.scrollable_content_region.height
        half = page // 2
        assert outline.highlighted == 0
        await pilot.press("space")
        assert outline.highlighted == page
        await pilot.press("b")
        assert outline.highlighted == 0
        await pilot.press("ctrl+d")  # half a page, the view moving by as much (vim)
        assert outline.highlighted == half and outline.scroll_y == half
        await pilot.press("ctrl+d")
        assert outline.highlighted == 2 * half and outline.scroll_y == 2 * half
        await pilot.press("ctrl+u")
        assert outline.highlighted == half and outline.scroll_y == half
        await pilot.press("ctrl+u", "ctrl+u")
        assert outline.highlighted == 0 and outline.scroll_y == 0
        await pilot.press(*["ctrl+d"] * 8)
        assert outline.highlighted == 79  # the last section, and it stays
        await pilot.press("ctrl+d", "space", "j")
        assert outline.highlighted == 79
        assert "Section 79" in lines_of(outline)[-1]
        await pilot.press("g", "space", "space", "space", "space")
        assert outline.highlighted == 79
        await pilot.pause()
        jumps = [m.section_id for m in app.posted(Outline.Jump)]
        assert jumps == []  # moving is not choosing


async def test_half_pages_move_through_tall_entries_and_step_over_headers():
    results = ResultsList()
    app = Host(results)
    async with app.run_test(size=(80, 24)) as pilot:
        results.show_result(make_result(9))  # cards of four lines, a rule under each
        results.focus()
        await pilot.pause()
        assert results.scrollable_content_region.height == 22
        await pilot.press("ctrl+d")  # 11 lines down from the first card's: the third card
        assert results.highlighted_hit.doc_id == "doc2.txt"
        assert "Document 2" in lines_of(results)[0]  # the view went down as much
        await pilot.press("ctrl+u")
        assert results.highlighted_hit.doc_id == "doc0.txt"
        await pilot.press("ctrl+u")  # at the top: stays, the count line in view
        assert results.highlighted_hit.doc_id == "doc0.txt"
        assert lines_of(results)[0] == "9 results, 8 ms"

    related = RelatedPane()
    app = Host(related)
    async with app.run_test(size=(80, 24)) as pilot:
        related.show_document(DOCUMENT)
        related.set_more_like_this([Similar(f"m{n}.txt", f"More {n}") for n in range(12)])
        related.set_backlinks([Similar("b.txt", "Back")])
        related.set_links([])
        related.focus()
        await pilot.pause()
        for _ in range(10):
            await pilot.press("ctrl+d")
            assert related.highlighted is not None
            assert not related.options[related.highlighted].disabled  # never on a header
        assert related.highlighted_doc_id == "b.txt"


async def test_half_a_page_before_a_list_has_a_size_does_nothing():
    outline = Outline()
    outline.styles.height = 0
    app = Host(outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.show_document(long_document(10))
        outline.focus()
        await pilot.press("ctrl+d", "ctrl+u", "space", "b")
        await pilot.pause()
        assert outline.highlighted == 0
