"""A document of 20,000 headings opens in the app, reads, and `q` quits, while it opens too."""

from __future__ import annotations

import pytest

from search.parse.sections import MAX_SECTIONS
from tests.tui.conftest import browser, settle
from tui.widgets.reader import widget as reader_widget

HEADINGS = 20_000


@pytest.fixture
def big_corpus(tmp_path):
    corpus = tmp_path / "big"
    corpus.mkdir()
    # Titled, so that every "## Heading" is a section (a first heading would be the title).
    (corpus / "h.md").write_text("# Many headings\n\n" + "".join(f"## Heading {i}\n\nword{i} text\n\n" for i in range(HEADINGS)))
    return corpus


@pytest.fixture(autouse=True)
def _wrap_in_a_thread(monkeypatch):
    """Take the big-document way (wrapping in a thread) whatever the exact count of blocks."""
    monkeypatch.setattr(reader_widget, "WRAP_IN_WORKER_ABOVE", 1000)


async def test_a_document_of_many_headings_opens_with_its_matches_and_q_quits(make_app, big_corpus):
    app = make_app(paths=[big_corpus])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document("h.md", query="word19999")
        await settle(pilot, lambda: screen.current_document is not None and screen.reader.laid_out)
        reader = screen.reader
        assert len(screen.current_document.sections) <= MAX_SECTIONS
        assert reader.match_position[1] == 1  # the last heading's words, found in a merged section
        await pilot.press("G")
        await settle(pilot)
        assert reader.scroll_y > 0
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)
    assert app.return_code in (None, 0)


async def test_q_quits_while_a_big_document_is_being_opened(make_app, big_corpus):
    app = make_app(paths=[big_corpus])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document("h.md", query="text")
        await pilot.press("escape", "q")  # not waiting for the document: it may still be on its way
        await settle(pilot, lambda: not app.is_running)
    assert app.return_code in (None, 0)
