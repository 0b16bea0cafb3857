"""Every hit of a search can be reached: the results list loads more as the cursor nears its end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.widgets.results import MORE_WITHIN, ResultsList

from .conftest import browser, search, settle

NOTES = 130


@pytest.fixture
def harbour_corpus(tmp_path) -> Path:
    """NOTES notes that all hold "harbour", each once more than the one before (a stable rank)."""
    folder = tmp_path / "harbour"
    folder.mkdir()
    for n in range(NOTES):
        words = " ".join(["harbour"] * (1 + n % 7) + ["tide"] * (1 + n % 5))
        beacon = " A lighthouse stands there." if n % 20 == 0 else ""
        (folder / f"note{n:03d}.md").write_text(f"# Note {n:03d}\n\nThe {words} at dock {n}.{beacon}\n", encoding="utf-8")
    return folder


def count_text(results: ResultsList) -> str:
    return str(results.get_option("count").prompt)


async def test_the_cursor_near_the_end_loads_the_next_hits_in_place(make_app, harbour_corpus):
    app = make_app(paths=[harbour_corpus])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: len(screen.library_items) == NOTES)
        await search(pilot, "harbour")
        results = screen.results
        await settle(pilot, lambda: len(results.hits) == 50)
        assert results.total == NOTES
        assert count_text(results) == f"50 of {NOTES} results"
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)
        # Down to the tenth hit from the end: nothing more is asked for before that.
        for _ in range(50 - MORE_WITHIN - 1):
            await pilot.press("j")
        await settle(pilot)
        assert len(results.hits) == 50
        await pilot.press("j")
        await settle(pilot, lambda: len(results.hits) == 100)
        assert results.highlighted_hit == results.hits[50 - MORE_WITHIN]  # the cursor stayed
        assert count_text(results) == f"100 of {NOTES} results"
        scrolled = results.scroll_y
        assert scrolled > 0
        await settle(pilot)
        assert results.scroll_y == scrolled  # and the view with it
        # The end of the list asks for the rest; every hit is then listed once.
        await pilot.press("G")
        await settle(pilot, lambda: len(results.hits) == NOTES)
        assert len({hit.doc_id for hit in results.hits}) == NOTES
        assert count_text(results) == f"{NOTES} results"
        assert results.highlighted_hit == results.hits[99]
        await pilot.press("G")  # the last hit of all: nothing more to ask for
        await settle(pilot)
        assert results.highlighted_hit == results.hits[-1] and len(results.hits) == NOTES


async def test_a_new_query_drops_the_pages_of_the_one_before(make_app, harbour_corpus):
    app = make_app(paths=[harbour_corpus])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: len(screen.library_items) == NOTES)
        await search(pilot, "harbour")
        results = screen.results
        await settle(pilot, lambda: len(results.hits) == 50)
        await pilot.press("escape", "G")
        await search(pilot, "tide")
        await settle(pilot, lambda: len(results.hits) == 50)
        assert screen.results_query == "tide"
        assert count_text(results) == f"50 of {NOTES} results"
        assert results.highlighted_hit == results.hits[0]


async def test_a_result_of_one_page_asks_for_nothing(make_app, harbour_corpus):
    app = make_app(paths=[harbour_corpus])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: len(screen.library_items) == NOTES)
        asked: list[tuple] = []
        screen.session.search_more = lambda *args, **kwargs: asked.append(args)  # type: ignore[method-assign]
        await search(pilot, "lighthouse")
        await pilot.press("escape", "G")
        await settle(pilot)
        assert len(screen.results.hits) == screen.results.total == 7
        assert count_text(screen.results) == "7 results"
        assert asked == []
