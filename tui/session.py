"""Every engine call the browser makes, made off the app's thread, answered by messages.

The browser screen starts a thread worker and calls one method here; the method
talks to the ``Library`` and posts what it found (``tui.messages``), which the screen
then routes to its panes. So the screen never waits on disk or on Whoosh, and this
is the one module to read to know what the app asks of the engine and how often:

- opening the library: the query given on the command line first (it is what the
  user asked for), then the listing; then the sync, which lists again if anything
  changed;
- a search is one search (``Library.search_in_steps``, as typed when the reader
  turned a spelling correction down): the first screenful of hits is posted at
  once, the rest only once those are on screen; when the cursor nears the end of
  what is listed, the next page is the same search again, leaving out what is
  listed (``Library.search(..., exclude=...)``);
- opening a document is one trip (``Library.read``, then ``Library.related`` of the
  same ``Document``): the document is posted as soon as it is read, its related
  documents (and its own links, resolved) follow once it is shown;
- following a link the reader selected is one ``Library.resolve_link``.

Every method is called from a thread worker; a worker that a newer one cancelled
posts nothing more.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from textual.worker import NoActiveWorker, get_current_worker

from .host.spawn import let_sync_workers_start
from .widgets.reader.prepared import prepare
from .messages import (
    DocumentLoaded,
    DocumentReloaded,
    IndexSetAside,
    LibraryListed,
    LibraryOpened,
    LinkResolved,
    MoreHitsLoaded,
    OpenRequest,
    RelatedLoaded,
    SearchFinished,
    SyncCommitted,
    SyncFinished,
    SyncPhase,
    SyncProgressed,
    SyncWaiting,
)

if TYPE_CHECKING:
    from textual.message import Message

    from search import Library, SectionMatch

RESULT_LIMIT = 50
MORE_RESULTS = 50  # hits asked for each time the cursor nears the end of those listed
# Hits shown first: what a 40-line terminal holds. Each hit costs its snippet
# (about a millisecond), so the first screenful arrives without waiting for all 50.
FIRST_RESULTS = 10
SHOWN_WAIT = 0.5  # seconds the rest of a result (or the related pane) waits for the screen
PROGRESS_INTERVAL = 0.1
WAIT_FOR_OTHER = 24 * 3600.0  # the sync waits for another process's sync (quitting cancels)


class LibraryHost(Protocol):
    """What the session needs of the app: the one Library, and the event that stops a sync."""

    @property
    def library(self) -> Library | None: ...

    @property
    def sync_cancel(self) -> threading.Event: ...

    def ensure_library(self) -> Library: ...


def _cancelled() -> bool:
    """Whether the worker running this call was cancelled (a newer one replaced it)."""
    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:  # called outside a worker: nothing can cancel it
        return False


class Session:
    """The browser's conversation with the engine: one instance per browser screen.

    ``post`` is the screen's ``post_message`` (safe from any thread). ``query`` is a
    search asked for before the library is open (the command line's ``-q``): it runs
    as soon as the index can answer it.
    """

    def __init__(self, host: LibraryHost, post: Callable[[Message], object], *, query: str = "") -> None:
        self._host = host
        self._post = post
        self._pending_query: str | None = query or None
        self._pending_as_typed = False
        self._last_progress = 0.0

    # -- the library: open, list, sync ----------------------------------------------

    def open_library(self) -> None:
        """Open the index, show what it holds, then ask for a sync (``LibraryOpened``)."""
        from search import IndexRebuilding

        library = self._host.ensure_library()
        try:
            if not library.is_empty and library.is_current:
                self._run_pending_query(library)
                self._list(library)
        except IndexRebuilding as error:  # set aside: the sync that opening asks for rebuilds it
            self._post(LibraryOpened(str(error)))
            return
        self._post(LibraryOpened(library.problem))

    def sync(self) -> None:
        """Bring the index in step with the files, reporting progress as it goes."""
        library = self._host.ensure_library()
        cancel = self._host.sync_cancel

        def progress(done: int, total: int, doc_id: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= PROGRESS_INTERVAL or done == total:
                self._last_progress = now
                self._post(SyncProgressed(done, total))

        def committed(done: int, total: int) -> None:
            self._post(SyncCommitted(done, total))

        def phase(text: str) -> None:
            self._post(SyncPhase(text))

        let_sync_workers_start()
        shown = library.problem
        report = library.sync(progress=progress, cancel=cancel, committed=committed, phase=phase)
        if report.message and report.message.startswith("Another readingroom"):
            self._post(SyncWaiting())
            report = library.sync(progress=progress, cancel=cancel, wait=WAIT_FOR_OTHER, committed=committed, phase=phase)
        from search import IndexRebuilding

        try:
            if report.changed or report.rebuilt:
                self._list(library)
            self._run_pending_query(library)
        except IndexRebuilding as error:
            # Set aside again since (found by another call): the screen syncs once more after this one.
            self._post(IndexSetAside(str(error)))
        found = library.problem if library.problem != shown else None
        self._post(SyncFinished(report, shown, found))

    def _list(self, library: Library) -> None:
        self._post(LibraryListed(library.documents(sort="date"), library.facets("")))

    # -- searching ------------------------------------------------------------------

    def search(self, query: str, *, as_typed: bool = False) -> None:
        """Search, or (while the index is still opening) keep the query for when it is open.

        ``as_typed``: run the words as typed even when a spelling correction would
        find more (the reader turned the correction down).
        """
        from search import IndexRebuilding

        library = self._host.library
        if library is None:  # still opening: the worker that opens it runs this query
            self._pending_query, self._pending_as_typed = query, as_typed
            return
        try:
            self._search_in_steps(library, query, as_typed=as_typed)
        except IndexRebuilding as error:
            # Answered once the sync the screen starts has rebuilt the index.
            self._pending_query, self._pending_as_typed = query, as_typed
            self._post(IndexSetAside(str(error)))

    def _run_pending_query(self, library: Library) -> None:
        from search import IndexRebuilding

        query, as_typed = self._pending_query, self._pending_as_typed
        if query:
            self._pending_query = None
            try:
                self._search_in_steps(library, query, as_typed=as_typed)
            except IndexRebuilding:
                self._pending_query = query  # answered after the rebuild
                raise

    def _search_in_steps(self, library: Library, query: str, *, as_typed: bool = False) -> None:
        """The first screenful of hits, then (same search, unless cancelled) the rest."""
        steps = library.search_in_steps(query, first=FIRST_RESULTS, limit=RESULT_LIMIT, as_typed=as_typed)
        try:
            first = next(steps)
            if _cancelled():
                return
            shown = threading.Event()
            self._post(SearchFinished(first, shown=shown, as_typed=as_typed))
            if first.error or first.total <= len(first.hits):
                return
            # The rest waits until the first hits are on screen: searching meanwhile
            # would hold the interpreter while the screen draws them.
            shown.wait(SHOWN_WAIT)
            if _cancelled():
                return
            rest = next(steps, None)
            if rest is not None and not _cancelled():
                # The time shown stays the time the user waited for the first hits.
                self._post(SearchFinished(replace(rest, took_ms=first.took_ms), more=True, as_typed=as_typed))
        finally:
            steps.close()

    def search_more(self, query: str, listed: Sequence[str], *, as_typed: bool = False) -> None:
        """The next hits of ``query`` after the ``listed`` doc ids (``MoreHitsLoaded``).

        The same search again, leaving out what is listed (``Library.search``'s
        ``exclude``): each page costs the snippets of its own hits only.
        """
        from search import IndexRebuilding

        library = self._host.library
        if library is None:
            return
        try:
            result = library.search(query, limit=MORE_RESULTS, as_typed=as_typed, exclude=frozenset(listed))
        except IndexRebuilding as error:
            self._post(IndexSetAside(str(error)))
            return
        if not _cancelled():
            self._post(MoreHitsLoaded(result, len(listed), as_typed=as_typed))

    def find_sections(self, text: str, limit: int) -> list[SectionMatch]:
        """Sections anywhere in the library whose titles hold the words (for the palette)."""
        from search import IndexRebuilding

        library = self._host.library
        if library is None:
            return []
        try:
            return library.find_sections(text, limit)
        except IndexRebuilding as error:
            self._post(IndexSetAside(str(error)))
            return []

    # -- opening documents --------------------------------------------------------------

    def reload_document(self, doc_id: str) -> None:
        """The open document as the store holds it after a sync (None: its file is gone)."""
        from search import DocumentNotFound, IndexRebuilding

        library = self._host.ensure_library()
        try:
            document = library.document(doc_id)
        except DocumentNotFound:
            document = None
        except IndexRebuilding as error:
            self._post(IndexSetAside(str(error)))
            return
        self._post(DocumentReloaded(doc_id, document))

    def open_document(self, request: OpenRequest) -> None:
        """One trip: the document and the query's matches in it, then its related documents."""
        from search import IndexRebuilding

        library = self._host.ensure_library()
        try:
            reading = library.read(request.doc_id, request.query)
        except IndexRebuilding as error:
            self._post(IndexSetAside(str(error)))
            return
        if _cancelled():
            return
        # Blocks, layout and matches are built here, not on the screen's thread:
        # for a document of a million lines that is seconds the keys stay live.
        prepared = prepare(reading.document, request.column, reading.matches or None, _cancelled)
        if prepared is None or _cancelled():
            return
        loaded = DocumentLoaded(request, reading.document, reading.matches, prepared)
        self._post(loaded)
        # Finding related documents costs a search; it waits until the document is
        # on its way to the screen, as it did when it was a worker of its own.
        loaded.shown.wait(SHOWN_WAIT)
        if _cancelled():
            return
        try:
            related = library.related(reading.document)
        except IndexRebuilding as error:
            self._post(IndexSetAside(str(error)))
            return
        if not _cancelled():
            doc_id = reading.document.doc_id
            self._post(RelatedLoaded(doc_id, related.similar, related.backlinks, list(related.links)))

    # -- links ----------------------------------------------------------------------------

    def follow_link(self, doc_id: str, target: str) -> None:
        """Where the link ``target`` (as written in ``doc_id``) leads (``LinkResolved``)."""
        from search import IndexRebuilding

        library = self._host.ensure_library()
        try:
            resolved = library.resolve_link(doc_id, target)
        except IndexRebuilding as error:
            self._post(IndexSetAside(str(error)))
            return
        if not _cancelled():
            self._post(LinkResolved(doc_id, target, resolved))
