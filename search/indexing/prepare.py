"""Turning files into index records: in this process, or in segment workers.

A full build spends its time in three places: parsing, analysis, and writing
postings into Whoosh's segment format. All three run in worker processes for a big
sync: each worker parses and analyzes its share of the files and writes them as a
segment of its own (as Whoosh's multiprocessing writer does), and hands back the
parsed documents for the library store. The main process holds the index's write
lock, deletes replaced records, adds summary documents, and commits the workers'
segments together with its own. Small syncs (a few changed files) do everything
in-process: starting workers costs more than it saves.

Workers are started with "spawn", not "fork": the app syncs from a thread, and
forking a process that has other threads running can deadlock the child.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Document
from ..parse import parse_file
from ..storage.analysis import spelling_words
from ..storage.records import document_records, layout
from ..storage.store import pack
from .corpus import display_path

POOL_THRESHOLD = 400  # files to parse before worker processes are worth starting
# The most of one file that is read and indexed. Analysis holds about 45 bytes per
# byte of text: a 50 MB log peaked at 2.3 GB and took 20 s; at 8 MB it is 0.4 GB and
# 2.5 s. The rest of a bigger file is left out, and the sync says so.
MAX_FILE_BYTES = 8 * 1024 * 1024
# Documents per worker segment. It bounds a worker's memory (about 0.8 GB at 5,000
# articles of 5 KB, 0.5 GB at 2,500) and sets how many segments a big index has:
# every query pays a little for each, so 5,000 (4 segments at 10,000 articles
# instead of 6) answered 10-25% faster and built 8% faster.
SEGMENT_DOCUMENTS = 5000
WORKER_MEMORY_BYTES = 1 << 30  # what a worker may need at the peak, for the count below


@dataclass
class Prepared:
    doc_id: str
    document: Document | None
    records: list[dict] | None = None
    words: frozenset[str] = frozenset()
    error: str | None = None
    payload: bytes | None = None  # the document packed for the store, by the worker
    note: str | None = None  # indexed, with a caveat the user should hear (a cut-off file)


_FORMATS: dict | None = None
_SCHEMA = None


def _schema():
    """This version's schema, built once per process."""
    global _SCHEMA
    if _SCHEMA is None:
        from ..storage.schema import build_schema

        _SCHEMA = build_schema()
    return _SCHEMA


def field_formats() -> dict:
    """The Whoosh formats of the fields analyzed ahead of the writer."""
    global _FORMATS
    if _FORMATS is None:
        from ..storage.schema import ANALYZED_FIELDS

        schema = _schema()
        _FORMATS = {name: schema[name].format for name in ANALYZED_FIELDS}
    return _FORMATS


def _open_index(whoosh_dir: str):
    """The index the main process is writing, with this version's schema (as ``storage.opening.open_whoosh``)."""
    from ..storage.private import index_key
    from ..whoosh_ext import signed

    # Signed, as the main process opened it: a worker unpickles nothing unchecked either.
    return signed.open_index(signed.PrivateFileStorage(whoosh_dir, supports_mmap=False), _schema(), index_key())


def document_words(document: Document) -> frozenset[str]:
    """The spelling vocabulary a document contributes (title and body).

    The same words ``document_records`` collects while it analyzes: a document's
    words are added when it is indexed and subtracted when it goes.
    """
    return frozenset(spelling_words(document.title) | spelling_words(layout(document).body))


def prepare(job: tuple[str, str]) -> Prepared:
    """Parse one file and build its records; never raises for a bad file."""
    doc_id, path = job
    try:
        document = parse_file(Path(path), doc_id, max_bytes=MAX_FILE_BYTES)
    except UnreadableFile as error:
        return Prepared(doc_id, None, error=str(error))
    note = None
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    if size > MAX_FILE_BYTES:
        note = f"indexed only its first {MAX_FILE_BYTES // (1024 * 1024)} MB (the file has {size / (1024 * 1024):,.0f} MB)"
    if document.path != display_path(document.path):
        document = replace(document, path=display_path(document.path))
    words: set[str] = set()
    records = list(document_records(document, formats=field_formats(), words=words))
    return Prepared(doc_id, document, records, frozenset(words), note=note)


