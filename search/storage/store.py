"""The library's own records beside the Whoosh index, in one SQLite file.

Whoosh answers "which documents match"; everything else lives here: the sync
manifest (what was indexed, from which bytes), every parsed Document (so the reader
and ``show`` never re-parse), and the related links by normalized title (so targets
and backlinks are a lookup, not a search). Reading mtimes back from Whoosh's stored
fields took about half a second at 10,000 files; a SQLite table reads them in a few
milliseconds.

Crash safety comes from ordering: a sync commits Whoosh first and this store second,
before it releases the index's lock, and the store records the generation of the
Whoosh commit it goes with (``GENERATION_KEY``). If the process dies between the
two, the manifest still describes the old files and names an older generation, so
the next sync parses them again and replaces their records (never adds them twice):
the two converge. A store that lists nothing beside a full index, or that is newer
than its index, is damage (``opening.disagreement``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from .. import doclinks
from ..model import Document, DocumentSummary, RelatedLink, document_from_dict, link_from_dict, normalize_title, to_dict

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, sidecar TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL,
    title_key TEXT NOT NULL, date TEXT NOT NULL, type TEXT NOT NULL,
    topics TEXT NOT NULL, path TEXT NOT NULL, url TEXT NOT NULL, payload BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS documents_by_title_key ON documents (title_key);
CREATE TABLE IF NOT EXISTS links (
    src TEXT NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL, entry TEXT NOT NULL,
    PRIMARY KEY (src, pos));
CREATE INDEX IF NOT EXISTS links_by_key ON links (key);
CREATE TABLE IF NOT EXISTS doc_links (
    src TEXT NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL, section TEXT NOT NULL,
    PRIMARY KEY (src, pos)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_links_by_key ON doc_links (key);
CREATE TABLE IF NOT EXISTS doc_keys (key TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_keys_by_doc ON doc_keys (doc_id);
CREATE TABLE IF NOT EXISTS mentions (word TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (word, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_by_doc ON mentions (doc_id);
CREATE TABLE IF NOT EXISTS vocabulary (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


GENERATION_KEY = "whoosh_generation"  # the Whoosh commit the store was last committed with
INDEX_KEY = "whoosh_index"  # the identity of that Whoosh index (``whoosh_ext.signed.identity``)


@dataclass(frozen=True)
class FileState:
    """What the manifest remembers of one indexed file."""

    doc_id: str
    path: str
    size: int
    mtime_ns: int
    sidecar: str
    hash: str


def encode_path(path: str) -> str:
    """A file path as the manifest keeps it: reversible even for undecodable names.

    File names are bytes; Python shows the undecodable ones with surrogate
    characters, which SQLite (and JSON) refuse. The manifest keeps the raw bytes,
    spelled one character per byte.
    """
    return os.fsencode(path).decode("latin-1")


def decode_path(stored: str) -> str:
    return os.fsdecode(stored.encode("latin-1"))


def pack(document: Document) -> bytes:
    """A document as the store keeps it (zlib-compressed JSON)."""
    return _pack(document)


def _pack(document: Document) -> bytes:
    return zlib.compress(json.dumps(to_dict(document), ensure_ascii=False).encode("utf-8"), 1)


def _unpack(payload: bytes, marks: bool = True) -> Document:
    return document_from_dict(json.loads(zlib.decompress(payload).decode("utf-8")), marks)


class Store:
    """One connection to the library database. Not shared between threads."""

    def __init__(self, path: Path | str, *, mode: str = "disk") -> None:
        """``mode``: "disk" (read and write), "readonly" (a folder that cannot be
        written: opened immutable, nothing is ever written) or "memory" (``path``
        is a shared in-memory SQLite URI)."""
        self.path = path
        self.mode = mode
        if mode == "readonly":
            self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, timeout=30, check_same_thread=False)
            return
        if mode == "memory":
            self._db = sqlite3.connect(str(path), uri=True, timeout=30, check_same_thread=False)
        else:
            self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_TABLES)
        self._db.commit()
        self._db.execute("PRAGMA synchronous=NORMAL")

    def close(self) -> None:
        self._db.close()

    # -- transactions -------------------------------------------------------------

    def commit(self) -> None:
        self._db.commit()

    def rollback(self) -> None:
        self._db.rollback()

    # -- meta ---------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def clear(self) -> None:
        for table in ("files", "documents", "links", "doc_links", "doc_keys", "mentions", "vocabulary"):
            self._db.execute(f"DELETE FROM {table}")
        self._db.execute("DELETE FROM meta WHERE key IN (?, ?)", (GENERATION_KEY, INDEX_KEY))

    # -- manifest -----------------------------------------------------------------

    def file_states(self) -> dict[str, FileState]:
        rows = self._db.execute("SELECT doc_id, path, size, mtime_ns, sidecar, hash FROM files")
        return {row[0]: FileState(row[0], decode_path(row[1]), *row[2:]) for row in rows}

    def put_file_state(self, state: FileState) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO files (doc_id, path, size, mtime_ns, sidecar, hash)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (state.doc_id, encode_path(state.path), state.size, state.mtime_ns, state.sidecar, state.hash),
        )

    def remove_file_state(self, doc_id: str) -> None:
        self._db.execute("DELETE FROM files WHERE doc_id = ?", (doc_id,))

    # -- documents ----------------------------------------------------------------

    def put_document(self, document: Document, payload: bytes | None = None) -> None:
        """Store a document; ``payload`` is ``pack(document)`` when a worker made it already."""
        self._db.execute(
            "INSERT OR REPLACE INTO documents"
            " (doc_id, kind, title, title_key, date, type, topics, path, url, payload)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document.doc_id,
                document.kind,
                document.title,
                normalize_title(document.title),
                document.date,
                document.type,
                json.dumps(list(document.topics), ensure_ascii=False),
                document.path,
                document.url,
                payload if payload is not None else _pack(document),
            ),
        )
        self._db.execute("DELETE FROM links WHERE src = ?", (document.doc_id,))
        self._db.executemany(
            "INSERT INTO links (src, pos, key, entry) VALUES (?, ?, ?, ?)",
            [
                (document.doc_id, pos, normalize_title(link.title), json.dumps(to_dict(link), ensure_ascii=False))
                for pos, link in enumerate(document.related)
                if normalize_title(link.title)
            ],
        )

        self._put_references(document)

    def _put_references(self, document: Document) -> None:
        """What the document says of others and they of it (``doclinks``): its links into the corpus,
        the keys other links reach it by, and the names it writes as code."""
        self._db.execute("DELETE FROM doc_links WHERE src = ?", (document.doc_id,))
        self._db.execute("DELETE FROM doc_keys WHERE doc_id = ?", (document.doc_id,))
        if document.kind != "full":
            return
        self._db.executemany(
            "INSERT INTO doc_links (src, pos, key, section) VALUES (?, ?, ?, ?)",
            [(document.doc_id, pos, key, section) for pos, key, section in doclinks.stored_links(document)],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO doc_keys (key, doc_id) VALUES (?, ?)",
            [(key, document.doc_id) for key in doclinks.document_keys(document.doc_id, document.title)],
        )
        self._db.execute("DELETE FROM mentions WHERE doc_id = ?", (document.doc_id,))
        self._db.executemany(
            "INSERT OR IGNORE INTO mentions (word, doc_id) VALUES (?, ?)",
            [(word, document.doc_id) for word in doclinks.mentions(document)],
        )

    def remove_document(self, doc_id: str) -> None:
        self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM links WHERE src = ?", (doc_id,))
        self._db.execute("DELETE FROM doc_links WHERE src = ?", (doc_id,))
        self._db.execute("DELETE FROM doc_keys WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))

    def document(self, doc_id: str, *, marks: bool = True) -> Document | None:
        """The stored document; without its sections' marks when ``marks`` is False."""
        row = self._db.execute("SELECT payload FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return _unpack(row[0], marks) if row else None

    def has_document(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def doc_id_for_path(self, path: str) -> str | None:
        row = self._db.execute("SELECT doc_id FROM files WHERE path = ?", (encode_path(path),)).fetchone()
        return row[0] if row else None

    def file_path(self, doc_id: str) -> str | None:
        """The real path of a document's file (undecodable bytes and all)."""
        row = self._db.execute("SELECT path FROM files WHERE doc_id = ?", (doc_id,)).fetchone()
        return decode_path(row[0]) if row else None

    def summaries(self, doc_ids: Iterable[str] | None = None) -> dict[str, DocumentSummary]:
        """Title, date, type and kind of documents, without unpacking their text."""
        sql = "SELECT doc_id, title, kind, date, type, topics, path FROM documents"
        if doc_ids is None:
            rows = self._db.execute(sql)
        else:
            ids = list(doc_ids)
            rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows.extend(
                    self._db.execute(sql + f" WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk)
                )
        # The same few kinds, dates, types and topic lists recur across thousands of
        # documents: one shared copy of each keeps a listing of 125,000 documents
        # (50,000 articles and their related entries) at 40 MB instead of 100.
        shared: dict[str, str] = {}
        share = shared.setdefault
        topic_lists: dict[str, tuple[str, ...]] = {}

        def topics(text: str) -> tuple[str, ...]:
            found = topic_lists.get(text)
            if found is None:
                found = topic_lists[text] = tuple(share(t, t) for t in json.loads(text))
            return found

        return {
            row[0]: DocumentSummary(
                row[0], row[1], share(row[2], row[2]), share(row[3], row[3]), share(row[4], row[4]), topics(row[5]),
                share(row[6], row[6]),
            )
            for row in rows
        }

    def count(self, kind: str | None = None) -> int:
        if kind:
            return self._db.execute("SELECT COUNT(*) FROM documents WHERE kind = ?", (kind,)).fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    # -- vocabulary ---------------------------------------------------------------

    def vocabulary(self) -> dict[str, int]:
        """Each word of the corpus and how many documents hold it (for "did you mean")."""
        return dict(self._db.execute("SELECT word, df FROM vocabulary"))

    def add_to_vocabulary(self, counts) -> None:
        """Add (or with negative counts, remove) document frequencies; drop what reaches 0."""
        items = [(word, n) for word, n in counts.items() if n]
        if not items:
            return
        self._db.executemany(
            "INSERT INTO vocabulary (word, df) VALUES (?, ?)"
            " ON CONFLICT (word) DO UPDATE SET df = df + excluded.df",
            items,
        )
        self._db.execute("DELETE FROM vocabulary WHERE df <= 0")
        version = int(self.get_meta("vocabulary_version") or 0) + 1
        self.set_meta("vocabulary_version", str(version))

    # -- links --------------------------------------------------------------------

    def full_document_with_key(self, key: str, *, other_than: str | None = None) -> str | None:
        """The full document whose normalized title is ``key`` (the first by doc_id)."""
        row = self._db.execute(
            "SELECT doc_id FROM documents WHERE title_key = ? AND kind = 'full' AND doc_id != ?"
            " ORDER BY doc_id LIMIT 1",
            (key, other_than or ""),
        ).fetchone()
        return row[0] if row else None

    def link_keys(self, doc_id: str) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT key FROM links WHERE src = ?", (doc_id,))}

    def first_link(self, key: str) -> RelatedLink | None:
        """The entry a summary document is made from: the earliest linking document's."""
        row = self._db.execute(
            "SELECT entry FROM links WHERE key = ? ORDER BY src, pos LIMIT 1", (key,)
        ).fetchone()
        if not row:
            return None
        return replace(link_from_dict(json.loads(row[0])), target=None)

    def first_links(self, keys) -> dict[str, RelatedLink]:
        """``first_link`` for many keys at once (a sync settles thousands)."""
        keys = list(keys)
        found: dict[str, RelatedLink] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, entry FROM links WHERE key IN ({','.join('?' * len(chunk))}) ORDER BY key, src, pos",
                chunk,
            )
            for key, entry in rows:
                if key not in found:
                    found[key] = replace(link_from_dict(json.loads(entry)), target=None)
        return found

    def known_ids(self) -> set[str]:
        """The doc ids of every file in the manifest."""
        return {row[0] for row in self._db.execute("SELECT doc_id FROM files")}

    def data_version(self) -> int:
        """SQLite's count of commits by other connections: changes when another process writes."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def unsettled_keys(self) -> set[str]:
        """Titles whose summary is missing, or present but no longer wanted.

        Linked titles with no document at all; summaries whose title is now a
        document of the corpus; summaries nothing links to any more. A sync
        settles these with the titles it touched, so an interrupted sync heals.
        """
        rows = self._db.execute(
            "SELECT DISTINCT key FROM links WHERE key NOT IN (SELECT title_key FROM documents)"
            " UNION SELECT title_key FROM documents WHERE kind = 'summary' AND ("
            " title_key IN (SELECT title_key FROM documents WHERE kind = 'full')"
            " OR title_key NOT IN (SELECT key FROM links))"
        )
        return {row[0] for row in rows}

    def full_title_keys(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT title_key FROM documents WHERE kind = 'full'")}

    def ids_of_kind(self, kind: str) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT doc_id FROM documents WHERE kind = ?", (kind,))}

    def linking_documents(self, key: str) -> list[str]:
        return [
            row[0]
            for row in self._db.execute("SELECT DISTINCT src FROM links WHERE key = ? ORDER BY src", (key,))
        ]

    # -- links written in documents (``doclinks``) ----------------------------------

    def document_with_key(self, key: str) -> str | None:
        """The document a link key names: by a path, the one file; by a name, the shortest path."""
        row = self._db.execute(
            "SELECT doc_id FROM doc_keys WHERE key = ? ORDER BY length(doc_id), doc_id LIMIT 1", (key,)
        ).fetchone()
        return row[0] if row else None

    def documents_linking_to(self, keys: list[str]) -> list[str]:
        if not keys:
            return []
        rows = self._db.execute(
            f"SELECT DISTINCT src FROM doc_links WHERE key IN ({','.join('?' * len(keys))}) ORDER BY src", keys
        )
        return [row[0] for row in rows]

    def referrer_counts(self, named: dict[str, str]) -> dict[str, int]:
        """For each document (doc_id -> its name), how many other documents name it in code or link to it.

        A document that does both counts once. Documents no other one refers to are left out.
        """
        counts: dict[str, int] = {}
        for doc_id, name in named.items():
            (count,) = self._db.execute(
                "SELECT COUNT(*) FROM (SELECT doc_id FROM mentions WHERE word = ? AND doc_id != ?"
                " UNION SELECT l.src FROM doc_keys k JOIN doc_links l ON l.key = k.key"
                " WHERE k.doc_id = ? AND l.src != ?)",
                (name, doc_id, doc_id, doc_id),
            ).fetchone()
            if count:
                counts[doc_id] = count
        return counts

    def mention_counts(self, names: list[str]) -> dict[str, int]:
        """How many documents write each name as code (``doclinks.mentions``)."""
        counts: dict[str, int] = {}
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            rows = self._db.execute(
                f"SELECT word, COUNT(*) FROM mentions WHERE word IN ({','.join('?' * len(chunk))}) GROUP BY word", chunk
            )
            counts.update(rows)
        return counts

    def sources_of_unresolved_links(self) -> list[str]:
        """Documents with a link into the corpus whose key no document has."""
        rows = self._db.execute(
            "SELECT DISTINCT src FROM doc_links WHERE key NOT IN (SELECT key FROM doc_keys) ORDER BY src"
        )
        return [row[0] for row in rows]

    def iter_doc_ids(self) -> Iterator[str]:
        for row in self._db.execute("SELECT doc_id FROM documents ORDER BY doc_id"):
            yield row[0]
