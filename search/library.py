"""Library: a corpus on disk and its index, kept in step incrementally.

The index lives in one folder per corpus (``storage.location``): the Whoosh index
and the SQLite store of the manifest and the parsed documents. A ``Library`` opens
that folder whatever state it is in (``storage.opening``), brings it in step with
the files (``indexing``), reads documents back, and answers queries (``querying``).

Damage found during a session (a malformed database page, the index folder
removed) sets the index aside: the reading call raises ``IndexRebuilding`` with one
line for the user, and the next sync rebuilds from the files; a sync that finds it
rebuilds at once.

Each thread gets its own Searcher and its own SQLite connection, because neither
may be shared between threads. Query code gets them as a ``querying.view.View``
made for the calling thread, and nothing else of the library.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Callable, Collection, Iterator, Sequence

from . import doclinks, links
from .errors import DocumentNotFound, IndexRebuilding, IndexUnavailable
from .indexing.batches import apply_plan, open_writer, tidy_after_failed_write
from .indexing.corpus import doc_id_for_path, resolve_roots, walk
from .indexing.plan import plan_sync
from .indexing.prepare import worker_count
from .model import DocLink, Document, DocumentSummary, Facets, LinkTarget, Reading, Related, SearchResult, SectionMatch, Similar, SyncReport
from .querying import highlights, searching
from .querying.querytext import read_query
from .querying.spelling import Vocabulary
from .querying.view import View
from .storage import corpora
from .storage.location import corpus_key, default_index_dir, store_path, whoosh_dir
from .storage.opening import (
    FolderTaken,
    IndexUnverified,
    Opened,
    _damage_note,
    empty_index,
    is_store_damage,
    open_index_folder,
    set_aside_index,
    store_damage_note,
)
from .storage.schema import SCHEMA_VERSION
from .storage.store import Store

Progress = Callable[[int, int, str], None]

FOLDER_REMOVED = "The index folder was removed; rebuilding it from the files."
PART_REMOVED = "Part of the index was removed (the library database or whoosh/); rebuilding it from the files."


def _unverified(error: BaseException | None) -> BaseException | None:
    """The refused signature behind ``error``, if that is what it is."""
    from .whoosh_ext.signed import Unverified

    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (Unverified, IndexUnverified)):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def _heals(method):
    """A reading method: damage found while it runs (a malformed database, an index
    folder removed during the session) sets the index aside, and the call raises
    IndexRebuilding with one line for the user; the next sync rebuilds."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        epoch = self._epoch
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            self._heal(epoch, error)
            raise

    return call


