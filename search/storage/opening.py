"""Opening an index folder whatever state it is in.

People run readingroom on shared servers and on folders they did not make. The
index folder may be fine, damaged (a truncated or deleted segment file, garbage in
the table of contents, an unreadable database), read-only, or impossible to create
(a read-only file system, a full disk). Each case opens *something* usable, and says
in one line what happened:

- fine: the index on disk, written as usual;
- damaged: set aside and rebuilt from the corpus (the files are the truth). That
  includes a library database SQLite finds malformed (here, or whenever it is read
  later: ``Library`` sets it aside then), and a database and index that disagree
  (``disagreement``); the two are then set aside together;
- read-only with an index in it: searched as it is, never written;
- not writable and no index: an index in memory for a small corpus, else an error
  that names the folder and how to choose another (``--index-dir``);
- writable by someone else (owned by another user, group- or world-writable, under
  a folder another user controls; see ``private``): never read. This user's own
  folder left open by an old umask is closed (0700), its contents set aside unread,
  and the index rebuilt; anyone else's is indexed in memory like an unwritable one;
- not signed with this user's key (``whoosh_ext.signed``: an older version's index,
  a planted table of contents or segment): set aside unread and rebuilt.

A malformed page of the database is not looked for at every start (``PRAGMA
quick_check`` reads every page: about 70 ms for a 10,000-document store, warm): it is
damage wherever SQLite reports it, and the consistency check here costs a few
milliseconds (a lock, two counts).

Whoosh is opened with ``FileStorage(..., supports_mmap=False)``: with memory maps the
searching process grew past a gigabyte at 50,000 documents, without them it stays
small and opens in milliseconds.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, replace
from itertools import count
from pathlib import Path
from typing import Callable

from ..errors import IndexUnavailable
from . import corpora, private
from .location import store_path, whoosh_dir
from .schema import build_schema
from .store import GENERATION_KEY, INDEX_KEY, Store

MEMORY_LIMIT_FILES = 2000  # the largest corpus indexed in memory when the disk refuses
_memory_names = count()


class IndexDamaged(Exception):
    """The Whoosh index cannot be read back as written."""


class IndexUnverified(IndexDamaged):
    """The Whoosh index has no valid signature of this user's: none of it was read."""


class FolderTaken(Exception):
    """The index folder holds another corpus's index (``roots``): this corpus needs a folder of its own."""

    def __init__(self, roots: list[str]) -> None:
        super().__init__(corpora.describe(roots))
        self.roots = roots


@dataclass
class Opened:
    mode: str  # "disk", "readonly" or "memory"
    ix: object
    store_target: str  # a path, or a shared in-memory SQLite URI
    problem: str | None = None  # one line for the user, when something was not as expected
    damaged: bool = False
    anchor: Store | None = None  # in memory: the connection that keeps the shared database alive
    key: bytes | None = None  # the key this index is signed with (None in memory)


