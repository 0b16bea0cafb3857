"""The browser screen: routes messages between the panes.

Panes only post messages about what the user did ("open this hit", "jump to that
section"); this screen decides what follows and calls methods on the other panes.
Everything that touches the index runs in a thread worker and comes back as a
message, so the screen never waits on disk or on Whoosh.

Layout: search box and results (or the library) on the left, the reader in the
middle, outline and related links on the right. Below 110 columns the side panes
collapse: the left pane takes the whole width while there is nothing to read, and
either side pane can be brought back over the reader with a key.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer
from textual.worker import Worker, WorkerState, get_current_worker

from ..collector import CollectorHold
from ..history import History, Visit
from ..sanitize import visible
from ..state import Position
from ..widgets.find_bar import FindBar
from ..widgets.library_list import SORTS, LibraryList
from ..widgets.outline import Outline
from ..widgets.reader import Reader
from ..widgets.related import RelatedPane
from ..widgets.results import ResultsList
from ..widgets.search_box import SearchBox
from ..widgets.status_line import StatusLine
from ..widgets.sync_status import SyncStatus

if TYPE_CHECKING:
    from search import Document, DocumentSummary, Facets, SearchResult, Similar, SyncReport

    from ..app import ReadingRoom

# A change that follows the previous one within SEARCH_BURST seconds (key repeat, a
# paste typed out by the terminal) waits SEARCH_DEBOUNCE for quiet; a key typed by a
# person (100 ms or more apart) searches at once: the timer alone cost 10-15 ms.
SEARCH_BURST = 0.03
SEARCH_DEBOUNCE = 0.03
RESULT_LIMIT = 50
# Hits shown first: what a 40-line terminal holds. Each hit costs its snippet
# (about a millisecond), so the first screenful arrives without waiting for all 50.
FIRST_RESULTS = 10
SHOWN_WAIT = 0.5  # seconds the rest of a result waits for the first hits to be drawn
PROGRESS_INTERVAL = 0.1
WAIT_FOR_OTHER = 24 * 3600.0  # the sync worker waits for another process's sync (quitting cancels)


# -- messages from workers -----------------------------------------------------------


class LibraryListed(Message):
    def __init__(self, items: "list[DocumentSummary]", facets: "Facets") -> None:
        super().__init__()
        self.items = items
        self.facets = facets


class SyncProgressed(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class SyncWaiting(Message):
    """Another readingroom holds the index's lock; this one waits for it."""


class SyncFinished(Message):
    def __init__(self, report: "SyncReport") -> None:
        super().__init__()
        self.report = report


class SearchFinished(Message):
    def __init__(self, result: "SearchResult", *, more: bool = False, shown: threading.Event | None = None) -> None:
        super().__init__()
        self.result = result
        self.more = more  # the rest of a result whose first hits are already shown
        self.shown = shown  # set once the result is on screen (or will not be)


@dataclass
class OpenRequest:
    doc_id: str
    section_id: str | None = None
    query: str = ""
    scroll_y: int | None = None
    match: str | None = None  # "first" / "last": where n/N carried on from
    record: bool = True  # leave a history entry for the page being left


class DocumentLoaded(Message):
    def __init__(self, request: OpenRequest, document: "Document", matches: dict) -> None:
        super().__init__()
        self.request = request
        self.document = document
        self.matches = matches


class RelatedLoaded(Message):
    def __init__(self, doc_id: str, similar: "list[Similar]", backlinks: "list[Similar]") -> None:
        super().__init__()
        self.doc_id = doc_id
        self.similar = similar
        self.backlinks = backlinks


def _let_sync_workers_start() -> None:
    """Start multiprocessing's resource tracker while ``sys.stderr`` is a real file.

    A big sync parses in spawned worker processes, and the first spawn starts the
    resource tracker, handing it ``sys.stderr.fileno()``. Inside a running Textual
    app ``sys.stderr`` is Textual's print capture, whose fileno() is -1: the spawn
    failed ("bad value(s) in fds_to_keep") and a first sync of 400 files or more
    indexed nothing. The tracker is started once per process; later calls return
    at once.
    """
    import os
    import sys

    if os.name != "posix" or sys.__stderr__ is None:
        return
    from multiprocessing import resource_tracker

    captured = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    except (OSError, ValueError):
        pass  # the sync reports what then goes wrong
    finally:
        sys.stderr = captured