class Library:
    """A corpus and its index. Safe to use from several threads."""

    def __init__(
        self,
        paths: Sequence[str | os.PathLike] | None = None,
        *,
        index_dir: str | os.PathLike | None = None,
        workers: int | None = None,
    ) -> None:
        self.roots = resolve_roots(paths)
        self.workers = workers  # processes that parse during a sync; None: one per core
        setting = Path(index_dir).expanduser() if index_dir else default_index_dir(self.roots)
        # The folder named, unless it holds another corpus's index: then one of this corpus's own inside it.
        self.index_dir = corpora.index_folder(setting, self.roots)
        self._epoch = 0  # counts the times the index was set aside during the session
        self._note: str | None = None  # why it was, for the index opened next
        self._local = threading.local()
        self._lock = threading.RLock()  # one sync at a time
        self._open_lock = threading.Lock()  # opening the index; never held for long
        self._opened: Opened | None = None
        self._vocabulary = Vocabulary()  # "did you mean", fuzzy words and patterns; shared by the threads
        self.problem: str | None = None  # one line about the state of the index folder, if not fine

    # -- opening ------------------------------------------------------------------

    @property
    def _whoosh_dir(self) -> Path:
        return whoosh_dir(self.index_dir)

    @property
    def _store_path(self) -> Path:
        return store_path(self.index_dir)

    def _open(self) -> Opened:
        """Open the index folder in whatever state it is in (see ``storage.opening``)."""
        with self._open_lock:
            if self._opened is None:
                files = lambda: sum(1 for _ in walk(self.roots, []))  # noqa: E731
                try:
                    opened = open_index_folder(self.index_dir, files, self.roots)
                except FolderTaken:
                    # Another process claimed the folder for its corpus meanwhile: this one takes its own.
                    own = self.index_dir / corpus_key(self.roots)
                    try:
                        opened = open_index_folder(own, files, self.roots)
                    except FolderTaken as error:
                        raise IndexUnavailable(
                            f"{own} holds the index of {error}; choose another folder with --index-dir"
                            " or READINGROOM_INDEX_DIR."
                        ) from None
                    self.index_dir = own
                if self._note is not None:
                    opened.problem = opened.problem or self._note
                    opened.damaged = True
                    self._note = None
                self._opened = opened
                self.problem = opened.problem
            return self._opened

    def _index(self):
        """The Whoosh index, opened on first use."""
        return self._open().ix

    @property
    def mode(self) -> str:
        """"disk", "readonly" or "memory": where the index lives and whether it is written."""
        return self._open().mode

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is not None and self._local.store_epoch != self._epoch:
            store.close()  # of an index set aside since
            store = self._local.store = None
        if store is None:
            opened = self._open()
            store = Store(opened.store_target, mode=opened.mode)
            self._local.store = store
            self._local.store_epoch = self._epoch
        return store

    # -- damage found during the session ----------------------------------------------

    def _damage(self, error: BaseException) -> str | None:
        """One line for the user if ``error`` means the index on disk is damaged or gone, else None."""
        opened = self._opened
        if opened is None or opened.mode != "disk":
            return None
        if is_store_damage(error):
            return store_damage_note(error)
        unverified = _unverified(error)
        if unverified is not None:
            # A table of contents planted (or a segment changed) during the session:
            # refused unread when the searcher refreshed, and set aside like at open.
            return _damage_note(IndexUnverified(str(unverified)))
        if not self.index_dir.is_dir():
            return FOLDER_REMOVED
        if not self._whoosh_dir.is_dir() or not self._store_path.is_file():
            return PART_REMOVED
        return None

    def _recover(self, epoch: int, note: str) -> None:
        """Set the damaged index aside; the next use opens (and the next sync rebuilds) a new one.

        A sync running in another thread is waited for first: nothing is moved under
        its writer (it meets the same damage, and sets the index aside itself).
        """
        with self._lock, self._open_lock:
            if self._epoch != epoch or self._opened is None:
                return  # another thread has done it
            opened, self._opened = self._opened, None
            self._epoch += 1
            self._note = note
            self.problem = note
            try:
                opened.ix.close()
            except Exception:  # noqa: BLE001 - what is set aside need not close cleanly
                pass
            set_aside_index(self.index_dir)

    def _check_folder(self) -> None:
        """Before a sync: an index folder removed (or half removed) since it was opened is set aside and rebuilt."""
        opened = self._opened
        if opened is None or opened.mode != "disk":
            return
        note = None
        if not self.index_dir.is_dir():
            note = FOLDER_REMOVED
        elif not self._whoosh_dir.is_dir() or not self._store_path.is_file():
            note = PART_REMOVED
        if note is not None:
            self._recover(self._epoch, note)

    def searcher(self):
        """This thread's Searcher, refreshed when the index has changed."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and self._local.searcher_epoch != self._epoch:
            try:
                searcher.close()  # of an index set aside since
            except Exception:  # noqa: BLE001
                pass
            searcher = self._local.searcher = None
        ix = self._index()
        generation = ix.latest_generation()
        if searcher is not None and getattr(self._local, "generation", None) != generation:
            # Not Searcher.up_to_date()/refresh(): a multi-segment reader reports no
            # generation (so it never looks up to date), and refresh() reuses the
            # readers of unchanged segments with their old list of deleted
            # documents, so an updated document would still match its old words.
            searcher.close()
            searcher = self._local.searcher = None  # closed: never closed twice, even if the next open fails
        if searcher is None:
            from .querying.scoring import DocumentBM25F

            for attempt in range(5):
                try:
                    searcher = ix.searcher(weighting=DocumentBM25F())
                    break
                except FileNotFoundError:
                    # Another process committed between our reading of the table of
                    # contents and the opening of its segments, and swept them away:
                    # read the new table of contents.
                    if attempt == 4:
                        raise
                    time.sleep(0.05)
                    generation = ix.latest_generation()
            self._local.generation = generation
            self._local.searcher_epoch = self._epoch
        self._local.searcher = searcher
        return searcher

    def _speller_for(self, store: Store):
        return partial(self._vocabulary.speller, store)

    def _view(self) -> View:
        """What query code gets: this thread's searcher and store, and the vocabulary."""
        store = self._store()
        return View(self.searcher(), store, self._speller_for(store))

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None

    @property
    @_heals
    def is_empty(self) -> bool:
        return self._store().count() == 0

    @_heals
    def count(self, kind: str | None = None) -> int:
        """How many documents the index holds; ``kind="full"`` counts only the corpus's own
        files, not the summaries made for titles they link to."""
        return self._store().count(kind)

    @property
    @_heals
    def is_current(self) -> bool:
        """Whether the index on disk was built by this version's schema (else a sync rebuilds)."""
        return self._store().get_meta("schema_version") == str(SCHEMA_VERSION)

    # -- syncing ------------------------------------------------------------------

    def sync(
        self,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        *,
        rebuild: bool = False,
        wait: float = 0.0,
        committed: Callable[[int, int], None] | None = None,
        phase: Callable[[str], None] | None = None,
    ) -> SyncReport:
        """Bring the index in step with the files; return what changed.

        A long sync commits as it goes (``indexing.batches``: first after a second
        or two, then every few seconds), so what it has read can be searched while
        it reads the rest; ``committed(done, total)`` is called after each such
        commit, and ``phase(text)`` says what it does once every file is read.

        Nothing changed means nothing parsed and nothing written. A cancel (the event
        set, or Ctrl+C) commits what was already indexed, so the next sync carries on
        from there instead of starting over. Another process writing the same index
        is waited for up to ``wait`` seconds (the lock is the kernel's: it goes when
        that process dies, however it dies); after that this sync does nothing and
        says so. A folder that cannot be written is searched as it is.
        """
        with self._lock:
            self._check_folder()
            epoch = self._epoch
            try:
                return self._sync(progress, cancel, rebuild=rebuild, wait=wait, committed=committed, phase=phase)
            except Exception as error:
                note = self._damage(error)
                if note is None:
                    self._heal(epoch, error)  # damage that cannot be rebuilt here: one line that says so
                    raise
                self._recover(epoch, note)
            # Damage found during the sync: the index was set aside; this sync rebuilds it.
            return replace(
                self._sync(progress, cancel, rebuild=True, wait=wait, committed=committed, phase=phase), rebuilt=True
            )

    def _sync(self, progress, cancel, *, rebuild: bool, wait: float, committed=None, phase=None) -> SyncReport:
        with self._lock:
            opened = self._open()
            store = self._store()
            rebuilt = rebuild or opened.damaged or store.get_meta("schema_version") not in (None, str(SCHEMA_VERSION))
            if rebuilt and opened.mode != "readonly":
                self._reset(store)
                opened.damaged = False
            seen_state = self._written_state(opened.ix, store)
            plan = plan_sync(self.roots, store)
            if opened.mode == "readonly":
                pending = len(plan.parse) + len(plan.remove)
                message = self.problem
                if pending:
                    message = f"{self.problem} {pending:,} changed file{'s' if pending != 1 else ''} not indexed."
                return SyncReport(
                    unchanged=plan.unchanged, skipped=tuple(plan.skipped), message=message, write_failed=bool(pending)
                )
            if not plan.parse and not plan.remove:
                if plan.touch or store.get_meta("schema_version") is None:
                    for state in plan.touch:
                        store.put_file_state(state)
                    store.set_meta("schema_version", str(SCHEMA_VERSION))
                    store.commit()
                return SyncReport(unchanged=plan.unchanged, skipped=tuple(plan.skipped), rebuilt=rebuilt)
            writer = open_writer(opened.ix, wait, cancel)
            if writer is None:
                return SyncReport(
                    unchanged=plan.unchanged,
                    skipped=tuple(plan.skipped),
                    message="Another readingroom is updating this index; searching what it holds so far.",
                )
            try:
                if self._written_state(opened.ix, store) != seen_state:
                    # Another process wrote while this one planned: plan again, under the lock.
                    plan = plan_sync(self.roots, store)
                for state in plan.touch:
                    store.put_file_state(state)
                workers = worker_count() if self.workers is None else self.workers
                if opened.mode == "memory":
                    workers = 1  # worker processes cannot write into this process's memory
                return apply_plan(
                    self._index(),
                    store,
                    plan,
                    writer,
                    whoosh_dir=self._whoosh_dir,
                    workers=workers,
                    progress=progress,
                    cancel=cancel,
                    rebuilt=rebuilt,
                    committed=committed,
                    phase=phase,
                )
            except (OSError, sqlite3.OperationalError) as error:
                store.rollback()
                tidy_after_failed_write(opened.ix, writer)  # no partial files left behind
                if self._damage(error) is not None:
                    raise  # the folder went away under the sync: ``sync`` sets it aside and rebuilds
                reason = getattr(error, "strerror", None) or str(error)
                return SyncReport(
                    unchanged=plan.unchanged,
                    skipped=tuple(plan.skipped),
                    message=f"Could not write the index ({reason}); it keeps its last complete state.",
                    write_failed=True,
                )

    @staticmethod
    def _written_state(ix, store: Store) -> tuple:
        """What changes when any process commits to this index (Whoosh's generation, SQLite's data version).

        Planning walks the whole corpus (a quarter of a second at 10,000 files), so a
        sync plans again under the write lock only when someone else wrote meanwhile.
        """
        try:
            generation = ix.latest_generation()
        except (OSError, AttributeError):
            generation = None
        return generation, store.data_version()

    def _reset(self, store: Store) -> None:
        """Forget everything indexed so far; used for a rebuild."""
        store.clear()
        store.commit()
        opened = self._open()
        with self._open_lock:
            opened.ix.close()
            self._local.searcher = None
            opened.ix = empty_index(opened, self.index_dir)

    # -- reading ------------------------------------------------------------------

    @_heals
    def resolve(self, doc: str) -> str:
        """A doc_id from a doc_id or a file path (absolute or relative to the cwd)."""
        store = self._store()
        if store.has_document(doc):
            return doc
        candidate = os.path.abspath(os.path.expanduser(doc))
        found = store.doc_id_for_path(candidate) or doc_id_for_path(self.roots, candidate)
        if found and store.has_document(found):
            return found
        raise DocumentNotFound(f"no document {doc!r} in this library")

    def _stored(self, doc: str) -> Document:
        """The document a doc_id or path names, as the store holds it."""
        doc_id = self.resolve(doc)
        document = self._store().document(doc_id)
        if document is None:
            raise DocumentNotFound(f"no document {doc!r} in this library")
        return document

    @_heals
    def document(self, doc: str) -> Document:
        """A document with each related link's target resolved against the corpus now."""
        return links.with_targets(self._store(), self._stored(doc))

    @_heals
    def read(self, doc: str, query: str = "") -> Reading:
        """A document (as ``document`` gives it) and the matches of ``query`` in it (as ``matches``).

        One trip: the document is read from the store once and the query parsed once.
        """
        stored = self._stored(doc)
        document = links.with_targets(self._store(), stored)
        if not query:
            return Reading(document, {})
        view = self._view()
        return Reading(document, highlights.matches(view, stored, read_query(view, query)))

    @_heals
    def documents(self, *, sort: str = "date", type: str | None = None, topic: str | None = None, year: str | None = None, kind: str | None = None) -> list[DocumentSummary]:
        """The library listing: every document, newest first or by title, filtered."""
        items = list(self._store().summaries().values())
        if type:
            items = [d for d in items if d.type == type]
        if topic:
            items = [d for d in items if topic in d.topics]
        if year:
            items = [d for d in items if d.date[:4] == year]
        if kind:
            items = [d for d in items if d.kind == kind]
        if sort == "title":
            items.sort(key=lambda d: (d.title.casefold(), d.doc_id))
        else:
            items.sort(key=lambda d: (d.date, d.title.casefold()), reverse=True)
        return items

    @_heals
    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        filters: dict[str, str] | None = None,
        as_typed: bool = False,
        exclude: Collection[str] = (),
    ) -> SearchResult:
        """The first ``limit`` hits; ``exclude``: doc ids left out (the next page of hits shown)."""
        return searching.search(self._view(), text, limit=limit, filters=filters, as_typed=as_typed, exclude=exclude)

    def search_in_steps(
        self,
        text: str,
        *,
        first: int = 10,
        limit: int = 50,
        filters: dict[str, str] | None = None,
        as_typed: bool = False,
    ) -> Iterator[SearchResult]:
        """One search, answered in two steps: the first ``first`` hits, then up to ``limit``.

        The first result is ``search(text, limit=first)``; the second, yielded only
        when more than ``first`` documents matched, is ``search(text, limit=limit)``,
        whose first hits are the first result's. Stop iterating to skip the second.
        Iterate in one thread.
        """
        epoch = self._epoch
        try:
            steps = searching.search_in_steps(
                self._view(), text, first=first, limit=limit, filters=filters, as_typed=as_typed
            )
        except Exception as error:
            self._heal(epoch, error)
            raise
        return self._healing(steps, epoch)

    def _healing(self, steps, epoch: int):
        """``steps``, with damage found while they run handled as ``_heals`` does."""
        try:
            yield from steps
        except GeneratorExit:
            raise
        except Exception as error:
            self._heal(epoch, error)
            raise

    def _heal(self, epoch: int, error: BaseException) -> None:
        """Raise what ``error`` means for the user if it is damage to the index; else return."""
        if isinstance(error, (IndexRebuilding, IndexUnavailable)):
            return
        if epoch != self._epoch and self.problem:
            # Another thread set the index aside while this call ran (it found the damage first).
            raise IndexRebuilding(self.problem) from error
        note = self._damage(error)
        if note is not None:
            self._recover(epoch, note)
            raise IndexRebuilding(note) from error
        opened = self._opened
        if opened is not None and opened.mode == "readonly" and is_store_damage(error):
            raise IndexUnavailable(
                f"The library database in {self.index_dir} is damaged ({error}) and cannot be rebuilt there"
                " (read-only); choose another folder with --index-dir or READINGROOM_INDEX_DIR."
            ) from error

    @_heals
    def matches(self, doc_id: str, text: str) -> dict[str, tuple[tuple[str, int, int], ...]]:
        view = self._view()
        parsed = read_query(view, text)
        return highlights.matches(view, view.store.document(doc_id), parsed)

    @_heals
    def more_like_this(self, doc_id: str, limit: int = 5) -> list[Similar]:
        from .querying import related

        view = self._view()
        document = view.store.document(doc_id)
        if document is None:
            return []
        return related.more_like_this(view, document, limit=limit)

    @_heals
    def backlinks(self, doc_id: str) -> list[Similar]:
        """The documents that link to this one: by a link written in them, or by a related entry."""
        store = self._store()
        document = store.document(doc_id, marks=False)
        if document is None:
            return []
        return links.backlinks(store, document)

    @_heals
    def links(self, doc: str) -> list[DocLink]:
        """Every link a document wrote, in order, each resolved against the corpus now."""
        store = self._store()
        return doclinks.outgoing(store, self._stored(doc))

    @_heals
    def resolve_link(self, doc_id: str, target: str) -> LinkTarget:
        """Where a link written in ``doc_id`` leads now: a document and section, a URL, or nothing."""
        return doclinks.resolve(self._store(), doc_id, target)

    @_heals
    def broken_links(self) -> list[tuple[str, DocLink]]:
        """Every link into the corpus that leads to no document, with the document that wrote it."""
        return list(doclinks.broken(self._store()))

    @_heals
    def related(self, document: Document, limit: int = 5) -> Related:
        """More like this, backlinks and the document's own links, from the document in hand."""
        from .querying import related

        store = self._store()
        if not store.has_document(document.doc_id):
            return Related([], [])
        return Related(
            related.more_like_this(self._view(), document, limit=limit),
            links.backlinks(store, document),
            doclinks.outgoing(store, document),
        )

    @_heals
    def file_path(self, doc_id: str) -> str | None:
        """The file a document was read from, exactly (for an editor), or None."""
        return self._store().file_path(doc_id)

    @_heals
    def find_sections(self, text: str, limit: int = 20) -> list[SectionMatch]:
        """Sections anywhere in the library whose titles hold the words."""
        from .querying import section_titles

        words = section_titles.title_words(text)
        if not words:
            return []
        return section_titles.find_sections(self._view(), words, limit=limit)

    @_heals
    def facets(self, text: str = "", filters: dict[str, str] | None = None) -> Facets:
        """Types, topics and years among the documents a query finds (all, when empty).

        Types and topics most frequent first, years newest first. ``filters`` (group
        -> value: ``{"type": "Report", "year": "2024"}``) narrow the counts as the
        library's filters narrow the list: each group is counted among the documents
        that pass the other groups' filters (``querying.facets``).
        """
        from .querying import facets

        if not text.strip():
            return facets.all_facets(self._store(), filters)
        return facets.query_facets(self._view(), text, filters)

    @_heals
    def suggest(self, text: str) -> str | None:
        from .querying import suggestions

        return suggestions.suggest(self._speller_for(self._store()), text)

    @_heals
    def summaries(self, doc_ids) -> dict[str, DocumentSummary]:
        return self._store().summaries(doc_ids)
