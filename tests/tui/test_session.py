"""The session: what the browser asks of the engine, how often, and what it posts back.

On a real index, outside the app: the session's messages are data, so a list can
stand in for the screen. ``Recording`` notes every call the session makes to the
Library, which is how "one search per query" and "one trip per open" are held; the
last test checks the same in the running app.
"""

from __future__ import annotations

import threading

import pytest

from search import Library
from tests.conftest import SEED_ID
from tui.messages import (
    DocumentLoaded,
    LibraryListed,
    LibraryOpened,
    LinkResolved,
    OpenRequest,
    RelatedLoaded,
    SearchFinished,
)
from tui.session import FIRST_RESULTS, Session

from .conftest import browser, search, settle

HARBOURS = 15  # more than the first screenful of hits


class Recording:
    """A Library that notes each call of its methods: ``calls`` by name, ``asked`` with the first argument."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self.calls: list[str] = []
        self.asked: list[tuple[str, object]] = []

    def __getattr__(self, name: str):
        value = getattr(self._library, name)
        if not callable(value):
            return value

        def call(*args, **kwargs):
            self.calls.append(name)
            self.asked.append((name, args[0] if args else None))
            return value(*args, **kwargs)

        return call


class Host:
    """The app, as far as the session knows it: the Library (opened on first use)."""

    def __init__(self, open_library) -> None:
        self._open = open_library
        self.library = None
        self.sync_cancel = threading.Event()

    def ensure_library(self):
        if self.library is None:
            self.library = self._open()
        return self.library


class Screen:
    """Stands in for the browser: keeps what is posted, and shows it at once."""

    def __init__(self) -> None:
        self.posted: list[object] = []

    def post(self, message) -> bool:
        self.posted.append(message)
        shown = getattr(message, "shown", None)
        if shown is not None:
            shown.set()
        return True

    def kinds(self) -> list[str]:
        return [type(message).__name__ for message in self.posted]


@pytest.fixture
def harbours(tmp_path):
    corpus = tmp_path / "harbours"
    corpus.mkdir()
    for number in range(HARBOURS):
        (corpus / f"harbour-{number:02}.md").write_text(
            f"# Harbour {number}\n\nThe harbour number {number} opens at dawn.\n", encoding="utf-8"
        )
    library = Library([corpus], index_dir=tmp_path / "harbours-index")
    library.sync()
    yield Recording(library)
    library.close()


def test_a_query_is_one_search_its_first_hits_then_the_rest(harbours):
    screen = Screen()
    host = Host(lambda: harbours)
    host.ensure_library()
    Session(host, screen.post).search("harbour")
    assert harbours.calls == ["search_in_steps"], "one search per query"
    first, rest = screen.posted
    assert isinstance(first, SearchFinished) and not first.more
    assert len(first.result.hits) == FIRST_RESULTS and first.result.total == HARBOURS
    assert isinstance(rest, SearchFinished) and rest.more
    assert len(rest.result.hits) == HARBOURS
    ids = [hit.doc_id for hit in rest.result.hits]
    assert ids[:FIRST_RESULTS] == [hit.doc_id for hit in first.result.hits], "the first hits stay where they were"
    assert rest.result.took_ms == first.result.took_ms, "the time shown is the wait for the first hits"


def test_a_query_asked_before_the_index_is_open_runs_first_once_it_is(harbours):
    screen = Screen()
    host = Host(lambda: harbours)
    session = Session(host, screen.post, query="harbour 3")
    session.search("harbour")  # typed while the index was opening: replaces the command line's
    assert screen.posted == [] and harbours.calls == []
    session.open_library()
    assert screen.kinds() == ["SearchFinished", "SearchFinished", "LibraryListed", "LibraryOpened"]
    assert screen.posted[0].result.query == "harbour"
    assert isinstance(screen.posted[2], LibraryListed) and len(screen.posted[2].items) == HARBOURS
    assert isinstance(screen.posted[3], LibraryOpened) and screen.posted[3].problem is None


def test_a_misspelled_query_is_corrected_unless_asked_as_typed(harbours):
    screen = Screen()
    host = Host(lambda: harbours)
    host.ensure_library()
    session = Session(host, screen.post)
    session.search("harbuor")
    corrected, rest = screen.posted
    assert corrected.result.searched == "harbour" and corrected.result.hits
    assert not corrected.as_typed and rest.more and not rest.as_typed
    screen.posted.clear()
    session.search("harbuor", as_typed=True)
    assert harbours.calls == ["search_in_steps", "search_in_steps"], "one search per query"
    [typed] = screen.posted
    assert typed.as_typed and typed.result.searched is None
    assert typed.result.hits == () and typed.result.suggestion == "harbour"


def test_a_query_as_typed_asked_before_the_index_is_open_stays_as_typed(harbours):
    screen = Screen()
    host = Host(lambda: harbours)
    session = Session(host, screen.post)
    session.search("harbuor", as_typed=True)
    session.open_library()
    first = screen.posted[0]
    assert isinstance(first, SearchFinished) and first.as_typed and first.result.hits == ()


def test_opening_a_document_is_one_trip_the_document_then_its_related_documents(seed_library):
    library = Recording(seed_library)
    screen = Screen()
    Session(Host(lambda: library), screen.post).open_document(OpenRequest(SEED_ID, query="party congress"))
    assert library.calls == ["read", "related"], "the document read once, its related found from it"
    loaded, related = screen.posted
    assert isinstance(loaded, DocumentLoaded) and isinstance(related, RelatedLoaded)
    assert loaded.document.doc_id == SEED_ID and loaded.request.query == "party congress"
    assert sum(len(spans) for spans in loaded.matches.values()) >= 2
    assert related.doc_id == SEED_ID
    # A summary the seed links to: its related documents say who links to it.
    summary = loaded.document.related[0].target
    screen.posted.clear()
    Session(Host(lambda: library), screen.post).open_document(OpenRequest(summary))
    loaded, related = screen.posted
    assert loaded.document.kind == "summary" and loaded.matches == {}
    assert [item.doc_id for item in related.backlinks] == [SEED_ID]


def test_a_documents_own_links_come_with_its_related_documents_and_a_link_is_one_call(tmp_path):
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "note.md").write_text("# Note\n\nSee [the other](other.md#second) and [site](https://example.org).\n")
    (corpus / "other.md").write_text("# Other\n\nFirst.\n\n## Second\n\nText.\n")
    opened = Library([str(corpus)], index_dir=str(tmp_path / "index"))
    opened.sync()
    library = Recording(opened)
    screen = Screen()
    session = Session(Host(lambda: library), screen.post)
    session.open_document(OpenRequest("note.md"))
    loaded, related = screen.posted
    assert [(link.text, link.target, link.resolved.kind) for link in related.links] == [
        ("the other", "other.md#second", "document"),
        ("site", "https://example.org", "external"),
    ]
    library.calls.clear()
    screen.posted.clear()
    session.follow_link("note.md", "other.md#second")
    assert library.calls == ["resolve_link"]
    [resolved] = screen.posted
    assert isinstance(resolved, LinkResolved)
    assert (resolved.doc_id, resolved.target) == ("note.md", "other.md#second")
    assert (resolved.resolved.kind, resolved.resolved.doc_id, resolved.resolved.section_id) == ("document", "other.md", "second")
    opened.close()


async def test_the_app_searches_once_per_query_and_opens_in_one_trip(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items and screen.sync_worker and screen.sync_worker.is_finished)
        library = app.library = Recording(app.library)
        await search(pilot, "pyongyang")  # typed: each letter searched at most once
        queries = [query for name, query in library.asked]
        assert set(library.calls) == {"search_in_steps"} and len(queries) == len(set(queries))
        assert queries[-1] == "pyongyang"
        library.calls.clear()
        library.asked.clear()
        screen.search_box.value = "party congress"  # pasted: one query, one search
        await settle(pilot, lambda: screen.results_query == "party congress")
        assert library.asked == [("search_in_steps", "party congress")]
        library.calls.clear()
        await pilot.press("escape", "enter")
        await settle(pilot, lambda: screen.current_document is not None)
        assert library.calls == ["read", "related"]
