"""Library: a corpus on disk and its index, kept in step incrementally.

The index lives in one folder per corpus under the user cache directory (or where
``index_dir`` / ``READINGROOM_INDEX_DIR`` says): ``whoosh/`` holds the Whoosh index
and ``library.sqlite`` the manifest and parsed documents (see ``store``).

Whoosh is opened with ``FileStorage(..., supports_mmap=False)``: with memory maps the
searching process grew past a gigabyte at 50,000 documents, without them it stays
small and opens in milliseconds. Each thread gets its own Searcher and its own
SQLite connection, because neither may be shared between threads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import TimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import platformdirs

from . import query as _query
from .corpus import CorpusFile, corpus_key, doc_id_for_path, resolve_roots, walk
from .errors import DocumentNotFound, IndexUnavailable
from .opening import (
    MEMORY_LIMIT_FILES,
    IndexDamaged,
    Opened,
    memory_index,
    memory_store_uri,
    open_whoosh,
    set_aside,
    store_is_readable,
    verify,
    writable,
)
from .model import (
    Document,
    DocumentSummary,
    Facets,
    RelatedLink,
    SearchResult,
    Similar,
    Skipped,
    SyncReport,
    normalize_title,
)
from .prepare import POOL_THRESHOLD, spawn_can_import_main, SEGMENT_DOCUMENTS, SegmentWorkers, document_words, field_formats, prepare, worker_count
from .records import document_records, summary_document
from .schema import SCHEMA_VERSION, build_schema
from .store import FileState, Store
from .writer import FastSegmentWriter

Progress = Callable[[int, int, str], None]

ENV_INDEX_DIR = "READINGROOM_INDEX_DIR"
COMMIT_SEGMENTS = 4  # worker segments per commit during a long sync
SUMMARY_SHARE = 100  # new summaries worth handing to the workers rather than writing here
WRITER_LIMIT_MB = 256
PROGRESS_INTERVAL = 0.1


def default_index_dir(roots: Sequence[Path]) -> Path:
    override = os.environ.get(ENV_INDEX_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("readingroom")) / "indexes" / corpus_key(roots)


def _hash_file(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Plan:
    """What a sync must do, decided from the manifest before any writing."""

    parse: list[tuple[CorpusFile, str, str]] = field(default_factory=list)  # file, sidecar sig, hash
    touch: list[FileState] = field(default_factory=list)  # same bytes, new mtime
    remove: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


class _Batch:
    """One Whoosh writer's worth of changes, and what they mean for summaries and spelling."""

    def __init__(self, writer, store: Store) -> None:
        self.writer = writer
        self.store = store
        self.size = 0
        self.keys: set[str] = set()  # normalized titles whose summary may need settling
        self.words: Counter = Counter()
        self.segments: list = []  # written by segment workers, committed with this writer
        self.closed = False
        self.workers = None  # SegmentWorkers during a big sync
        self.pending_summaries: list = []  # (documents, futures) the workers are writing
        self.fresh: set[str] = set()  # summaries written in this batch, not yet committed
        self.deferred: set[str] = set()  # fresh summaries changed since: rewritten after commit

    def _drop(self, doc_id: str) -> None:
        old = self.store.document(doc_id)
        self.keys |= self.store.link_keys(doc_id)
        if old is not None:
            self.keys.add(normalize_title(old.title))
            self.words.subtract(document_words(old))
        self.writer.delete_by_term("doc_id", doc_id)

    def forget(self, doc_id: str) -> None:
        self._drop(doc_id)
        self.store.remove_document(doc_id)
        self.store.remove_file_state(doc_id)
        self.size += 1

    def put_prepared(self, item, state: "_ApplyState") -> None:
        """Record a prepared file: its document, or why it was skipped."""
        corpus_file, sidecar, digest = state.files[item.doc_id]
        existed = item.doc_id in state.known
        if item.document is None:
            state.skipped.append(Skipped(item.doc_id, item.error or "unreadable"))
            if existed:
                self.forget(item.doc_id)
            return
        try:
            self.put(item, replace=existed)
        except (OSError, sqlite3.OperationalError):
            raise  # the disk, not the document: the sync stops and says so
        except Exception as error:  # noqa: BLE001 - one document Whoosh refuses must not stop the sync
            state.skipped.append(Skipped(item.doc_id, f"could not be indexed ({type(error).__name__}: {error})"))
            return
        if item.note:
            state.skipped.append(Skipped(item.doc_id, item.note))
        if existed:
            state.updated += 1
        else:
            state.added += 1
        self.store.put_file_state(
            FileState(item.doc_id, corpus_file.location, corpus_file.size, corpus_file.mtime_ns, sidecar, digest)
        )

    def put(self, item, *, replace: bool) -> None:
        if replace:
            self._drop(item.doc_id)
        for record in item.records or ():  # None: a segment worker has written them
            self.writer.add_document(**record)
        self.store.put_document(item.document, item.payload)
        self.keys |= {normalize_title(link.title) for link in item.document.related}
        self.keys.add(normalize_title(item.document.title))
        self.words.update(item.words)
        self.size += 1

    def settle_summaries(self) -> None:
        """Make a summary document exist exactly for titles linked to but not in the corpus.

        During a big sync this runs after every worker share, so that summaries
        (a full build makes more of them than it has files) are written by the
        workers alongside the documents rather than all at the end. A summary
        written earlier in this batch sits in a segment not yet committed, where
        no writer can delete it; if a later share changes it (its title turns out
        to be a document of the corpus), the change waits for ``fix_up`` after
        the commit.
        """
        store, writer = self.store, self.writer
        keys = sorted(self.keys - {""})
        self.keys = set()
        if not keys:
            return
        links = store.first_links(keys)
        full = store.full_title_keys()
        existing = store.ids_of_kind("summary")
        new_documents = []
        for key in keys:
            summary_id = "summary:" + key
            link = links.get(key)
            old = store.document(summary_id) if summary_id in existing else None
            wanted = link is not None and key not in full
            document = summary_document(summary_id, link) if wanted else None
            if old == document:
                continue
            if old is not None:
                self.words.subtract(document_words(old))
                if summary_id in self.fresh:
                    self.deferred.add(summary_id)
                else:
                    writer.delete_by_term("doc_id", summary_id)
            if document is None:
                store.remove_document(summary_id)
                continue
            store.put_document(document)
            if summary_id in self.deferred:
                continue  # written by fix_up, after the commit
            new_documents.append(document)
            self.fresh.add(summary_id)
        if self.workers is not None and len(new_documents) >= SUMMARY_SHARE:
            try:
                self.pending_summaries.append((new_documents, self.workers.write_documents(new_documents)))
                return
            except BrokenProcessPool:
                self.workers = None
        self._write_here(new_documents)

    def _write_here(self, documents) -> None:
        formats = field_formats()
        for document in documents:
            collected: set[str] = set()
            for record in document_records(document, formats=formats, words=collected):
                self.writer.add_document(**record)
            self.words.update(collected)

    def collect_summaries(self) -> None:
        """Wait for the summaries the workers are writing (or write them here)."""
        pending, self.pending_summaries = self.pending_summaries, []
        for documents, futures in pending:
            try:
                results = [future.result() for future in futures]
            except BrokenProcessPool:
                self.workers = None
                self._write_here(documents)
                continue
            for segment, words in results:
                if segment is not None:
                    self.segments.append(segment)
                for collected in words:
                    self.words.update(collected)

    def finish(self, *, settle: bool = True) -> None:
        """Before a commit: summaries (unless more batches follow), then spelling words.

        Summaries are settled once, in the last batch of a sync: each settling of
        a big sync makes two more small segments. If the sync dies before that,
        the next one finds the titles still to settle in the store
        (``Store.unsettled_keys``), so nothing stays missing.
        """
        if settle:
            self.keys |= self.store.unsettled_keys()
            self.settle_summaries()
            self.collect_summaries()
        self.store.add_to_vocabulary(self.words)
        self.words = Counter()

    def fix_up(self, ix) -> None:
        """After a commit: rewrite the summaries a later share of the batch changed."""
        if not self.deferred:
            return
        writer = FastSegmentWriter(ix)
        words: Counter = Counter()
        formats = field_formats()
        for summary_id in sorted(self.deferred):
            writer.delete_by_term("doc_id", summary_id)
            document = self.store.document(summary_id)
            if document is not None:
                collected: set[str] = set()
                for record in document_records(document, formats=formats, words=collected):
                    writer.add_document(**record)
                words.update(collected)
        self.store.add_to_vocabulary(words)
        writer.commit()
        self.store.commit()
        self.deferred = set()

    def commit(self) -> None:
        self.closed = True
        # A sync that used segment workers does not merge: Whoosh's policy would
        # fold their many mid-sized segments together in this one process.
        self.writer.commit_with(self.segments, merge=False if self.workers is not None or self.segments else None)
        self.store.commit()

    def cancel(self) -> None:
        self.closed = True
        self.writer.cancel()
        self.store.rollback()


