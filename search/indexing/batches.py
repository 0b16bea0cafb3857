"""Writing a sync's plan into the index: batches, commits, and the segment workers.

A batch is one Whoosh writer's worth of changes, with what they mean for summary
documents (titles linked to but not in the corpus) and for the spelling
vocabulary. Each commit is the unit a crash or a cancel can lose: Whoosh is
committed first and the store second, so a sync that dies between the two is
repaired by the next one (see ``storage.store``). A big sync hands the parsing,
analysis and writing to segment workers (``prepare``) and commits their segments
every ``COMMIT_SEGMENTS``.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from functools import partial
from concurrent.futures import TimeoutError
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..model import Skipped, SyncReport, normalize_title
from ..storage.records import document_records, summary_document
from ..storage.schema import SCHEMA_VERSION
from ..storage.store import GENERATION_KEY, INDEX_KEY, FileState, Store
from ..whoosh_ext import signed
from ..whoosh_ext.writer import FastSegmentWriter, drop_unfinished
from .plan import Plan
from .prepare import POOL_THRESHOLD, SEGMENT_DOCUMENTS, SegmentWorkers, document_words, field_formats, prepare, spawn_can_import_main

COMMIT_SEGMENTS = 4  # worker segments per commit during a long sync
# A long sync also commits by time, so that what it has indexed can be searched while
# it goes on: first after FIRST_COMMIT_SECONDS (the first results on a new folder),
# then every COMMIT_SECONDS. Each commit is a segment more until the next merge.
FIRST_COMMIT_SECONDS = 1.5
COMMIT_SECONDS = 10.0
FIRST_CHUNK = 200  # files in each worker's first share: a segment soon, to commit early
SUMMARY_SHARE = 100  # new summaries worth handing to the workers rather than writing here
WRITER_LIMIT_MB = 256
PROGRESS_INTERVAL = 0.1


class _Batch:
    """One Whoosh writer's worth of changes, and what they mean for summaries and spelling."""

    def __init__(self, writer, store: Store, lagging: bool = False) -> None:
        self.writer = writer
        self.store = store
        self.lagging = lagging  # the index may hold documents the store does not list (see _ApplyState)
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
            self.put(item, replace=existed or self.lagging)
        except (OSError, sqlite3.OperationalError):
            raise  # the disk, not the document: the sync stops and says so
        except Exception as error:  # noqa: BLE001 - one document Whoosh refuses must not stop the sync
            state.skipped.append(Skipped(item.doc_id, f"could not be indexed ({type(error).__name__}: {error})"))
            return
        if item.note:
            state.skipped.append(Skipped(item.doc_id, item.note))
        if existed:
            state.updated += 1
            state.touched.append(item.doc_id)
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
            elif self.lagging and summary_id not in self.fresh:
                writer.delete_by_term("doc_id", summary_id)  # perhaps written by the commit the store missed
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
        writer.commit_with([], then=partial(commit_store, self.store, writer))
        self.deferred = set()

    def commit(self) -> None:
        self.closed = True
        # A sync that used segment workers does not merge: Whoosh's policy would
        # fold their many mid-sized segments together in this one process.
        self.writer.commit_with(
            self.segments,
            merge=False if self.workers is not None or self.segments else None,
            then=partial(commit_store, self.store, self.writer),
        )

    def cancel(self) -> None:
        self.closed = True
        self.writer.cancel()
        self.store.rollback()


def commit_store(store: Store, writer) -> None:
    """Commit the store with the generation of the Whoosh commit just written (see ``opening.disagreement``)."""
    store.set_meta(GENERATION_KEY, str(writer.generation))
    identity = signed.identity(writer.storage, writer.indexname, getattr(writer, "_signing_key", None))
    if identity is not None:
        store.set_meta(INDEX_KEY, identity)
    store.commit()


class _ApplyState:
    """Counts and progress of one sync, shared by the batches it commits."""

    def __init__(self, plan: "Plan", known: set[str], lagging: bool = False, committed=None, phase=None) -> None:
        # The store lags a Whoosh commit (a sync died between the two): the files it
        # does not list may be in the index already, so each replaces its old records.
        self.lagging = lagging
        self.committed = committed  # called with (done, total) after each commit but the last
        self.phase = phase  # called with what the sync is doing once the files are read
        self.started = self.last_commit = time.monotonic()
        self.commits = 0
        self.files = {cf.doc_id: (cf, sidecar, digest) for cf, sidecar, digest in plan.parse}
        self.known = known
        self.total = len(plan.parse) + len(plan.remove)
        self.done = 0
        self.added = 0
        self.updated = 0
        self.touched: list[str] = list(plan.remove)
        self.skipped = list(plan.skipped)

    def step(self, progress, doc_id: str) -> None:
        self.done += 1
        if progress:
            progress(self.done, self.total, doc_id)

    @property
    def watched(self) -> bool:
        """Someone searches while this sync runs (the app): commit as it goes. A build nobody
        watches (``readingroom index``) commits as before, once per COMMIT_SEGMENTS."""
        return self.committed is not None

    def commit_due(self) -> bool:
        """Whether enough time has passed to commit what is indexed so far (see COMMIT_SECONDS)."""
        if not self.watched:
            return False
        wait = FIRST_COMMIT_SECONDS if not self.commits else COMMIT_SECONDS
        return time.monotonic() - self.last_commit >= wait

    def say(self, text: str) -> None:
        if self.phase:
            self.phase(text)

    def did_commit(self, *, last: bool) -> None:
        self.commits += 1
        self.last_commit = time.monotonic()
        if not last and self.committed:
            self.committed(self.done, self.total)


