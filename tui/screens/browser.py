"""The browser screen: routes messages between the panes.

Panes only post messages about what the user did ("open this hit", "jump to that
section"); this screen decides what follows and calls methods on the other panes.
Everything that touches the index is a call to the session (``tui.session``) in a
thread worker, and comes back as a message (``tui.messages``), so the screen never
waits on disk or on Whoosh, and never calls the engine itself.

Links written in a document are followed from the reader (Tab selects one, Enter
follows it) and from the related pane's "Links": the engine says where each leads
(``Library.resolve_link``, in a worker); a document opens at the section the link
names, with a history entry so that Backspace comes back to the same line; a URL
goes to the browser the way ``o`` sends a document's (``Room.open_url``); a link to
nothing says so.

Layout: search box and results (or the library) on the left, the reader in the
middle, outline and related links on the right. Below 110 columns the side panes
collapse: the left pane takes the whole width while there is nothing to read, and
either side pane can be brought back over the reader with a key.

The screen reaches the app through ``self.app`` (what it uses of it is ``Room``),
and never imports the app's module: the app imports this one.
"""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input
from textual.worker import Worker, WorkerState

from ..history import History, Visit
from ..host.collector import CollectorHold
from ..host.watch import FolderWatcher
from ..messages import (
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
from ..sanitize import visible
from ..session import LibraryHost, Session
from ..state import Bookmark, Position, UserState
from ..widgets.find_bar import FindBar
from ..widgets.library_list import SORTS, LibraryList
from ..widgets.outline import Outline
from ..widgets.reader import Reader
from ..widgets.related import RelatedPane
from ..widgets.results import ResultsList
from ..widgets.search_box import SearchBox
from ..widgets.status_line import StatusLine
from ..widgets.sync_status import SyncStatus
from .palette import BrowserCommands, DocumentCommands, SectionCommands

if TYPE_CHECKING:
    from search import Document, DocumentSummary, SectionMatch
    from search.model import LinkTarget

# A change that follows the previous one within SEARCH_BURST seconds (key repeat, a
# paste typed out by the terminal) waits SEARCH_DEBOUNCE for quiet; a key typed by a
# person (100 ms or more apart) searches at once: the timer alone cost 10-15 ms.
SEARCH_BURST = 0.03
SEARCH_DEBOUNCE = 0.03
QUIT_WAIT = 10.0  # seconds quitting waits for a sync to commit; one that will not stop must not trap the user


class Room(LibraryHost, Protocol):
    """What the browser uses of the app (``tui.app.ReadingRoom``), besides the Library."""

    show_timing: bool
    user_state: UserState  # the queries searched, the visits and the bookmarks live here
    corpus: str  # the key of this library's part of the state ("" until the library is open)

    @property
    def settings(self) -> dict: ...

    def call_after_frame(self, callback: Callable[[], object]) -> None: ...

    def trace(self, event: str) -> None: ...

    def remembered_position(self, doc_id: str) -> Position | None: ...

    def remember_position(self, doc_id: str, position: Position) -> None: ...

    def remember_visit(self, doc_id: str) -> None: ...

    def edit_document(self, document: Document | None, section_id: str | None = None) -> None: ...

    def open_document_url(self, document: Document | None) -> None: ...

    def open_url(self, url: str) -> None: ...


# Actions of the priority bindings: not run while a text box has the focus.
_FOCUS_KEYS_ACTIONS = frozenset({"focus_search", "find", "focus_pane"})


class BrowserScreen(Screen):
    COMMANDS = {DocumentCommands, SectionCommands, BrowserCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        # Live only while the results are of a spelling correction; first, so that
        # the footer has room for it at 80 columns.
        Binding("u", "search_as_typed", "Search as typed", id="search_as_typed"),
        # s, / and the digits move the focus: priority bindings (see `check_action`).
        Binding("s", "focus_search", "Search", id="focus_search", priority=True),
        Binding("f2,z", "toggle_left", "Results pane", id="toggle_left"),
        Binding("f3,t", "toggle_right", "Outline pane", id="toggle_right"),
        Binding("backspace,H,left", "back", "Back", id="back"),
        Binding("L,right", "forward", "Forward", id="forward", show=False),
        Binding("slash", "find", "Find", id="find", priority=True),
        Binding("n", "next_match", "Next match", id="next_match", show=False),
        Binding("N", "previous_match", "Previous match", id="previous_match", show=False),
        Binding("y", "copy_section", "Copy section (or the selected link)", id="copy_section", show=False),
        Binding("Y", "copy_location", "Copy path or URL", id="copy_location", show=False),
        Binding("e", "edit", "Edit in $EDITOR", id="edit", show=False),
        Binding("o", "open_url", "Open URL (or follow the selected link)", id="open_url", show=False),
        Binding("1", "focus_pane('left')", "Focus results", id="focus_left", show=False, priority=True),
        Binding("2", "focus_pane('reader')", "Focus reader", id="focus_reader", show=False, priority=True),
        Binding("3", "focus_pane('outline')", "Focus outline", id="focus_outline", show=False, priority=True),
        Binding("4", "focus_pane('related')", "Focus related", id="focus_related", show=False, priority=True),
        Binding("m", "bookmark", "Bookmark this section", id="bookmark", show=False),
        Binding("apostrophe,B", "show_bookmarks", "Bookmarks", id="show_bookmarks", show=False),
    ]

    def __init__(self, query: str | None = None, *, resume: bool = False) -> None:
        # Classes given before mounting cost nothing; added in on_mount, each one
        # restyled the whole screen before the first frame.
        super().__init__(classes="-left-open")
        self.initial_query = query or ""
        self._resume = resume  # open the document read last, where it was left, once the library is listed
        self._listed = False  # a listing has arrived (till then no bookmark can be called missing)
        self.history = History()
        self.library_items: list[DocumentSummary] = []
        self.current_document: Document | None = None
        self.current_query = ""  # the query whose matches the reader shows
        self.results_query = ""  # the query the results list shows
        self.results_as_typed = False  # ... and it was run as typed (the reader turned a correction down)
        self._search_as_typed = False  # the search asked for last runs the words as typed
        self.skipped = ()
        self._search_timer = None
        self._search_worker: Worker | None = None  # the latest search's
        self._rest_pending = False  # the first hits of a search are shown and the rest is on its way
        self._collector = CollectorHold(self.set_timer)
        self._sync_worker: Worker | None = None
        self._focus_at_open = None  # what had the focus when the latest open was asked for
        self._syncing = False  # from starting a sync until its SyncFinished arrives
        self._watcher: FolderWatcher | None = None  # started after the first sync
        self._sync_again = False  # the index was set aside during a sync: sync once more after it
        self._shown_note: str | None = None  # the last note about the index shown (each is shown once)
        self._last_change = 0.0  # when the query last changed (time.monotonic)
        self._titles: tuple[object, dict[str, str]] = (None, {})  # (the listing, doc_id -> title) for "Links"
        self.session: Session  # made on mount, on the app's thread (workers share it)

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = False) -> None:
        """Plain-text toasts (see ``ReadingRoom.notify``)."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout)

    @property
    def rr(self) -> Room:
        return cast(Room, self.app)

    @property
    def sync_worker(self) -> Worker | None:
        """The worker of the last sync started (None before the first one)."""
        return self._sync_worker

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
        self.session = Session(self.rr, self.post_message, query=self.initial_query)
        self.search_box.set_history(self.rr.user_state.queries)
        self.search_box.focus()
        if self.initial_query:
            self.query_one("#left-switcher", ContentSwitcher).current = "results"
        self.rr.call_after_frame(self._after_first_frame)

    def on_unmount(self) -> None:
        self._collector.release()
        if self._watcher is not None:
            self._watcher.stop()

    def _after_first_frame(self) -> None:
        self.rr.trace("paint")
        # Only now: the worker imports the engine and Whoosh (0.2 s of CPU), which
        # would otherwise hold the interpreter while the first frame is drawn.
        self.open_library()

    # -- the library: open, list, sync ----------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def open_library(self) -> None:
        """Open the index, show what it holds, then bring it in step with the files."""
        self.session.open_library()

    def on_library_opened(self, message: LibraryOpened) -> None:
        if message.problem and message.problem != self._shown_note:
            self._shown_note = message.problem
            self.notify(visible(message.problem), severity="warning", timeout=10)
        self._start_sync()

    def _start_sync(self) -> None:
        """Sync now, or once more after the sync that is running (one sync at a time)."""
        if self._syncing:
            self._sync_again = True
            return
        self._syncing = True
        self.query_one(SyncStatus).start()
        self._sync_worker = self.run_sync()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def run_sync(self) -> None:
        self.session.sync()

    def on_library_listed(self, message: LibraryListed) -> None:
        self.library_items = message.items
        self._listed = True
        self.library_list.set_recent(self._recent_documents())
        self.library_list.show_documents(message.items, message.facets)
        sort = self.rr.settings.get("library_sort", "date")
        if sort in SORTS and self.library_list.sort != sort:  # a state file may hold anything
            self.library_list.set_sort(sort)
        # The listing is the bulk of what the app holds, and it lives as long as the
        # app: leave it out of the collector's full passes, which otherwise walk it
        # (tens of milliseconds at 10,000 documents) in the middle of a keystroke.
        self.call_after_refresh(gc.freeze)
        if self._resume:
            self._resume = False
            self._resume_reading()

    def _recent_documents(self) -> list[str]:
        """The documents read in this library, the latest first (the app's visits)."""
        return self.rr.user_state.recent_visits(self.rr.corpus) if self.rr.corpus else []

    def _resume_reading(self) -> None:
        """``--resume``: the document read last, at the line it was left on."""
        recent = self._recent_documents()
        if not recent:
            self.notify("Nothing has been read in this library yet", timeout=3)
            return
        doc_id = recent[0]
        if doc_id not in self._title_map():
            self.notify("The document read last is no longer in the library", severity="warning", timeout=4)
            return
        self.open_document(doc_id)  # no section or query: where it was left

    def on_sync_waiting(self, message: SyncWaiting) -> None:
        self.query_one(SyncStatus).start("Waiting for another readingroom to finish indexing…")

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        self.query_one(SyncStatus).progress(message.done, message.total)

    def on_sync_committed(self, message: SyncCommitted) -> None:
        """Part of a long sync is committed: the query on screen is answered from it now."""
        self.query_one(SyncStatus).committed(message.done, message.total)
        # Not under a reader who is moving through the results: the list would start over.
        if self.results_query and self.focused is not self.results:
            self.start_search(self.results_query, as_typed=self.results_as_typed)

    def on_sync_phase(self, message: SyncPhase) -> None:
        self.query_one(SyncStatus).phase(message.text)

    def on_sync_finished(self, message: SyncFinished) -> None:
        self.query_one(SyncStatus).finish()
        report = message.report
        self.skipped = report.skipped
        if message.found and message.found != self._shown_note:
            self._shown_note = message.found
            self.notify(visible(message.found), severity="warning", timeout=10)
        self._syncing = False
        if self._sync_again:
            self._sync_again = False
            self._start_sync()
        self._watch_files()
        document = self.current_document
        if document is not None and report.changed and (report.touched is None or document.doc_id in report.touched):
            self.reload_open_document(document.doc_id)
        if report.message and report.message != message.problem:
            self.notify(visible(report.message), severity="warning")
        if report.changed and self.results_query:
            self.start_search(self.results_query, as_typed=self.results_as_typed)
        if report.skipped:
            count = len(report.skipped)
            self.notify(
                f"{count} file{'s' if count != 1 else ''} skipped; see “Skipped files” in the command palette (ctrl+p).",
                severity="warning",
            )

    def _watch_files(self) -> None:
        """Watch the corpus from the first sync on: each batch of changes syncs (``host.watch``)."""
        library = self.rr.library
        if self._watcher is not None or library is None:
            return
        roots = [Path(root) for root in library.roots]
        self._watcher = FolderWatcher(roots, self._files_changed, ignore=[Path(library.index_dir)])
        self._watcher.start()

    def _files_changed(self, paths: set[str]) -> None:
        """From the watcher's thread: files changed; sync (after the running sync, if one is)."""
        try:
            self.app.call_from_thread(self._start_sync)
        except RuntimeError:
            pass  # the app is closing

    def action_reindex(self) -> None:
        """Sync now, whether or not the watcher saw a change (a network mount, watching off)."""
        self.notify("Re-indexing…", timeout=2)
        self._start_sync()

    @work(thread=True, exclusive=True, exit_on_error=False, group="reload")
    def reload_open_document(self, doc_id: str) -> None:
        """A sync changed the open document's file: read it again (``DocumentReloaded``)."""
        self.session.reload_document(doc_id)

    def on_document_reloaded(self, message: DocumentReloaded) -> None:
        """The open document as its file is now: shown in place, at the same line; or gone."""
        current = self.current_document
        if current is None or current.doc_id != message.doc_id:
            return
        if message.document is None:
            self.notify("The open document's file was removed; it leaves the results.", severity="warning")
            return
        if message.document == current:
            return
        self.open_document(current.doc_id, scroll_y=int(self.reader.scroll_y), query=self.current_query, record=False)

    def on_index_set_aside(self, message: IndexSetAside) -> None:
        """The index was set aside (damaged, or its folder removed): say so once, and rebuild it."""
        if message.note != self._shown_note:
            self._shown_note = message.note
            self.notify(visible(message.note), severity="warning", timeout=10)
        self._start_sync()  # after a running sync, which may have started on the old index

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
            self.workers.cancel_group(self, "more")
            self.library_list.set_recent(self._recent_documents())  # what was read since comes first
            self.query_one("#left-switcher", ContentSwitcher).current = "library"
            self.results.clear()
            self.refresh_bindings()
            self._collector.release()
            return
        self._collector.hold()
        now = time.monotonic()
        burst = now - self._last_change < SEARCH_BURST
        self._last_change = now
        if burst:
            self._search_timer = self.set_timer(SEARCH_DEBOUNCE, lambda: self.start_search(value))
        else:
            self._search_timer = None
            self.start_search(value)

    @on(SearchBox.Submitted, "#search")
    def _query_submitted(self, event: SearchBox.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if event.value.strip():
            # Enter on the query already shown as typed keeps it so.
            as_typed = self.results_as_typed and event.value == self.results_query
            self.start_search(event.value, as_typed=as_typed)
            self._remember_query(event.value)
        self._focus_list()

    def _remember_query(self, query: str) -> None:
        """Keep ``query`` for Up in the search box (Enter, or a hit opened: not every key)."""
        self.rr.user_state.remember_query(query)
        self.search_box.set_history(self.rr.user_state.queries)

    @on(SearchBox.Left)
    def _leave_search_box(self, message: SearchBox.Left) -> None:
        # Escape then ``s`` typed together: the box has the focus again by the time
        # the Escape's message arrives, and the letters typed next belong in it.
        if message.visit == self.search_box.visit:
            self._focus_list()

    def _focus_list(self) -> None:
        switcher = self.query_one("#left-switcher", ContentSwitcher)
        target = self.results if switcher.current == "results" else self.library_list
        self._focus_now(target)

    def start_search(self, query: str, *, as_typed: bool = False) -> None:
        """Search for ``query`` (as typed: without the engine's spelling correction)."""
        self._search_as_typed = as_typed
        self.workers.cancel_group(self, "more")  # more hits of the search before: not wanted now
        self._search_worker = self.run_search(query, as_typed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str, as_typed: bool = False) -> None:
        self.session.search(query, as_typed=as_typed)

    def find_sections(self, text: str, limit: int) -> list[SectionMatch]:
        """Sections of the whole library by title (the palette calls this in a thread)."""
        return self.session.find_sections(text, limit)

    def on_search_finished(self, message: SearchFinished) -> None:
        result = message.result
        shown = message.shown
        if (
            result.query != self.search_box.value
            or message.as_typed != self._search_as_typed
            or (message.more and (self.results_query != result.query or self.results_as_typed != message.as_typed))
        ):
            # The user has typed on since, or switched between the correction and
            # the words as typed (a newer search is coming), or the first hits were
            # never shown: nothing to show or extend.
            if shown is not None:
                shown.set()
            return
        corrected = self.results.typed_query is not None
        self.results_query = result.query
        self.results_as_typed = message.as_typed
        self.query_one("#left-switcher", ContentSwitcher).current = "results"
        self.results.show_result(result, show_timing=self.rr.show_timing, keep_cursor=message.more)
        if corrected != (self.results.typed_query is not None):
            self.refresh_bindings()  # "Search as typed" comes or goes
        results = self.results
        # The session posts the rest of a search whose first hits are fewer than its total.
        self._rest_pending = not message.more and not result.error and len(result.hits) < result.total
        if message.more:
            results.ask_again_if_near_end()
        results.when_drawn(self._results_drawn)
        if shown is not None:
            results.when_drawn(shown.set)

    @on(ResultsList.MoreWanted)
    def _more_wanted(self, message: ResultsList.MoreWanted) -> None:
        """The cursor nears the last hit listed: the next page of the same search.

        Not while the rest of the search is on its way: the list asks again once it
        is there (or the search ended without it).
        """
        if self._rest_pending or not self.results_query:
            return
        self.load_more(self.results_query, message.listed, self.results_as_typed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="more")
    def load_more(self, query: str, listed: tuple[str, ...], as_typed: bool) -> None:
        self.session.search_more(query, listed, as_typed=as_typed)

    def on_more_hits_loaded(self, message: MoreHitsLoaded) -> None:
        if message.result.query != self.results_query or message.as_typed != self.results_as_typed:
            return  # a newer search is shown
        if message.result.error:
            return
        self.results.append_hits(message.result, after=message.after)

    def _results_drawn(self) -> None:
        self.rr.trace("results")
        self._collector.release()

    @on(ResultsList.SuggestionChosen)
    def _run_suggestion(self, message: ResultsList.SuggestionChosen) -> None:
        self.search_box.value = message.query
        self.start_search(message.query)

    @on(ResultsList.AsTypedChosen)
    def _run_as_typed(self, message: ResultsList.AsTypedChosen) -> None:
        # The box already holds what was typed (the correction never replaces it).
        if self.search_box.value != message.query:
            self.search_box.value = message.query
        self.start_search(message.query, as_typed=True)

    def action_search_as_typed(self) -> None:
        """The key for "search for <typed> instead": the words as typed, not the correction."""
        typed = self.results.typed_query
        if typed is not None:
            self._run_as_typed(ResultsList.AsTypedChosen(typed))

    @on(ResultsList.Opened)
    def _open_hit(self, message: ResultsList.Opened) -> None:
        hit = message.hit
        section_id = message.section_id or (hit.section.id if hit.section else None)
        self._remember_query(self.search_box.value if self.search_box.value.strip() else self.results_query)
        self.open_document(hit.doc_id, section_id=section_id, query=self.results_query)

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
        self._focus_at_open = self.focused  # this screen's, kept while the palette or a modal is on top
        self.load_document(OpenRequest(doc_id, section_id, query, scroll_y, match, record, self.reader.text_column))

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def load_document(self, request: OpenRequest) -> None:
        """One trip: the document (``DocumentLoaded``), then its related documents."""
        self.session.open_document(request)

    def current_visit(self) -> Visit | None:
        if self.current_document is None:
            return None
        return Visit(self.current_document.doc_id, int(self.reader.scroll_y), self.current_query)

    def remember_position(self) -> None:
        """Keep the reading position in the open document (the app saves it)."""
        if self.current_document is None:
            return
        self.rr.remember_position(
            self.current_document.doc_id, Position(self.reader.current_section_id, int(self.reader.scroll_y))
        )

    async def finish_before_quit(self) -> None:
        """Keep the reading position, and let a running sync commit what it has indexed."""
        self.remember_position()
        worker = self._sync_worker
        if worker is not None and not worker.is_finished:
            self.notify("Saving the index…", timeout=2)
            try:
                await asyncio.wait_for(worker.wait(), QUIT_WAIT)
            except Exception:  # noqa: BLE001 - a sync that will not stop must not trap the user
                pass

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        request, document = message.request, message.document
        leaving = self.current_visit()
        if leaving is not None and leaving.doc_id != document.doc_id:
            self.remember_position()
            if request.record:
                self.history.leave(leaving)
            self.query_one(FindBar).forget()  # the find term was the old document's
        self.current_document = document
        self.current_query = request.query
        self.rr.remember_visit(document.doc_id)
        self.reader.show(
            document,
            section_id=request.section_id,
            matches=message.matches or None,
            scroll_y=request.scroll_y,
            prepared=message.prepared,
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
        # The reader takes the focus (and, when narrow, the whole width) unless the
        # user has moved on while the document loaded: keys typed into the search
        # box meanwhile must stay there, not become reader commands.
        if self.focused is self._focus_at_open:
            if self.narrow:
                self.remove_class("-left-open", "-right-open")
            if request.match is None:
                self.reader.focus()
        message.shown.set()  # the same trip now finds the related documents

    def on_related_loaded(self, message: RelatedLoaded) -> None:
        if self.current_document is None or self.current_document.doc_id != message.doc_id:
            return
        self.related.set_more_like_this(message.similar)
        self.related.set_backlinks(message.backlinks)
        self.related.set_links(message.links, self._title_map())

    def _title_map(self) -> dict[str, str]:
        """doc_id -> title of the documents listed, made once per listing."""
        listing, titles = self._titles
        if listing is not self.library_items:
            titles = {item.doc_id: item.title for item in self.library_items}
            self._titles = (self.library_items, titles)
        return titles

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._search_worker and event.worker.is_finished and self._rest_pending:
            self._rest_pending = False  # ended without the rest: the list may ask for more itself
            self.results.ask_again_if_near_end()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            from search import IndexRebuilding, ReadingroomError

            if isinstance(error, IndexRebuilding) and event.worker.group != "sync":
                self.on_index_set_aside(IndexSetAside(str(error)))  # from a call the session does not answer itself
                return
            if isinstance(error, ReadingroomError):
                self.notify(visible(str(error)), severity="error")
            else:
                self.notify(f"{type(error).__name__}: {visible(str(error))}", title="Something went wrong", severity="error")
            if event.worker.group == "sync":
                self.query_one(SyncStatus).finish()
                self._syncing = False
                if self._sync_again:
                    self._sync_again = False
                    self._start_sync()

    # -- reader, outline, find -------------------------------------------------------------

    @on(Reader.SectionChanged)
    def _section_changed(self, message: Reader.SectionChanged) -> None:
        self.outline.highlight_section(message.section_id)
        self.remember_position()  # so that a quit by any means keeps the place
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

    @on(Reader.FindWrapped)
    def _find_wrapped(self, message: Reader.FindWrapped) -> None:
        """A find went round the document's end (vim's words); the query's matches carry on instead."""
        self.notify(message.text, timeout=2)

    @on(Reader.FindRequested)
    def _find_requested(self) -> None:
        self.action_find()

    # -- links ----------------------------------------------------------------------------

    @on(Reader.LinkSelected)
    def _link_selected(self, message: Reader.LinkSelected) -> None:
        note = "" if message.target is None else f"link {message.index}/{message.total} → {visible(message.target)}"
        self.query_one(StatusLine).set_note(note)

    @on(Reader.NoLinkThere)
    def _no_link_there(self, message: Reader.NoLinkThere) -> None:
        text = {
            "none": "No links in this document",
            "last": "No more links below (Tab stays on the last)",
            "first": "No more links above (Shift+Tab stays on the first)",
        }.get(message.where, "No link selected: Tab selects one")
        self.notify(text, timeout=2)

    @on(Reader.FollowLink)
    def _follow_reader_link(self, message: Reader.FollowLink) -> None:
        self.follow_link(message.target)

    def follow_link(self, target: str) -> None:
        """Follow a link written in the open document: the engine says where it leads."""
        document = self.current_document
        if document is None:
            return
        self.resolve_link(document.doc_id, target)

    @work(thread=True, exclusive=True, exit_on_error=False, group="link")
    def resolve_link(self, doc_id: str, target: str) -> None:
        self.session.follow_link(doc_id, target)

    def on_link_resolved(self, message: LinkResolved) -> None:
        if self.current_document is None or self.current_document.doc_id != message.doc_id:
            return  # another document is open now: the link is not on screen any more
        self.go_to_link_target(message.resolved, message.target)

    @on(RelatedPane.FollowLink)
    def _follow_listed_link(self, message: RelatedPane.FollowLink) -> None:
        self.go_to_link_target(message.link.resolved, message.link.target)

    def go_to_link_target(self, resolved: LinkTarget, written: str) -> None:
        """Where a resolved link leads: a document (at its section), the browser, or a note."""
        if resolved.kind == "document":
            current = self.current_document
            if current is not None and resolved.doc_id == current.doc_id:
                self._jump_within(resolved.section_id)
                return
            # A link without an anchor names the top of the document, not where it was last read.
            self.open_document(resolved.doc_id, section_id=resolved.section_id, scroll_y=None if resolved.section_id else 0)
        elif resolved.kind == "external":
            self.rr.open_url(resolved.url)
        else:
            self.notify(f"Link target missing: {visible(resolved.reason or written)}", severity="warning", timeout=4)

    def _jump_within(self, section_id: str | None) -> None:
        """A link to a section of the open document: there, with a history entry to come back by."""
        visit = self.current_visit()
        if visit is not None:
            self.history.leave(visit)
        if section_id:
            self.jump_to_section(section_id)
        else:
            self.reader.action_top()

    def action_find(self) -> None:
        if self.current_document is None:
            self.notify("Open a document first", timeout=2)
            return
        find = self.query_one(FindBar)
        find.add_class("-active")
        self._focus_now(find)

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
        self.remember_position()
        self.load_document(OpenRequest(visit.doc_id, None, visit.query, visit.scroll_y, None, record=False, column=self.reader.text_column))

    def action_forward(self) -> None:
        visit = self.history.forward(self.current_visit())
        if visit is None:
            self.notify("Nothing to go forward to", timeout=2)
            return
        self.remember_position()
        self.load_document(OpenRequest(visit.doc_id, None, visit.query, visit.scroll_y, None, record=False, column=self.reader.text_column))

    # -- panes and focus ----------------------------------------------------------------

    def _focus_inside(self, container_id: str) -> bool:
        focused = self.focused
        return focused is not None and any(node.id == container_id for node in focused.ancestors_with_self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that move the focus wait while a text box has it (they are its letters).

        Those bindings are priority bindings: the app runs them as it reads the key,
        before it hands the next key on. A plain binding runs only after the key has
        travelled up from the focused widget, and by then keys typed right behind it
        (``s`` then Ctrl+U, ``/onto`` in one burst) had already gone to the pane the
        focus was leaving. Their actions move the focus at once (`_focus_now`) for the
        same reason.
        """
        if action in _FOCUS_KEYS_ACTIONS and isinstance(self.focused, Input):
            return False
        if action == "find" and self.current_document is None:
            return False  # nothing to find in (and the footer says nothing of it)
        if action == "bookmark" and self.current_document is None:
            return False
        if action == "search_as_typed":
            shown = self.query(ResultsList)  # empty while the screen is composed
            return bool(shown) and shown.first().typed_query is not None  # only while a correction is shown
        return True

    def _focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` (or, for a pane like the library, the first part of it that
        takes keys) before the next key is read: ``Widget.focus`` waits a turn."""
        if not widget.can_focus:
            widget = next((part for part in widget.query("*") if part.focusable), widget)
        self.set_focus(widget)

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
                self._focus_now(self.reader)

    def action_toggle_right(self) -> None:
        hidden = (not self.has_class("-right-open")) if self.narrow else self.has_class("-right-hidden")
        if hidden:
            self._show_right()
            self._focus_now(self.outline)
        else:
            if self.narrow:
                self.remove_class("-right-open")
            else:
                self.add_class("-right-hidden")
            if self._focus_inside("right") or self.focused is None:
                self._focus_now(self.reader)

    def action_focus_search(self) -> None:
        self._show_left()
        self._focus_now(self.search_box)

    def action_focus_pane(self, pane: str) -> None:
        if pane == "left":
            self._show_left()
            self._focus_list()
        elif pane == "reader":
            if self.narrow:
                self.remove_class("-left-open", "-right-open")
            self._focus_now(self.reader)
        elif pane in ("outline", "related"):
            self._show_right()
            self._focus_now((self.outline if pane == "outline" else self.related))

    # -- copy, edit, open ---------------------------------------------------------------

    def action_copy_section(self) -> None:
        if self.current_document is None:
            self.notify("Open a document first", timeout=2)
            return
        selected = self.reader.selected_link
        if selected is not None:
            target = selected[0]
            self.app.copy_to_clipboard(target)
            self.notify(f"Copied the link {visible(target)}", timeout=2)
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

    # -- bookmarks ----------------------------------------------------------------------

    def action_bookmark(self) -> None:
        """Bookmark the section being read (kept with the reading positions, saved now)."""
        document = self.current_document
        if document is None or not self.rr.corpus:
            self.notify("Open a document first", timeout=2)
            return
        section_id = self.reader.current_section_id
        section = document.section(section_id) if section_id else None
        mark = Bookmark(document.doc_id, section_id, document.title, section.title if section else "", time.time())
        added = self.rr.user_state.add_bookmark(self.rr.corpus, mark)
        name = visible(mark.section_title or mark.title or document.doc_id)
        self.notify(f"Bookmarked: {name}" if added else f"Already bookmarked: {name}", timeout=2)
        if added:
            self._save_state()

    def action_show_bookmarks(self) -> None:
        from .bookmarks import BookmarkEntry, BookmarksScreen

        titles = self._title_map()
        entries = [
            BookmarkEntry(
                mark,
                titles.get(mark.doc_id) or mark.title,
                mark.section_title,
                missing=self._listed and mark.doc_id not in titles,
            )
            for mark in reversed(self.rr.user_state.bookmarks_of(self.rr.corpus) if self.rr.corpus else [])
        ]
        self.app.push_screen(BookmarksScreen(entries, self._remove_bookmark), self._open_bookmark)

    def _remove_bookmark(self, mark: Bookmark) -> None:
        if self.rr.user_state.remove_bookmark(self.rr.corpus, mark.doc_id, mark.section_id):
            self._save_state()

    def _open_bookmark(self, mark: Bookmark | None) -> None:
        """Read a bookmarked section, with a history entry (Backspace comes back)."""
        if mark is None:
            return
        current = self.current_document
        if current is not None and current.doc_id == mark.doc_id:
            self._jump_within(mark.section_id)
            self._focus_now(self.reader)
            return
        self.open_document(mark.doc_id, section_id=mark.section_id, scroll_y=None if mark.section_id else 0)

    def _save_state(self) -> None:
        problem = self.rr.user_state.save()
        if problem:
            self.notify(visible(problem), severity="warning", timeout=5)

    def action_edit(self) -> None:
        section_id = self.reader.current_section_id if self.current_document is not None else None
        self.rr.edit_document(self.current_document, section_id)  # the editor opens at the section read

    def action_open_url(self) -> None:
        selected = self.reader.selected_link if self.current_document is not None else None
        if selected is not None:
            self.follow_link(selected[0])  # a URL goes to the browser; a link into the corpus is followed
            return
        self.rr.open_document_url(self.current_document)
