"""Which corpus an index folder holds, so that one corpus never takes another's index.

A folder named by ``--index-dir`` or ``READINGROOM_INDEX_DIR`` is used as it is when it
is empty or already holds this corpus's index (as it always was). Any other corpus
gets a folder of its own inside it, named ``corpus_key``: two corpora can alternate
with the same setting, and neither index is ever cleared for the other.

Each index folder says whose it is in ``corpus.json`` (the corpus's roots), written
once, when the folder is first used, with a link that never replaces another
process's. A folder indexed before there was a ``corpus.json`` is judged by the
files its manifest lists: one whose files all lie outside this corpus is another's.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Sequence

from . import private
from .location import corpus_key, store_path

CORPUS_FILE = "corpus.json"
_SAMPLE = 50  # manifest paths looked at to tell an old index's corpus


def roots_text(roots: Sequence[Path]) -> list[str]:
    return sorted(str(root) for root in roots)


def describe(roots: Sequence[str]) -> str:
    """The corpus as the user names it: its folders."""
    return ", ".join(roots) if roots else "another corpus"


def recorded_roots(index_dir: Path) -> list[str] | None:
    """The roots ``corpus.json`` names, or None when it is missing or unreadable."""
    try:
        with open(index_dir / CORPUS_FILE, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    roots = data.get("roots") if isinstance(data, dict) else None
    if isinstance(roots, list) and roots and all(isinstance(root, str) for root in roots):
        return sorted(roots)
    return None


def other_corpus(index_dir: Path, roots: Sequence[Path]) -> list[str] | None:
    """The roots of the other corpus whose index ``index_dir`` holds, or None (free, or this corpus's)."""
    mine = roots_text(roots)
    recorded = recorded_roots(index_dir)
    if recorded is not None:
        return None if recorded == mine else recorded
    store = store_path(index_dir)
    try:
        if not store.is_file():
            return None  # no index, or only what is left of one: judged when it is opened
    except OSError:
        return None  # a folder that cannot be looked into (``chmod 000``): opening says so
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute(f"SELECT path FROM files LIMIT {_SAMPLE}").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return None  # unreadable: damage, which opening sets aside and rebuilds
    paths = [os.fsdecode(row[0].encode("latin-1")) for row in rows if isinstance(row[0], str)]
    if not paths or any(_inside(path, mine) for path in paths):
        return None
    return sorted({str(Path(path).parent) for path in paths})[:1]


def _inside(path: str, roots: Sequence[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def index_folder(setting: Path, roots: Sequence[Path]) -> Path:
    """Where this corpus's index goes, given the folder the user named: it, or a folder of its own in it."""
    if other_corpus(setting, roots) is None:
        return setting
    return setting / corpus_key(roots)


def claim(index_dir: Path, roots: Sequence[Path]) -> list[str] | None:
    """Write ``corpus.json`` for this corpus unless the folder already names one.

    Returns the other corpus's roots when the folder turns out to be another's
    (another process claimed it first), else None. Never replaces the file.
    """
    mine = roots_text(roots)
    recorded = recorded_roots(index_dir)
    if recorded is not None:
        return None if recorded == mine else recorded
    other = other_corpus(index_dir, roots)
    if other is not None:
        return other
    temp = index_dir / f".{CORPUS_FILE}.{os.getpid()}"
    try:
        handle = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), private.FILE_MODE)
        try:
            os.write(handle, json.dumps({"roots": mine}, ensure_ascii=False).encode("utf-8"))
        finally:
            os.close(handle)
        try:
            os.link(temp, index_dir / CORPUS_FILE)
        except FileExistsError:
            pass  # another process was first: its record stands
        finally:
            os.unlink(temp)
    except OSError:
        return None  # cannot write here: opening finds out and says so
    recorded = recorded_roots(index_dir)
    return None if recorded in (None, mine) else recorded