def tidy_after_failed_write(ix, writer=None) -> None:
    """A write failed: delete the files it left that no commit names (see ``drop_unfinished``)."""
    try:
        drop_unfinished(ix, writer)
    except OSError:
        pass  # what cannot be deleted now goes at the next commit, as Whoosh does


def open_writer(ix, wait: float, cancel):
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


def apply_plan(
    ix,
    store: Store,
    plan: Plan,
    writer,
    *,
    whoosh_dir: Path,
    workers: int,
    progress,
    cancel,
    rebuilt: bool,
    committed=None,
    phase=None,
) -> SyncReport:
    """Write the plan, committing Whoosh first and the store second.

    Removals go first. A few files are parsed and written here; many are handed
    to segment workers (``prepare``). Either way each commit is the unit a
    crash or a cancel can lose: what was committed stays, and the next sync picks
    up the files that were not reached.
    """
    recorded = store.get_meta(GENERATION_KEY)
    state = _ApplyState(
        plan,
        store.known_ids(),
        lagging=recorded is not None and recorded != str(writer.generation - 1),
        committed=committed,
        phase=phase,
    )
    jobs = [(cf.doc_id, cf.location) for cf, _, _ in plan.parse]
    batch = _Batch(writer, store, state.lagging)
    try:
        for doc_id in plan.remove:
            batch.forget(doc_id)
            state.step(progress, doc_id)
        if workers > 1 and len(jobs) >= POOL_THRESHOLD and spawn_can_import_main():
            batch.writer.keep_temp = True
            batch = _apply_in_workers(ix, store, batch, state, jobs, workers, progress, cancel, whoosh_dir)
        else:
            for number, job in enumerate(jobs):
                if cancel is not None and cancel.is_set():
                    break
                item = prepare(job)
                batch.put_prepared(item, state)
                state.step(progress, job[0])
                if number + 1 < len(jobs) and state.commit_due():
                    batch = _commit_so_far(ix, store, batch, state)
        if not batch.closed:
            _commit(ix, store, batch, state, last=True)
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
        touched=tuple(state.touched) if len(state.touched) <= SyncReport.TOUCHED_LISTED else None,
    )


def _commit(ix, store: Store, batch: _Batch, state: _ApplyState, *, last: bool) -> None:
    """Commit a batch: Whoosh, then the store; the last one of a sync settles the summaries first.

    Until the last batch, a related entry may lead nowhere, as it did before the sync began.
    """
    if last:
        state.say("Saving the index…")
    batch.finish(settle=last)
    store.set_meta("schema_version", str(SCHEMA_VERSION))
    batch.commit()
    batch.fix_up(ix)
    state.did_commit(last=last)


def _next_batch(ix, store: Store, batch: _Batch, state: _ApplyState, *, keep_temp: bool = False) -> _Batch:
    """A new batch for the rest of the sync, after ``batch`` was committed; it settles what ``batch`` saw."""
    fresh = _Batch(FastSegmentWriter(ix, limitmb=WRITER_LIMIT_MB, keep_temp=keep_temp), store, state.lagging)
    fresh.workers = batch.workers
    fresh.keys = batch.keys
    return fresh


def _commit_so_far(ix, store: Store, batch: _Batch, state: _ApplyState) -> _Batch:
    """Commit what this sync has written so far, so that it can be searched; a new batch for the rest."""
    batch.writer.keep_temp = False
    _commit(ix, store, batch, state, last=False)
    return _next_batch(ix, store, batch, state)


def _apply_in_workers(ix, store, batch, state, jobs, workers, progress, cancel, whoosh_dir: Path) -> _Batch:
    """Segment workers write the documents; this process keeps the store in step.

    If the workers cannot run (a host program that cannot be re-imported by a
    spawned process, a worker killed by the system), the files they had not
    finished are indexed here instead: slower, never lost.
    """
    size = min(SEGMENT_DOCUMENTS, -(-len(jobs) // workers))  # every worker gets a share
    # Each worker's first share is small when there is much to do: its segment comes
    # back within a second or two and is committed (``commit_due``), so that a new
    # folder can be searched while the rest is read.
    first = min(FIRST_CHUNK, size) if state.watched and len(jobs) > 2 * FIRST_CHUNK * workers else size
    head = jobs[: first * workers]
    chunks = [head[i : i + first] for i in range(0, len(head), first)]
    rest = jobs[len(head) :]
    chunks += [rest[i : i + size] for i in range(0, len(rest), size)]
    pool = SegmentWorkers(workers)
    batch.workers = pool
    pending: list[tuple[int, object]] = []
    base = state.done
    finished: set[int] = set()
    try:
        next_chunk = 0
        while next_chunk < len(chunks) or pending:
            while next_chunk < len(chunks) and len(pending) < workers:
                pending.append((next_chunk, pool.submit(str(whoosh_dir), chunks[next_chunk])))
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
                pending.append((next_chunk, pool.submit(str(whoosh_dir), chunks[next_chunk])))
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
            if last or len(batch.segments) >= COMMIT_SEGMENTS or (batch.segments and state.commit_due()):
                batch.writer.keep_temp = not last
                _commit(ix, store, batch, state, last=last)
                if not last:
                    batch = _next_batch(ix, store, batch, state, keep_temp=True)
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
