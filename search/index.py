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
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import platformdirs

from . import query as _query
from .corpus import CorpusFile, corpus_key, doc_id_for_path, resolve_roots, walk
from .errors import DocumentNotFound, IndexUnavailable, UnreadableFile
from .model import (
    Document,
    DocumentSummary,
    Facets,
    RelatedLink,
    SearchResult,
    Section,
    Similar,
    Skipped,
    SyncReport,
    normalize_title,
)
from .parse import parse_file, sidecar_for
from .records import document_records, summary_document
from .schema import SCHEMA_VERSION, build_schema
from .store import FileState, Store

Progress = Callable[[int, int, str], None]

ENV_INDEX_DIR = "READINGROOM_INDEX_DIR"


def default_index_dir(roots: Sequence[Path]) -> Path:
    override = os.environ.get(ENV_INDEX_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("readingroom")) / "indexes" / corpus_key(roots)


def _sidecar_signature(path: Path) -> str:
    side = sidecar_for(path)
    if side is None:
        return ""
    try:
        info = side.stat()
    except OSError:
        return ""
    return f"{side.name}:{info.st_size}:{info.st_mtime_ns}"


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


class Library:
    """A corpus and its index. Safe to use from several threads."""

    def __init__(self, paths: Sequence[str | os.PathLike] | None = None, *, index_dir: str | os.PathLike | None = None) -> None:
        self.roots = resolve_roots(paths)
        self.index_dir = Path(index_dir).expanduser() if index_dir else default_index_dir(self.roots)
        self._local = threading.local()
        self._lock = threading.RLock()  # one sync at a time
        self._open_lock = threading.Lock()  # opening the index; never held for long
        self._ix = None
        self._generation = 0

    # -- opening ------------------------------------------------------------------

    @property
    def _whoosh_dir(self) -> Path:
        return self.index_dir / "whoosh"

    @property
    def _store_path(self) -> Path:
        return self.index_dir / "library.sqlite"

    def _index(self):
        """The Whoosh index, opened (or created) on first use."""
        with self._open_lock:
            if self._ix is None:
                from whoosh.filedb.filestore import FileStorage

                try:
                    self._whoosh_dir.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise IndexUnavailable(f"cannot create index folder {self.index_dir}: {error.strerror}") from error
                storage = FileStorage(str(self._whoosh_dir), supports_mmap=False)
                if storage.index_exists():
                    self._ix = storage.open_index()
                else:
                    self._ix = storage.create_index(build_schema())
            return self._ix

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            store = Store(self._store_path)
            self._local.store = store
        return store

    def searcher(self):
        """This thread's Searcher, refreshed when the index has changed."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and not searcher.up_to_date():
            # Not Searcher.refresh(): it reuses the readers of unchanged segments and
            # with them their old list of deleted documents, so an updated document
            # would still match its old words.
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = self._index().searcher()
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

    # -- syncing ------------------------------------------------------------------

    def _plan(self, store: Store, progress: Progress | None) -> _Plan:
        plan = _Plan()
        known = store.file_states()
        seen: set[str] = set()
        for corpus_file in walk(self.roots, plan.skipped):
            if corpus_file.doc_id in seen:
                continue
            seen.add(corpus_file.doc_id)
            sidecar = _sidecar_signature(corpus_file.path)
            old = known.get(corpus_file.doc_id)
            if (
                old is not None
                and old.size == corpus_file.size
                and old.mtime_ns == corpus_file.mtime_ns
                and old.sidecar == sidecar
                and old.path == str(corpus_file.path)
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
                    FileState(corpus_file.doc_id, str(corpus_file.path), corpus_file.size, corpus_file.mtime_ns, sidecar, digest)
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
    ) -> SyncReport:
        """Bring the index in step with the files; return what changed.

        Nothing changed means nothing parsed and nothing written. A cancel (the event
        set, or Ctrl+C) commits what was already indexed, so the next sync carries on
        from there instead of starting over.
        """
        with self._lock:
            store = self._store()
            rebuilt = rebuild or store.get_meta("schema_version") not in (None, str(SCHEMA_VERSION))
            if rebuilt:
                self._reset(store)
            plan = self._plan(store, progress)
            for state in plan.touch:
                store.put_file_state(state)
            if not plan.parse and not plan.remove:
                if plan.touch or store.get_meta("schema_version") is None:
                    store.set_meta("schema_version", str(SCHEMA_VERSION))
                    store.commit()
                    if self._ix is None:
                        self._index()
                return SyncReport(unchanged=plan.unchanged, skipped=tuple(plan.skipped), rebuilt=rebuilt)
            return self._apply(store, plan, progress, cancel, rebuilt)

    def _reset(self, store: Store) -> None:
        """Forget everything indexed so far; used for a rebuild."""
        store.clear()
        store.commit()
        with self._open_lock:
            if self._ix is not None:
                self._ix.close()
                self._ix = None
        self._local.searcher = None
        shutil.rmtree(self._whoosh_dir, ignore_errors=True)

    def _apply(self, store: Store, plan: _Plan, progress, cancel, rebuilt: bool) -> SyncReport:
        ix = self._index()
        writer = ix.writer(limitmb=128)
        added = updated = 0
        skipped = list(plan.skipped)
        affected_keys: set[str] = set()
        total = len(plan.parse) + len(plan.remove)
        done = 0
        committed = False
        try:
            for doc_id in plan.remove:
                affected_keys |= self._forget(writer, store, doc_id)
                done += 1
                if progress:
                    progress(done, total, doc_id)
            known_ids = set(store.file_states())
            for corpus_file, sidecar, digest in plan.parse:
                if cancel is not None and cancel.is_set():
                    break
                existed = corpus_file.doc_id in known_ids
                try:
                    document = parse_file(corpus_file.path, corpus_file.doc_id)
                except UnreadableFile as error:
                    skipped.append(Skipped(corpus_file.doc_id, str(error)))
                    if existed:
                        affected_keys |= self._forget(writer, store, corpus_file.doc_id)
                else:
                    if existed:
                        affected_keys |= store.link_keys(corpus_file.doc_id)
                        old = store.document(corpus_file.doc_id)
                        if old is not None:
                            affected_keys.add(normalize_title(old.title))
                        writer.delete_by_term("doc_id", corpus_file.doc_id)
                        updated += 1
                    else:
                        added += 1
                    for record in document_records(document):
                        writer.add_document(**record)
                    store.put_document(document)
                    store.put_file_state(
                        FileState(corpus_file.doc_id, str(corpus_file.path), corpus_file.size, corpus_file.mtime_ns, sidecar, digest)
                    )
                    affected_keys |= {normalize_title(link.title) for link in document.related}
                    affected_keys.add(normalize_title(document.title))
                done += 1
                if progress:
                    progress(done, total, corpus_file.doc_id)
            self._settle_summaries(writer, store, affected_keys - {""})
            store.set_meta("schema_version", str(SCHEMA_VERSION))
            writer.commit()
            committed = True
            store.commit()
        finally:
            if not committed:
                # An exception (Ctrl+C included) between records: keep what was done.
                try:
                    self._settle_summaries(writer, store, affected_keys - {""})
                    writer.commit()
                    store.commit()
                except BaseException:
                    writer.cancel()
                    store.rollback()
        return SyncReport(
            added=added,
            updated=updated,
            removed=len(plan.remove),
            unchanged=plan.unchanged,
            skipped=tuple(skipped),
            rebuilt=rebuilt,
            message="cancelled: the rest is indexed on the next sync" if cancel is not None and cancel.is_set() else None,
        )

    def _forget(self, writer, store: Store, doc_id: str) -> set[str]:
        keys = store.link_keys(doc_id)
        old = store.document(doc_id)
        if old is not None:
            keys.add(normalize_title(old.title))
        writer.delete_by_term("doc_id", doc_id)
        store.remove_document(doc_id)
        store.remove_file_state(doc_id)
        return keys

    def _settle_summaries(self, writer, store: Store, keys: set[str]) -> None:
        """Make a summary document exist exactly for titles linked to but not in the corpus."""
        for key in sorted(keys):
            summary_id = "summary:" + key
            link = store.first_link(key)
            wanted = link is not None and store.full_document_with_key(key) is None
            exists = store.has_document(summary_id)
            if wanted:
                document = summary_document(summary_id, link)
                if exists and store.document(summary_id) == document:
                    continue
                if exists:
                    writer.delete_by_term("doc_id", summary_id)
                for record in document_records(document):
                    writer.add_document(**record)
                store.put_document(document)
            elif exists:
                writer.delete_by_term("doc_id", summary_id)
                store.remove_document(summary_id)

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

    def facets(self, text: str = "") -> Facets:
        return _query.facets(self, text)

    def suggest(self, text: str) -> str | None:
        return _query.suggest(self, text)

    def summaries(self, doc_ids) -> dict[str, DocumentSummary]:
        return self._store().summaries(doc_ids)