def worker_count() -> int:
    override = os.environ.get("READINGROOM_WORKERS")
    if override and override.isdigit():
        return int(override)
    cpus = os.cpu_count() or 1
    available = _available_memory()
    if available is None:
        return cpus
    # A small machine (a 1 GB VPS) runs one worker rather than swap with two.
    return max(1, min(cpus, available // WORKER_MEMORY_BYTES))


def _available_memory() -> int | None:
    """Bytes of memory that can be used without swapping (Linux's MemAvailable), if known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def spawn_can_import_main() -> bool:
    """Whether a spawned worker can start: it re-imports the host's main module.

    A main module that claims a file that is not there (code piped into
    ``python -``) cannot be re-imported, and the workers would die at birth.
    """
    import sys

    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


# -- segment workers ---------------------------------------------------------------

_shared: dict = {}


def _init_worker(progress, cancel, parent: int | None = None) -> None:
    import signal

    # Ctrl+C in a terminal reaches the whole process group. The main process
    # turns it into the cancel flag, and the workers stop at the next file and
    # hand back what they wrote; dying here would lose their share instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _shared["progress"] = progress
    _shared["cancel"] = cancel
    _shared["parent"] = parent if parent is not None else os.getppid()
    end_with_parent(_shared["parent"])


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it dies, even by ``kill -9``.

    An idle worker waits on the pool's call queue, whose writing end every worker
    also holds: the parent's death never reaches it as an end of file, and it
    slept forever (8 orphans in 10 kills). On Linux the kernel sends the worker
    SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon
    thread watches the parent's pid. Either way a parent that died before this ran
    (the worker already reparented) ends the worker at once.
    """
    import signal
    import sys

    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:
        os._exit(1)
    if not armed:
        import threading

        def watch() -> None:
            import time

            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, name="readingroom-parent-watch", daemon=True).start()


def _orphaned() -> bool:
    """The process that started this worker is gone (killed): stop, do not linger."""
    parent = _shared.get("parent")
    return parent is not None and os.getppid() != parent


@dataclass
class SegmentResult:
    segment: object | None  # a Whoosh segment to add to the index, or None
    items: list[Prepared]  # records dropped: the main process needs documents and words
    complete: bool  # False when a cancel stopped the worker early


def write_segment(task: tuple[str, list[tuple[str, str]]]) -> SegmentResult:
    """In a worker: parse, analyze and write a share of the files as one segment."""
    from ..whoosh_ext.writer import FastSegmentWriter

    whoosh_dir, jobs = task
    progress, cancel = _shared.get("progress"), _shared.get("cancel")
    ix = _open_index(whoosh_dir)
    writer = FastSegmentWriter(ix, lock=False)
    items: list[Prepared] = []
    added = False
    complete = True
    try:
        for job in jobs:
            if (cancel is not None and cancel.is_set()) or _orphaned():
                complete = False
                break
            item = prepare(job)
            if item.records:
                try:
                    for record in item.records:
                        writer.add_document(**record)
                    added = True
                except Exception as error:  # noqa: BLE001 - one bad document, not the whole share
                    item = Prepared(item.doc_id, None, error=f"could not be indexed ({type(error).__name__}: {error})")
            item.records = None
            if item.document is not None:
                item.payload = pack(item.document)
            items.append(item)
            if progress is not None:
                with progress.get_lock():
                    progress.value += 1
        if added:
            segment = writer.finish_segment()
        else:
            writer.abandon_segment()
            segment = None
    except BaseException:
        writer.abandon_segment()
        raise
    # The temporary folder is shared with the main writer: it is not this worker's to remove.
    return SegmentResult(segment, items, complete)


def write_documents(task: tuple[str, list[Document]]) -> tuple[object | None, list[frozenset[str]]]:
    """In a worker: write already-built documents (summaries) as one segment.

    Returns the segment and each document's spelling words.
    """
    from ..whoosh_ext.writer import FastSegmentWriter

    whoosh_dir, documents = task
    ix = _open_index(whoosh_dir)
    writer = FastSegmentWriter(ix, lock=False)
    formats = field_formats()
    words = []
    try:
        for document in documents:
            collected: set[str] = set()
            for record in document_records(document, formats=formats, words=collected):
                writer.add_document(**record)
            words.append(frozenset(collected))
        return (writer.finish_segment() if documents else None), words
    except BaseException:
        writer.abandon_segment()
        raise


class SegmentWorkers:
    """A pool of segment workers with a shared progress counter and cancel flag."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        context = multiprocessing.get_context("spawn")
        self.progress = context.Value("l", 0)
        self.cancel = context.Event()
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.progress, self.cancel, os.getpid()),
        )

    def submit(self, whoosh_dir: str, jobs: list[tuple[str, str]]):
        self.whoosh_dir = whoosh_dir
        return self._pool.submit(write_segment, (whoosh_dir, jobs))

    def write_documents(self, documents: list[Document]) -> list:
        """Start writing documents as segments, one share per worker.

        Returns futures of (segment, words per document) in the order of the shares.
        """
        size = -(-len(documents) // self.workers)
        return [
            self._pool.submit(write_documents, (self.whoosh_dir, documents[i : i + size]))
            for i in range(0, len(documents), size)
        ]

    def close(self) -> None:
        self.cancel.set()
        try:
            self._pool.shutdown(wait=True, cancel_futures=True)
        except Exception:  # noqa: BLE001 - a broken pool has nothing left to shut down
            pass
