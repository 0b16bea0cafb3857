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
