"""Opening an index folder whatever state it is in.

People run readingroom on shared servers and on folders they did not make. The
index folder may be fine, damaged (a truncated or deleted segment file, garbage in
the table of contents, an unreadable database), read-only, or impossible to create
(a read-only file system, a full disk). Each case opens *something* usable, and says
in one line what happened:

- fine: the index on disk, written as usual;
- damaged: set aside and rebuilt from the corpus (the files are the truth);
- read-only with an index in it: searched as it is, never written;
- not writable and no index: an index in memory for a small corpus, else an error
  that names the folder and how to choose another (``--index-dir``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from .errors import IndexUnavailable

MEMORY_LIMIT_FILES = 2000  # the largest corpus indexed in memory when the disk refuses
_memory_names = count()


class IndexDamaged(Exception):
    """The Whoosh index cannot be read back as written."""


@dataclass
class Opened:
    mode: str  # "disk", "readonly" or "memory"
    ix: object
    store_target: str  # a path, or a shared in-memory SQLite URI
    problem: str | None = None  # one line for the user, when something was not as expected
    damaged: bool = False


def writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (tried, not guessed from modes)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
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


def open_whoosh(folder: Path, schema, *, readonly: bool):
    """The Whoosh index in ``folder`` (created unless read-only); IndexDamaged if unreadable."""
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(folder), supports_mmap=False, readonly=readonly)
    if not readonly:
        storage.create()  # the folder, if it is not there yet
    try:
        if storage.index_exists():
            return storage.open_index()
    except Exception as error:  # noqa: BLE001 - a table of contents that cannot be read is damage
        raise IndexDamaged(f"{type(error).__name__}: {error}") from error
    if readonly:
        raise IndexUnavailable(f"no index in read-only folder {folder}")
    return storage.create_index(schema)


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
            # the header with the file's size. (``PRAGMA quick_check`` read every page:
            # 85 ms at 10,000 documents on every start, for nothing this does not catch.)
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
        return True
    except sqlite3.OperationalError as error:
        # Locked or busy is readable, just not now; "not a database" is damage.
        return "not a database" not in str(error) and "malformed" not in str(error)
    except sqlite3.DatabaseError:
        return False