class _ApplyState:
    """Counts and progress of one sync, shared by the batches it commits."""

    def __init__(self, plan: "_Plan", known: set[str]) -> None:
        self.files = {cf.doc_id: (cf, sidecar, digest) for cf, sidecar, digest in plan.parse}
        self.known = known
        self.total = len(plan.parse) + len(plan.remove)
        self.done = 0
        self.added = 0
        self.updated = 0
        self.skipped = list(plan.skipped)

    def step(self, progress, doc_id: str) -> None:
        self.done += 1
        if progress:
            progress(self.done, self.total, doc_id)


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
        self.index_dir = Path(index_dir).expanduser() if index_dir else default_index_dir(self.roots)
        self._local = threading.local()
        self._lock = threading.RLock()  # one sync at a time
        self._open_lock = threading.Lock()  # opening the index; never held for long
        self._opened: Opened | None = None
        self._anchor: Store | None = None
        self.problem: str | None = None  # one line about the state of the index folder, if not fine

    # -- opening ------------------------------------------------------------------

    @property
    def _whoosh_dir(self) -> Path:
        return self.index_dir / "whoosh"

    @property
    def _store_path(self) -> Path:
        return self.index_dir / "library.sqlite"

    def _open(self) -> Opened:
        """Open the index folder in whatever state it is in (see ``opening``)."""
        with self._open_lock:
            if self._opened is None:
                self._opened = self._open_now()
                self.problem = self._opened.problem
            return self._opened

    def _open_now(self) -> Opened:
        schema = build_schema()
        try:
            return self._open_disk(schema)
        except (OSError, sqlite3.OperationalError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            return self._open_elsewhere(schema, f"{self.index_dir} cannot be written ({reason})")

    def _open_disk(self, schema) -> Opened:
        if writable(self.index_dir):
            problem = None
            damaged = False
            if not store_is_readable(self._store_path):
                for suffix in ("", "-wal", "-shm"):
                    set_aside(Path(str(self._store_path) + suffix))
                set_aside(self._whoosh_dir)
                problem = "The library database was unreadable; it was set aside and the index is rebuilt from the files."
                damaged = True
            store = Store(self._store_path)
            try:
                documents = store.count()
                try:
                    ix = open_whoosh(self._whoosh_dir, schema, readonly=False)
                    verify(ix, documents)
                except IndexDamaged as error:
                    set_aside(self._whoosh_dir)
                    store.clear()
                    store.commit()
                    ix = open_whoosh(self._whoosh_dir, schema, readonly=False)
                    problem = f"The index was damaged ({error}); it was set aside and is rebuilt from the files."
                    damaged = True
            finally:
                store.close()
            return Opened("disk", ix, str(self._store_path), problem, damaged)
        return self._open_elsewhere(schema, f"{self.index_dir} cannot be written")

    def _open_elsewhere(self, schema, reason: str) -> Opened:
        """Read-only: search the index that is there. Nothing usable: index in memory."""
        if self._store_path.exists() and store_is_readable(self._store_path):
            try:
                store = Store(self._store_path, mode="readonly")
                try:
                    documents = store.count()
                finally:
                    store.close()
                ix = open_whoosh(self._whoosh_dir, schema, readonly=True)
                verify(ix, documents)
                return Opened(
                    "readonly",
                    ix,
                    str(self._store_path),
                    f"The index is read-only here ({reason}): searching it as it is; changed files are not indexed.",
                )
            except (IndexDamaged, IndexUnavailable, OSError, sqlite3.Error) as error:
                reason = f"the index in {self.index_dir} is unreadable and cannot be rebuilt there ({error})"
        files = sum(1 for _ in walk(self.roots, []))
        if files > MEMORY_LIMIT_FILES:
            raise IndexUnavailable(
                f"Cannot index here: {reason}. Choose a writable folder with --index-dir or READINGROOM_INDEX_DIR."
            )
        uri = memory_store_uri()
        self._anchor = Store(uri, mode="memory")  # keeps the shared in-memory database alive
        return Opened(
            "memory",
            memory_index(schema),
            uri,
            f"Indexing in memory for this session: {reason}.",
        )

    def _index(self):
        """The Whoosh index, opened on first use."""
        return self._open().ix

    @property
    def mode(self) -> str:
        """"disk", "readonly" or "memory": where the index lives and whether it is written."""
        return self._open().mode

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            opened = self._open()
            store = Store(opened.store_target, mode=opened.mode)
            self._local.store = store
        return store

    def searcher(self):
        """This thread's Searcher, refreshed when the index has changed."""
        searcher = getattr(self._local, "searcher", None)
        ix = self._index()
        generation = ix.latest_generation()
        if searcher is not None and getattr(self._local, "generation", None) != generation:
            # Not Searcher.up_to_date()/refresh(): a multi-segment reader reports no
            # generation (so it never looks up to date), and refresh() reuses the
            # readers of unchanged segments with their old list of deleted
            # documents, so an updated document would still match its old words.
            searcher.close()
            searcher = None
        if searcher is None:
            from .scoring import DocumentBM25F

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
        self._local.searcher = searcher
        return searcher

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
    def is_empty(self) -> bool:
        return self._store().count() == 0

    @property
    def is_current(self) -> bool:
        """Whether the index on disk was built by this version's schema (else a sync rebuilds)."""
        return self._store().get_meta("schema_version") == str(SCHEMA_VERSION)

    # -- syncing ------------------------------------------------------------------

    def _plan(self, store: Store, progress: Progress | None) -> _Plan:
        plan = _Plan()
        known = store.file_states()
        seen: set[str] = set()
        for corpus_file in walk(self.roots, plan.skipped):
            if corpus_file.doc_id in seen:
                continue
            seen.add(corpus_file.doc_id)
            sidecar = corpus_file.sidecar
            old = known.get(corpus_file.doc_id)
            if (
                old is not None
                and old.size == corpus_file.size
                and old.mtime_ns == corpus_file.mtime_ns
                and old.sidecar == sidecar
                and old.path == corpus_file.location
            ):
                plan.unchanged += 1
                continue
            try:
                digest = _hash_file(corpus_file.path)
            except OSError as error:
                plan.skipped.append(Skipped(corpus_file.doc_id, f"cannot read: {error.strerror or error}"))
                continue
            if old is not None and old.hash == digest and old.sidecar == sidecar:
                plan.touch.append(
                    FileState(corpus_file.doc_id, corpus_file.location, corpus_file.size, corpus_file.mtime_ns, sidecar, digest)
                )
                plan.unchanged += 1
                continue
            plan.parse.append((corpus_file, sidecar, digest))
        plan.remove = sorted(set(known) - seen)
        return plan

    def sync(
        self,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        *,
        rebuild: bool = False,
        wait: float = 0.0,
    ) -> SyncReport:
        """Bring the index in step with the files; return what changed.

        Nothing changed means nothing parsed and nothing written. A cancel (the event
        set, or Ctrl+C) commits what was already indexed, so the next sync carries on
        from there instead of starting over. Another process writing the same index
        is waited for up to ``wait`` seconds (the lock is the kernel's: it goes when
        that process dies, however it dies); after that this sync does nothing and
        says so. A folder that cannot be written is searched as it is.
        """
        with self._lock:
            opened = self._open()
            store = self._store()
            rebuilt = rebuild or opened.damaged or store.get_meta("schema_version") not in (None, str(SCHEMA_VERSION))
            if rebuilt and opened.mode != "readonly":
                self._reset(store)
                opened.damaged = False
            seen_state = self._written_state(opened.ix, store)
            plan = self._plan(store, progress)
            if opened.mode == "readonly":
                pending = len(plan.parse) + len(plan.remove)
                message = self.problem
                if pending:
                    message = f"{self.problem} {pending:,} changed file{'s' if pending != 1 else ''} not indexed."
                return SyncReport(unchanged=plan.unchanged, skipped=tuple(plan.skipped), message=message)
            if not plan.parse and not plan.remove:
                if plan.touch or store.get_meta("schema_version") is None:
                    for state in plan.touch:
                        store.put_file_state(state)
                    store.set_meta("schema_version", str(SCHEMA_VERSION))
                    store.commit()
                return SyncReport(unchanged=plan.unchanged, skipped=tuple(plan.skipped), rebuilt=rebuilt)
            writer = self._writer(opened.ix, wait, cancel)
            if writer is None:
                return SyncReport(
                    unchanged=plan.unchanged,
                    skipped=tuple(plan.skipped),
                    message="Another readingroom is updating this index; searching what it holds so far.",
                )
            try:
                if self._written_state(opened.ix, store) != seen_state:
                    # Another process wrote while this one planned: plan again, under the lock.
                    plan = self._plan(store, None)
                for state in plan.touch:
                    store.put_file_state(state)
                return self._apply(store, plan, progress, cancel, rebuilt, writer)
            except (OSError, sqlite3.OperationalError) as error:
                store.rollback()
                reason = getattr(error, "strerror", None) or str(error)
                return SyncReport(
                    unchanged=plan.unchanged,
                    skipped=tuple(plan.skipped),
                    message=f"Could not write the index ({reason}); it keeps its last complete state.",
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

    def _writer(self, ix, wait: float, cancel):
        """A writer holding the index's lock, waiting up to ``wait`` seconds for it."""
        from whoosh.index import LockError

        deadline = time.monotonic() + wait
        while True:
            try:
                return FastSegmentWriter(ix, limitmb=WRITER_LIMIT_MB)
            except LockError:
                if time.monotonic() >= deadline or (cancel is not None and cancel.is_set()):
                    return None
                time.sleep(0.2)

    def _reset(self, store: Store) -> None:
        """Forget everything indexed so far; used for a rebuild."""
        from whoosh.filedb.filestore import FileStorage

        store.clear()
        store.commit()
        opened = self._open()
        with self._open_lock:
            opened.ix.close()
            self._local.searcher = None
            if opened.mode == "memory":
                opened.ix = memory_index(build_schema())
            else:
                shutil.rmtree(self._whoosh_dir, ignore_errors=True)
                opened.ix = FileStorage(str(self._whoosh_dir), supports_mmap=False).create().create_index(build_schema())

    def _apply(self, store: Store, plan: _Plan, progress, cancel, rebuilt: bool, writer) -> SyncReport:
        """Write the plan, committing Whoosh first and the store second.

        Removals go first. A few files are parsed and written here; many are handed
        to segment workers (``prepare``). Either way each commit is the unit a
        crash or a cancel can lose: what was committed stays, and the next sync picks
        up the files that were not reached.
        """
        ix = self._index()
        state = _ApplyState(plan, store.known_ids())
        jobs = [(cf.doc_id, cf.location) for cf, _, _ in plan.parse]
        workers = worker_count() if self.workers is None else self.workers
        if self._open().mode == "memory":
            workers = 1  # worker processes cannot write into this process's memory
        batch = _Batch(writer, store)
        try:
            for doc_id in plan.remove:
                batch.forget(doc_id)
                state.step(progress, doc_id)
            if workers > 1 and len(jobs) >= POOL_THRESHOLD and spawn_can_import_main():
                batch.writer.keep_temp = True
                batch = self._apply_in_workers(ix, store, batch, state, jobs, workers, progress, cancel)
            else:
                for job in jobs:
                    if cancel is not None and cancel.is_set():
                        break
                    item = prepare(job)
                    batch.put_prepared(item, state)
                    state.step(progress, job[0])
            if not batch.closed:
                batch.finish()
                store.set_meta("schema_version", str(SCHEMA_VERSION))
                batch.commit()
                batch.fix_up(ix)
        except BaseException:
            # Ctrl+C or an error: keep what this batch holds, then let it propagate.
            if not batch.closed:
                try:
                    batch.finish()
                    store.set_meta("schema_version", str(SCHEMA_VERSION))
                    batch.commit()
                except BaseException:
                    batch.cancel()
            raise
        return SyncReport(
            added=state.added,
            updated=state.updated,
            removed=len(plan.remove),
            unchanged=plan.unchanged,
            skipped=tuple(state.skipped),
            rebuilt=rebuilt,
            message="cancelled: the rest is indexed on the next sync" if cancel is not None and cancel.is_set() else None,
        )

    def _apply_in_workers(self, ix, store, batch, state, jobs, workers, progress, cancel) -> "_Batch":
        """Segment workers write the documents; this process keeps the store in step.

        If the workers cannot run (a host program that cannot be re-imported by a
        spawned process, a worker killed by the system), the files they had not
        finished are indexed here instead: slower, never lost.
        """
        size = min(SEGMENT_DOCUMENTS, -(-len(jobs) // workers))  # every worker gets a share
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        pool = SegmentWorkers(workers)
        batch.workers = pool
        pending: list[tuple[int, object]] = []
        base = state.done
        finished: set[int] = set()
        try:
            next_chunk = 0
            while next_chunk < len(chunks) or pending:
                while next_chunk < len(chunks) and len(pending) < workers:
                    pending.append((next_chunk, pool.submit(str(self._whoosh_dir), chunks[next_chunk])))
                    next_chunk += 1
                number, future = pending[0]
                while True:
                    if cancel is not None and cancel.is_set():
                        pool.cancel.set()
                    try:
                        result = future.result(timeout=PROGRESS_INTERVAL)
                        break
                    except TimeoutError:
                        if progress:
                            progress(base + pool.progress.value, state.total, "")
                pending.pop(0)
                finished.add(number)
                # Hand the worker its next share before this process gets busy with
                # the store: neither core should wait for the other.
                while next_chunk < len(chunks) and len(pending) < workers and not pool.cancel.is_set():
                    pending.append((next_chunk, pool.submit(str(self._whoosh_dir), chunks[next_chunk])))
                    next_chunk += 1
                for item in result.items:
                    batch.put_prepared(item, state)
                state.done = base + pool.progress.value
                if progress:
                    progress(state.done, state.total, "")
                if result.segment is not None:
                    batch.segments.append(result.segment)
                if pool.cancel.is_set():
                    next_chunk = len(chunks)  # submit nothing more; collect what is running
                last = not pending and next_chunk >= len(chunks)
                if last or len(batch.segments) >= COMMIT_SEGMENTS:
                    batch.writer.keep_temp = not last
                    batch.finish(settle=last)
                    store.set_meta("schema_version", str(SCHEMA_VERSION))
                    batch.commit()
                    batch.fix_up(ix)
                    if not last:
                        keys = batch.keys
                        batch = _Batch(FastSegmentWriter(ix, limitmb=WRITER_LIMIT_MB, keep_temp=True), store)
                        batch.workers = pool
                        batch.keys = keys  # settled by the last batch
        except BrokenProcessPool:
            pool.close()
            batch.workers = None
            batch.writer.keep_temp = False
            state.done = base + sum(len(chunks[n]) for n in finished)
            for number, chunk in enumerate(chunks):
                if number in finished:
                    continue
                for job in chunk:
                    if cancel is not None and cancel.is_set():
                        return batch
                    batch.put_prepared(prepare(job), state)
                    state.step(progress, job[0])
        finally:
            pool.close()
        return batch

    # -- reading ------------------------------------------------------------------

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

    def document(self, doc: str) -> Document:
        """A document with each related link's target resolved against the corpus now."""
        store = self._store()
        doc_id = self.resolve(doc)
        document = store.document(doc_id)
        if document is None:
            raise DocumentNotFound(f"no document {doc!r} in this library")
        if not document.related:
            return document
        links = []
        for link in document.related:
            key = normalize_title(link.title)
            target = store.full_document_with_key(key, other_than=doc_id)
            if target is None and store.has_document("summary:" + key):
                target = "summary:" + key
            links.append(RelatedLink(link.title, link.date, link.type, link.topics, link.authors, link.summary, target))
        from dataclasses import replace

        return replace(document, related=tuple(links))

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

    def search(self, text: str, *, limit: int = 20, filters: dict[str, str] | None = None) -> SearchResult:
        return _query.search(self, text, limit=limit, filters=filters)

    def matches(self, doc_id: str, text: str) -> dict[str, tuple[tuple[str, int, int], ...]]:
        return _query.matches(self, doc_id, text)

    def more_like_this(self, doc_id: str, limit: int = 5) -> list[Similar]:
        return _query.more_like_this(self, doc_id, limit=limit)

    def backlinks(self, doc_id: str) -> list[Similar]:
        store = self._store()
        document = store.document(doc_id)
        if document is None:
            return []
        key = normalize_title(document.title)
        ids = [src for src in store.linking_documents(key) if src != doc_id]
        summaries = store.summaries(ids)
        return [Similar(i, summaries[i].title) for i in ids if i in summaries]

    def file_path(self, doc_id: str) -> str | None:
        """The file a document was read from, exactly (for an editor), or None."""
        return self._store().file_path(doc_id)

    def find_sections(self, text: str, limit: int = 20) -> list:
        """Sections anywhere in the library whose titles hold the words."""
        return _query.find_sections(self, text, limit=limit)

    def facets(self, text: str = "") -> Facets:
        return _query.facets(self, text)

    def suggest(self, text: str) -> str | None:
        return _query.suggest(self, text)

    def summaries(self, doc_ids) -> dict[str, DocumentSummary]:
        return self._store().summaries(doc_ids)