def open_index_folder(index_dir: Path, corpus_files: Callable[[], int], roots=None) -> Opened:
    """Open the index folder in whatever state it is in (see above).

    ``corpus_files`` counts the corpus's files, asked only when nothing on disk can
    be used: a corpus up to ``MEMORY_LIMIT_FILES`` is then indexed in memory.
    ``roots``, the corpus's, claim a writable folder for it (``corpora.claim``):
    FolderTaken if another corpus's index is there.
    """
    schema = build_schema()
    problem = None
    reason = private.foreign_writer(index_dir)
    if reason is not None:
        if not private.fixable(index_dir) or not writable(index_dir):
            return _open_in_memory(schema, f"not using the index in {index_dir}: {reason}", corpus_files)
        # This user's own folder, left open to others (an old umask): close it, and read nothing of it.
        os.chmod(index_dir, private.FOLDER_MODE)
        for name in os.listdir(index_dir):
            if ".damaged-" not in name and not name.startswith(".probe-"):
                set_aside(index_dir / name)
        problem = f"The index was open to others ({reason}); it was set aside unread and is rebuilt from the files."
    try:
        key = private.index_key()
    except OSError as error:
        reason = getattr(error, "strerror", None) or str(error)
        return _open_in_memory(schema, f"no private key to sign the index with ({reason})", corpus_files)
    try:
        opened = _open_disk(index_dir, schema, corpus_files, key, roots)
    except (OSError, sqlite3.OperationalError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return _open_elsewhere(index_dir, schema, f"{index_dir} cannot be written ({reason})", corpus_files, key)
    if problem is not None:
        opened.problem, opened.damaged = problem, True
    return opened


def _damage_note(error: IndexDamaged) -> str:
    if isinstance(error, IndexUnverified):
        return f"The index is damaged or not yours ({error}); it was set aside unread and is rebuilt from the files."
    return f"The index was damaged ({error}); it was set aside and is rebuilt from the files."


STORE_UNREADABLE = "The library database was unreadable; it was set aside and the index is rebuilt from the files."


def store_damage_note(error: Exception) -> str:
    return (
        f"The library database is damaged ({error}); it was set aside with the index,"
        " and the index is rebuilt from the files."
    )


def is_store_damage(error: BaseException) -> bool:
    """Whether an SQLite error means the database file itself is damaged (not locked, not busy)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def set_aside_index(index_dir: Path) -> None:
    """Set the library database (and its journal) and the Whoosh index aside together:
    the two describe the same documents, and one is no use without the other."""
    store_file = store_path(index_dir)
    for suffix in ("", "-wal", "-shm"):
        set_aside(Path(str(store_file) + suffix))
    set_aside(whoosh_dir(index_dir))


def _open_disk(index_dir: Path, schema, corpus_files, key: bytes, roots) -> Opened:
    try:
        return _open_disk_once(index_dir, schema, corpus_files, key, roots)
    except sqlite3.DatabaseError as error:
        # A malformed page that only a deeper read finds (under the table of
        # settings the checks read, say): damage like the rest, found one step later.
        if not is_store_damage(error):
            raise
        set_aside_index(index_dir)
        opened = _open_disk_once(index_dir, schema, corpus_files, key, roots)
        return replace(opened, problem=store_damage_note(error), damaged=True)


def _open_disk_once(index_dir: Path, schema, corpus_files, key: bytes, roots) -> Opened:
    store_file, whoosh_folder = store_path(index_dir), whoosh_dir(index_dir)
    if writable(index_dir):
        private.tighten(index_dir)
        if roots is not None:
            other = corpora.claim(index_dir, roots)
            if other is not None:
                raise FolderTaken(other)
        problem = None
        damaged = False
        if not store_is_readable(store_file):
            set_aside_index(index_dir)
            problem = STORE_UNREADABLE
            damaged = True
        private.private_file(store_file)  # SQLite gives its -wal and -shm files the same modes
        try:
            store = Store(store_file)
            documents = store.count()
        except sqlite3.DatabaseError as error:
            if not is_store_damage(error):
                raise
            set_aside_index(index_dir)
            problem, damaged = store_damage_note(error), True
            private.private_file(store_file)
            store = Store(store_file)
            documents = 0
        try:
            try:
                ix = open_whoosh(whoosh_folder, schema, readonly=False, key=key)
                verify(ix, documents)
            except IndexDamaged as error:
                set_aside(whoosh_folder)
                store.clear()
                store.commit()
                ix = open_whoosh(whoosh_folder, schema, readonly=False, key=key)
                problem = _damage_note(error)
                damaged = True
            else:
                reason = disagreement(ix, store)
                if reason is not None:
                    ix.close()
                    store.close()
                    set_aside_index(index_dir)
                    private.private_file(store_file)
                    store = Store(store_file)
                    ix = open_whoosh(whoosh_folder, schema, readonly=False, key=key)
                    problem = (
                        f"The library database and the index disagree ({reason}); both were set aside"
                        " and the index is rebuilt from the files."
                    )
                    damaged = True
        finally:
            store.close()
        return Opened("disk", ix, str(store_file), problem, damaged, key=key)
    return _open_elsewhere(index_dir, schema, f"{index_dir} cannot be written", corpus_files, key)


def _open_elsewhere(index_dir: Path, schema, reason: str, corpus_files, key: bytes) -> Opened:
    """Read-only: search the index that is there. Nothing usable: index in memory."""
    store_file = store_path(index_dir)
    try:
        present = store_file.exists()
    except OSError as error:
        # A folder of ours that cannot even be looked into (``chmod 000``): nothing there to read.
        present = False
        reason = f"{reason}, nor read ({getattr(error, 'strerror', None) or error})"
    if present and store_is_readable(store_file):
        try:
            store = Store(store_file, mode="readonly")
            try:
                documents = store.count()
            finally:
                store.close()
            ix = open_whoosh(whoosh_dir(index_dir), schema, readonly=True, key=key)
            verify(ix, documents)
            return Opened(
                "readonly",
                ix,
                str(store_file),
                f"The index is read-only here ({reason}): searching it as it is; changed files are not indexed.",
                key=key,
            )
        except (IndexDamaged, IndexUnavailable, OSError, sqlite3.Error) as error:
            reason = f"the index in {index_dir} is unreadable and cannot be rebuilt there ({error})"
    return _open_in_memory(schema, reason, corpus_files)


def _open_in_memory(schema, reason: str, corpus_files) -> Opened:
    """An index in memory for this session (a small corpus), or an error naming how to choose a folder."""
    if corpus_files() > MEMORY_LIMIT_FILES:
        raise IndexUnavailable(
            f"Cannot index here: {reason}. Choose a writable folder with --index-dir or READINGROOM_INDEX_DIR."
        )
    uri = memory_store_uri()
    return Opened(
        "memory",
        memory_index(schema),
        uri,
        f"Indexing in memory for this session: {reason}.",
        anchor=Store(uri, mode="memory"),
    )


def empty_index(opened: Opened, index_dir: Path):
    """A new, empty Whoosh index where ``opened``'s was (for a rebuild); the old one must be closed."""
    if opened.mode == "memory":
        return memory_index(build_schema())
    from ..whoosh_ext import signed

    folder = whoosh_dir(index_dir)
    shutil.rmtree(folder, ignore_errors=True)
    storage = signed.PrivateFileStorage(str(folder), supports_mmap=False).create()
    return signed.create_index(storage, build_schema(), opened.key)


def writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (tried, not guessed from modes); creates it private."""
    try:
        private.private_dir(folder)
        handle, name = tempfile.mkstemp(prefix=".probe-", dir=folder)
        os.close(handle)
        os.unlink(name)
        return True
    except OSError:
        return False


def set_aside(path: Path) -> Path | None:
    """Move a damaged file or folder out of the way, keeping it for a post-mortem."""
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        if not aside.is_symlink():
            os.chmod(aside, private.FOLDER_MODE if aside.is_dir() else private.FILE_MODE)  # kept for its owner only
        return aside
    except OSError:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except OSError:
                return None
        return None


def verify(ix, documents_in_store: int) -> None:
    """Read back enough of every segment to trust the index; raise IndexDamaged if not.

    Opening reads the table of contents and every segment's file; reading the
    stored fields of each segment's last record and the first terms of the main
    field reaches the end of the files, where a truncation shows. The number of
    documents must match the store's, or the two have drifted apart.
    """
    try:
        reader = ix.reader()
        try:
            leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
            for leaf, _ in leaves:
                total = leaf.doc_count_all()
                if total:
                    leaf.stored_fields(total - 1)
                for _, (_, terminfo) in zip(range(3), leaf.iter_field("body")):
                    terminfo.doc_frequency()
            documents = sum(reader.doc_frequency("kind", kind) for kind in ("full", "summary"))
            if documents == 0 and documents_in_store > 0:
                raise IndexDamaged(f"it holds no documents, the library lists {documents_in_store}")
        finally:
            reader.close()
    except IndexDamaged:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to read back is damage
        raise IndexDamaged(f"{type(error).__name__}: {error}") from error


def live_documents(ix) -> int:
    """How many documents (not their section records) the index holds, deleted ones left out."""
    reader = ix.reader()
    try:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        total = 0
        for leaf, _ in leaves:
            for kind in ("full", "summary"):
                if ("kind", kind) not in leaf:
                    continue
                if leaf.has_deletions():
                    total += sum(1 for _ in leaf.postings("kind", kind).all_ids())
                else:
                    total += leaf.doc_frequency("kind", kind)
        return total
    finally:
        reader.close()


def disagreement(ix, store: Store) -> str | None:
    """Why the library database and the Whoosh index do not describe the same documents, or None.

    Each commit records Whoosh's generation in the store, in the store's own
    transaction, while the writer still holds the index's lock. Damage is a store
    that lists no documents beside an index that holds some (deleted, or its tables
    emptied); an index older than the store (a restored or recreated ``whoosh/``);
    or, at the same commit, counts that differ. An index ahead of its store is a
    sync that died between its two commits: the next sync repairs it. What looks
    like damage is judged again under the index's lock (another process writing is
    judged next time), so no writer is caught between its two commits.
    """
    if _disagreement(ix, store) is None:
        return None  # the usual case: a few milliseconds, no lock taken
    lock = ix.lock("WRITELOCK")
    try:
        if not lock.acquire(False):
            return None
    except OSError:
        return None
    try:
        return _disagreement(ix, store)
    finally:
        lock.release()


def _disagreement(ix, store: Store) -> str | None:
    recorded = store.get_meta(GENERATION_KEY)  # the store first: it commits second
    recorded_index = store.get_meta(INDEX_KEY)
    documents = store.count()
    generation = ix.latest_generation()
    indexed = live_documents(ix)
    if generation != ix.latest_generation():
        generation = -2  # a commit landed while counting: compare no counts
    if documents == 0 and indexed > 0:
        return f"the database lists no documents, the index holds {indexed:,}"
    if recorded_index is not None:
        from ..whoosh_ext import signed

        current = signed.identity(ix.storage, ix.indexname, getattr(ix, "key", None))
        if current is not None and current != recorded_index:
            return "the index was swapped for another one, not the one the database was written with"
    if recorded is not None and recorded.isdigit() and generation >= -1:
        if generation < int(recorded):
            return f"the index is older than the database: commit {generation}, the database names {recorded}"
        if generation == int(recorded) and indexed != documents:
            return f"the database lists {documents:,} documents, the index holds {indexed:,}"
    return None


def open_whoosh(folder: Path, schema, *, readonly: bool, key: bytes):
    """The Whoosh index in ``folder`` (created unless read-only); IndexDamaged if unreadable.

    It is opened with ``schema``, this version's, not with the copy Whoosh pickles
    into the table of contents: that copy names the module of our field classes,
    which an index must outlive (``search.schema`` became ``search.storage.schema``).
    Nothing of it is unpickled before its signature is checked (``whoosh_ext.signed``):
    IndexUnverified if it has none of ``key``'s.
    """
    from whoosh.index import EmptyIndexError

    from ..whoosh_ext import signed

    storage = signed.PrivateFileStorage(str(folder), supports_mmap=False, readonly=readonly)
    if not readonly:
        storage.create()  # the folder, if it is not there yet
    try:
        return signed.open_index(storage, schema, key)
    except EmptyIndexError:
        pass  # no table of contents yet
    except signed.Unverified as error:
        raise IndexUnverified(str(error)) from error
    except Exception as error:  # noqa: BLE001 - a table of contents that cannot be read is damage
        raise IndexDamaged(f"{type(error).__name__}: {error}") from error
    if readonly:
        raise IndexUnavailable(f"no index in read-only folder {folder}")
    return signed.create_index(storage, schema, key)


def memory_index(schema):
    from whoosh.filedb.filestore import RamStorage

    return RamStorage().create_index(schema)


def memory_store_uri() -> str:
    return f"file:readingroom-{os.getpid()}-{next(_memory_names)}?mode=memory&cache=shared"


def store_is_readable(path: Path) -> bool:
    """Whether the SQLite file can be opened and queried (a garbage file cannot)."""
    if not path.exists():
        return True
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            # A truncated file fails here already: SQLite compares the page count in
            # the header with the file's size. (``PRAGMA quick_check`` reads every page:
            # 70-85 ms at 10,000 documents on every start; a malformed page is found
            # instead when it is read, and set aside then, see ``is_store_damage``.)
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
        return True
    except sqlite3.OperationalError as error:
        # Locked or busy is readable, just not now; "not a database" is damage.
        return "not a database" not in str(error) and "malformed" not in str(error)
    except sqlite3.DatabaseError:
        return False