class BrowserScreen(Screen):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("s", "focus_search", "Search", id="focus_search"),
        Binding("f2,z", "toggle_left", "Results pane", id="toggle_left"),
        Binding("f3,t", "toggle_right", "Outline pane", id="toggle_right"),
        Binding("backspace,H,left", "back", "Back", id="back"),
        Binding("L,right", "forward", "Forward", id="forward", show=False),
        Binding("slash", "find", "Find", id="find", show=False),
        Binding("n", "next_match", "Next match", id="next_match", show=False),
        Binding("N", "previous_match", "Previous match", id="previous_match", show=False),
        Binding("y", "copy_section", "Copy section", id="copy_section", show=False),
        Binding("Y", "copy_location", "Copy path or URL", id="copy_location", show=False),
        Binding("e", "edit", "Edit in $EDITOR", id="edit", show=False),
        Binding("o", "open_url", "Open URL", id="open_url", show=False),
        Binding("1", "focus_pane('left')", "Focus results", id="focus_left", show=False),
        Binding("2", "focus_pane('reader')", "Focus reader", id="focus_reader", show=False),
        Binding("3", "focus_pane('outline')", "Focus outline", id="focus_outline", show=False),
        Binding("4", "focus_pane('related')", "Focus related", id="focus_related", show=False),
    ]

    def __init__(self, query: str | None = None) -> None:
        # Classes given before mounting cost nothing; added in on_mount, each one
        # restyled the whole screen before the first frame.
        super().__init__(classes="-left-open")
        self.initial_query = query or ""
        self.history = History()
        self.library_items: list[DocumentSummary] = []
        self.current_document: Document | None = None
        self.current_query = ""  # the query whose matches the reader shows
        self.results_query = ""  # the query the results list shows
        self.skipped = ()
        self._search_timer = None
        self._collector = CollectorHold(self.set_timer)
        self._sync_worker: Worker | None = None
        self._last_progress = 0.0
        self._last_change = 0.0  # when the query last changed (time.monotonic)
        self._pending_query: str | None = self.initial_query or None

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = False) -> None:
        """Plain-text toasts (see ``ReadingRoom.notify``)."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout)

    @property
    def rr(self) -> "ReadingRoom":
        return self.app  # type: ignore[return-value]

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The breakpoint classes arrive with the first resize, after the first paint;
        # set them now so that the first frame on a slow link is already the right one.
        wide = self.app.size.width >= 110
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SearchBox(self.initial_query, id="search")
                with ContentSwitcher(initial="library", id="left-switcher"):
                    yield LibraryList(id="library")
                    yield ResultsList(id="results")
                yield SyncStatus(id="sync")
            with Vertical(id="center"):
                yield Reader(id="reader")
                yield FindBar(id="find")
                yield StatusLine(id="status")
            with Vertical(id="right"):
                yield Outline(id="outline")
                yield RelatedPane(id="related")
        yield Footer()

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def library_list(self) -> LibraryList:
        return self.query_one(LibraryList)

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def related(self) -> RelatedPane:
        return self.query_one(RelatedPane)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def on_mount(self) -> None:
        self.search_box.focus()
        if self.initial_query:
            self.query_one("#left-switcher", ContentSwitcher).current = "results"
        self.rr.call_after_frame(self._after_first_frame)

    def on_unmount(self) -> None:
        self._collector.release()

    def _after_first_frame(self) -> None:
        self.rr.trace("paint")
        # Only now: the worker imports the engine and Whoosh (0.2 s of CPU), which
        # would otherwise hold the interpreter while the first frame is drawn.
        self.open_library()

    # -- the library: open, list, sync ----------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def open_library(self) -> None:
        """Open the index, show what it holds, then bring it in step with the files."""
        library = self.rr.ensure_library()
        if not library.is_empty and library.is_current:
            # A query from the command line first: it is what the user asked for.
            self._flush_pending_query(library)
            self._list_library(library)
        self.app.call_from_thread(self._start_sync)

    def _list_library(self, library) -> None:
        items = library.documents(sort="date")
        facets = library.facets("")
        self.post_message(LibraryListed(items, facets))

    def _flush_pending_query(self, library) -> None:
        query = self._pending_query
        if query:
            self._pending_query = None
            self._search_in_steps(library, query)

    def _search_in_steps(self, library, query: str) -> None:
        """The first screenful of hits, then (same worker, unless cancelled) the rest."""
        worker = get_current_worker()
        first = library.search(query, limit=FIRST_RESULTS)
        if worker.is_cancelled:
            return
        shown = threading.Event()
        self.post_message(SearchFinished(first, shown=shown))
        if first.error or first.total <= len(first.hits):
            return
        # The rest waits until the first hits are on screen: searching meanwhile
        # would hold the interpreter while the screen draws them.
        shown.wait(SHOWN_WAIT)
        if worker.is_cancelled:
            return
        rest = library.search(query, limit=RESULT_LIMIT)
        if not worker.is_cancelled:
            # The time shown stays the time the user waited for the first hits.
            self.post_message(SearchFinished(replace(rest, took_ms=first.took_ms), more=True))

    def _start_sync(self) -> None:
        self.query_one(SyncStatus).start()
        self._sync_worker = self.run_sync()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def run_sync(self) -> None:
        library = self.rr.ensure_library()
        cancel = self.rr.sync_cancel

        def progress(done: int, total: int, doc_id: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= PROGRESS_INTERVAL or done == total:
                self._last_progress = now
                self.post_message(SyncProgressed(done, total))

        if library.problem:
            self.app.call_from_thread(self.notify, visible(library.problem), severity="warning", timeout=10)
        _let_sync_workers_start()
        report = library.sync(progress=progress, cancel=cancel)
        if report.message and report.message.startswith("Another readingroom"):
            self.post_message(SyncWaiting())
            report = library.sync(progress=progress, cancel=cancel, wait=WAIT_FOR_OTHER)
        if report.changed or report.rebuilt:
            self._list_library(library)
        self._flush_pending_query(library)
        self.post_message(SyncFinished(report))

    def on_library_listed(self, message: LibraryListed) -> None:
        self.library_items = message.items
        self.library_list.show_documents(message.items, message.facets)
        sort = self.rr.settings.get("library_sort", "date")
        if sort in SORTS and self.library_list.sort != sort:  # a state file may hold anything
            self.library_list.set_sort(sort)
        # The listing is the bulk of what the app holds, and it lives as long as the
        # app: leave it out of the collector's full passes, which otherwise walk it
        # (tens of milliseconds at 10,000 documents) in the middle of a keystroke.
        self.call_after_refresh(gc.freeze)

    def on_sync_waiting(self, message: SyncWaiting) -> None:
        self.query_one(SyncStatus).start("Waiting for another readingroom to finish indexing…")

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        self.query_one(SyncStatus).progress(message.done, message.total)

    def on_sync_finished(self, message: SyncFinished) -> None:
        self.query_one(SyncStatus).finish()
        report = message.report
        self.skipped = report.skipped
        if report.message and report.message != self.rr.library.problem:
            self.notify(visible(report.message), severity="warning")
        if report.changed and self.results_query:
            self.run_search(self.results_query)
        if report.skipped:
            count = len(report.skipped)
            self.notify(
                f"{count} file{'s' if count != 1 else ''} skipped; see “Skipped files” in the command palette (ctrl+p).",
                severity="warning",
            )

    @on(LibraryList.FiltersChanged)
    def _remember_library_sort(self, message: LibraryList.FiltersChanged) -> None:
        self.rr.settings["library_sort"] = message.sort

    # -- searching -----------------------------------------------------------------

    @on(SearchBox.Changed, "#search")
    def _query_changed(self, event: SearchBox.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        value = event.value
        if not value.strip():
            self.results_query = ""
            self.workers.cancel_group(self, "search")
            self.query_one("#left-switcher", ContentSwitcher).current = "library"
            self.results.clear()
            self._collector.release()
            return
        self._collector.hold()
        now = time.monotonic()
        burst = now - self._last_change < SEARCH_BURST
        self._last_change = now
        if burst:
            self._search_timer = self.set_timer(SEARCH_DEBOUNCE, lambda: self.run_search(value))
        else:
            self._search_timer = None
            self.run_search(value)

    @on(SearchBox.Submitted, "#search")
    def _query_submitted(self, event: SearchBox.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if event.value.strip():
            self.run_search(event.value)
        self._focus_list()

    @on(SearchBox.Left)
    def _leave_search_box(self) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        switcher = self.query_one("#left-switcher", ContentSwitcher)
        target = self.results if switcher.current == "results" else self.library_list
        target.focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        library = self.rr.library
        if library is None:  # still opening: the worker that opens it runs this query
            self._pending_query = query
            return
        self._search_in_steps(library, query)

    def on_search_finished(self, message: SearchFinished) -> None:
        result = message.result
        shown = message.shown
        if result.query != self.search_box.value or (message.more and self.results_query != result.query):
            # The user has typed on since (a newer search is coming), or the first
            # hits were never shown: nothing to show or extend.
            if shown is not None:
                shown.set()
            return
        self.results_query = result.query
        self.query_one("#left-switcher", ContentSwitcher).current = "results"
        self.results.show_result(result, show_timing=self.rr.show_timing, keep_cursor=message.more)
        results = self.results
        results.when_drawn(self._results_drawn)
        if shown is not None:
            results.when_drawn(shown.set)

    def _results_drawn(self) -> None:
        self.rr.trace("results")
        self._collector.release()

    @on(ResultsList.SuggestionChosen)
    def _run_suggestion(self, message: ResultsList.SuggestionChosen) -> None:
        self.search_box.value = message.query
        self.run_search(message.query)

    @on(ResultsList.Opened)
    def _open_hit(self, message: ResultsList.Opened) -> None:
        hit = message.hit
        self.open_document(hit.doc_id, section_id=hit.section.id if hit.section else None, query=self.results_query)

    @on(LibraryList.Opened)
    def _open_from_library(self, message: LibraryList.Opened) -> None:
        self.open_document(message.doc_id)

    @on(RelatedPane.Follow)
    def _follow_link(self, message: RelatedPane.Follow) -> None:
        self.open_document(message.doc_id)

    # -- opening documents ---------------------------------------------------------------

    def open_document(
        self,
        doc_id: str,
        *,
        section_id: str | None = None,
        query: str = "",
        scroll_y: int | None = None,
        match: str | None = None,
        record: bool = True,
    ) -> None:
        if scroll_y is None and section_id is None and not query:
            remembered = self.rr.remembered_position(doc_id)
            if remembered is not None:
                section_id, scroll_y = remembered.section_id, remembered.scroll_y
        self.load_document(OpenRequest(doc_id, section_id, query, scroll_y, match, record))

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def load_document(self, request: OpenRequest) -> None:
        library = self.rr.ensure_library()
        document = library.document(request.doc_id)
        matches = library.matches(document.doc_id, request.query) if request.query else {}
        if not get_current_worker().is_cancelled:
            self.post_message(DocumentLoaded(request, document, matches))

    def current_visit(self) -> Visit | None:
        if self.current_document is None:
            return None
        return Visit(self.current_document.doc_id, int(self.reader.scroll_y), self.current_query)

    def _remember_position(self) -> None:
        if self.current_document is None:
            return
        self.rr.remember_position(
            self.current_document.doc_id, Position(self.reader.current_section_id, int(self.reader.scroll_y))
        )

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        request, document = message.request, message.document
        leaving = self.current_visit()
        if leaving is not None and leaving.doc_id != document.doc_id:
            self._remember_position()
            if request.record:
                self.history.leave(leaving)
        self.current_document = document
        self.current_query = request.query
        self.rr.remember_visit(document.doc_id)
        self.reader.show(
            document,
            section_id=request.section_id,
            matches=message.matches or None,
            scroll_y=request.scroll_y,
        )
        counts = {sid: len(spans) for sid, spans in message.matches.items()} if request.query else None
        self.outline.show_document(document, counts)
        self.related.show_document(document)
        status = self.query_one(StatusLine)
        status.clear()
        index, total = self.reader.match_position
        status.set_match(index, total)
        if request.match == "first":
            self.reader.first_match()
        elif request.match == "last":
            self.reader.last_match()
        if self.narrow:
            self.remove_class("-left-open", "-right-open")
        if request.match is None:
            self.reader.focus()
        self.load_related(document.doc_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="related")
    def load_related(self, doc_id: str) -> None:
        library = self.rr.ensure_library()
        similar = library.more_like_this(doc_id)
        backlinks = library.backlinks(doc_id)
        if not get_current_worker().is_cancelled:
            self.post_message(RelatedLoaded(doc_id, similar, backlinks))

    def on_related_loaded(self, message: RelatedLoaded) -> None:
        if self.current_document is None or self.current_document.doc_id != message.doc_id:
            return
        self.related.set_more_like_this(message.similar)
        self.related.set_backlinks(message.backlinks)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            from search import ReadingroomError

            if isinstance(error, ReadingroomError):
                self.notify(visible(str(error)), severity="error")
            else:
                self.notify(f"{type(error).__name__}: {visible(str(error))}", title="Something went wrong", severity="error")
            if event.worker.group == "sync":
                self.query_one(SyncStatus).finish()

    # -- reader, outline, find -------------------------------------------------------------

    @on(Reader.SectionChanged)
    def _section_changed(self, message: Reader.SectionChanged) -> None:
        self.outline.highlight_section(message.section_id)
        self._remember_position()  # so that a quit by any means keeps the place
        section = self.current_document.section(message.section_id) if self.current_document else None
        self.query_one(StatusLine).set_section(section.title if section and section.title else "")

    @on(Reader.MatchMoved)
    def _match_moved(self, message: Reader.MatchMoved) -> None:
        self.query_one(StatusLine).set_match(message.index, message.total)

    @on(Outline.Jump)
    def _outline_jump(self, message: Outline.Jump) -> None:
        self.jump_to_section(message.section_id)

    def jump_to_section(self, section_id: str) -> None:
        self.reader.scroll_to_section(section_id)
        if self.narrow:
            self.remove_class("-right-open")
            self.reader.focus()

    @on(Reader.PastLastMatch)
    def _past_last_match(self) -> None:
        self._carry_on(+1)

    @on(Reader.PastFirstMatch)
    def _past_first_match(self) -> None:
        self._carry_on(-1)

    def _carry_on(self, step: int) -> None:
        """n past the last match opens the next result (N: the previous), in rank order."""
        document = self.current_document
        if document is None or self.reader.find_text or not self.current_query:
            self.notify("No more matches" if step > 0 else "No earlier matches", timeout=2)
            return
        if self.current_query != self.results_query:
            self.notify("No more matches in this document", timeout=2)
            return
        index = self.results.index_of(document.doc_id)
        hits = self.results.hits
        target = (index + step) if index is not None else (0 if step > 0 else None)
        if target is None or not 0 <= target < len(hits):
            self.notify("Last match of the last result" if step > 0 else "First match of the first result", timeout=2)
            return
        hit = hits[target]
        self.results.select_hit(target)
        self.notify(f"{'Next' if step > 0 else 'Previous'} document: {visible(hit.title)}", timeout=2)
        self.open_document(hit.doc_id, query=self.current_query, match="first" if step > 0 else "last")

    @on(Reader.FindRequested)
    def _find_requested(self) -> None:
        self.action_find()

    def action_find(self) -> None:
        if self.current_document is None:
            self.notify("Open a document first", timeout=2)
            return
        find = self.query_one(FindBar)
        find.add_class("-active")
        find.focus()

    @on(FindBar.Changed)
    def _find_changed(self, message: FindBar.Changed) -> None:
        # An empty find ends the find and brings the query's highlights back.
        self.reader.find(message.text)

    @on(FindBar.Submitted)
    def _find_submitted(self) -> None:
        self.reader.focus()

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.query_one(FindBar).remove_class("-active")
        self.reader.focus()

    def action_next_match(self) -> None:
        if self.current_document is not None:
            self.reader.next_match()

    def action_previous_match(self) -> None:
        if self.current_document is not None:
            self.reader.previous_match()

    # -- history ----------------------------------------------------------------------

    def action_back(self) -> None:
        visit = self.history.back(self.current_visit())
        if visit is None:
            self.notify("Nothing to go back to", timeout=2)
            return
        self._remember_position()
        self.load_document(OpenRequest(visit.doc_id, None, visit.query, visit.scroll_y, None, record=False))

    def action_forward(self) -> None:
        visit = self.history.forward(self.current_visit())
        if visit is None:
            self.notify("Nothing to go forward to", timeout=2)
            return
        self._remember_position()
        self.load_document(OpenRequest(visit.doc_id, None, visit.query, visit.scroll_y, None, record=False))

    # -- panes and focus ----------------------------------------------------------------

    def _focus_inside(self, container_id: str) -> bool:
        focused = self.focused
        return focused is not None and any(node.id == container_id for node in focused.ancestors_with_self)

    def _show_left(self) -> None:
        if self.narrow:
            self.remove_class("-right-open")
            self.add_class("-left-open")
        else:
            self.remove_class("-left-hidden")

    def _show_right(self) -> None:
        if self.narrow:
            self.remove_class("-left-open")
            self.add_class("-right-open")
        else:
            self.remove_class("-right-hidden")

    def action_toggle_left(self) -> None:
        hidden = (not self.has_class("-left-open")) if self.narrow else self.has_class("-left-hidden")
        if hidden:
            self._show_left()
            self._focus_list()
        else:
            if self.narrow:
                self.remove_class("-left-open")
            else:
                self.add_class("-left-hidden")
            if self._focus_inside("left") or self.focused is None:
                self.reader.focus()

    def action_toggle_right(self) -> None:
        hidden = (not self.has_class("-right-open")) if self.narrow else self.has_class("-right-hidden")
        if hidden:
            self._show_right()
            self.outline.focus()
        else:
            if self.narrow:
                self.remove_class("-right-open")
            else:
                self.add_class("-right-hidden")
            if self._focus_inside("right") or self.focused is None:
                self.reader.focus()

    def action_focus_search(self) -> None:
        self._show_left()
        self.search_box.focus()

    def action_focus_pane(self, pane: str) -> None:
        if pane == "left":
            self._show_left()
            self._focus_list()
        elif pane == "reader":
            if self.narrow:
                self.remove_class("-left-open", "-right-open")
            self.reader.focus()
        elif pane in ("outline", "related"):
            self._show_right()
            (self.outline if pane == "outline" else self.related).focus()

    # -- copy, edit, open ---------------------------------------------------------------

    def action_copy_section(self) -> None:
        if self.current_document is None:
            self.notify("Open a document first", timeout=2)
            return
        text = self.reader.section_text()
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the section ({len(text):,} characters)", timeout=2)

    def action_copy_location(self) -> None:
        document = self.current_document
        if document is None:
            self.notify("Open a document first", timeout=2)
            return
        location = document.url or document.path
        if not location:
            self.notify("This summary has no file or URL", timeout=2)
            return
        self.app.copy_to_clipboard(location)
        self.notify(f"Copied {visible(location)}", timeout=2)

    def action_show_skipped(self) -> None:
        from .skipped import SkippedScreen

        self.app.push_screen(SkippedScreen(self.skipped))

    def action_edit(self) -> None:
        self.rr.edit_document(self.current_document)

    def action_open_url(self) -> None:
        self.rr.open_document_url(self.current_document)
