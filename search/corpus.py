"""Where a corpus is and which of its files are documents.

A corpus is one or more folders or files. A document's id is its path relative to
its root with ``/`` separators; when several roots are given, the root's name is put
in front so that ``a/notes.md`` and ``b/notes.md`` stay apart.

Symbolic links: a link to a file is followed when its target lies inside one of the
roots (a link out of the corpus is skipped and reported, so pointing readingroom at
a folder never reads ``/etc``). Links to folders are not followed, which also makes
link loops harmless.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .model import Skipped
from .parse import is_candidate

BUNDLED_CORPUS = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class CorpusFile:
    doc_id: str
    path: Path
    size: int
    mtime_ns: int


def resolve_roots(paths: Sequence[str | os.PathLike] | None) -> tuple[Path, ...]:
    """The absolute roots of a corpus; the bundled seeds when none are given."""
    if not paths:
        return (BUNDLED_CORPUS,)
    roots: list[Path] = []
    for raw in paths:
        root = Path(os.path.abspath(os.path.expanduser(os.fspath(raw))))
        if root not in roots:
            roots.append(root)
    return tuple(roots)


def corpus_key(roots: Sequence[Path]) -> str:
    """A stable, readable folder name for the index of this corpus."""
    joined = "\n".join(sorted(str(r) for r in roots))
    digest = hashlib.sha1(joined.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", roots[0].name or "root").strip("-")[:40] or "corpus"
    return f"{name}-{digest}"


def _prefixes(roots: Sequence[Path]) -> list[str]:
    if len(roots) == 1:
        return [""]
    seen: dict[str, int] = {}
    prefixes = []
    for root in roots:
        name = root.name or "root"
        seen[name] = seen.get(name, 0) + 1
        prefixes.append(f"{name}/" if seen[name] == 1 else f"{name}-{seen[name]}/")
    return prefixes


def doc_id_for_path(roots: Sequence[Path], path: str | os.PathLike) -> str | None:
    """The doc_id a file has (or would have) in this corpus, or None if outside it."""
    real = os.path.realpath(path)
    for root, prefix in zip(roots, _prefixes(roots)):
        base = os.path.realpath(root)
        if real == base and os.path.isfile(real):
            return prefix + os.path.basename(base)
        relative = os.path.relpath(real, base)
        if not relative.startswith(".." + os.sep) and relative != ".." and relative != ".":
            return prefix + relative.replace(os.sep, "/")
    return None


def _within(path: Path, roots: Iterable[Path]) -> bool:
    real = os.path.realpath(path)
    for root in roots:
        base = os.path.realpath(root)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


def _display(path: str) -> str:
    """A path made safe to store and print: undecodable bytes shown as escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_id(relative: str) -> str:
    """A doc_id from a relative path: the path itself, with undecodable bytes as \\xNN.

    (Control characters such as a newline in a name stay: they are data, shown
    as visible placeholders by whatever prints them.)
    """
    return _display(relative)


display_path = _display


def walk(roots: Sequence[Path], skipped: list[Skipped]) -> Iterator[CorpusFile]:
    """Every candidate document under the roots, in a stable order.

    Problems (a folder that cannot be listed, a link out of the corpus) are appended
    to ``skipped``; they never stop the walk.

    Two files whose ids read the same (``caf\\xe9.txt`` spelled out, and ``caf`` +
    byte E9 + ``.txt``, whose undecodable byte is written as that escape) cannot
    both be documents: the first in walk order is, the other is reported.
    """
    taken: set[str] = set()
    for corpus_file in _walk_roots(roots, skipped):
        if corpus_file.doc_id in taken:
            skipped.append(
                Skipped(
                    _display(str(corpus_file.path)),
                    "its name reads the same as another file's once undecodable bytes "
                    "are written as \\xNN: rename one of them",
                )
            )
            continue
        taken.add(corpus_file.doc_id)
        yield corpus_file


def _walk_roots(roots: Sequence[Path], skipped: list[Skipped]) -> Iterator[CorpusFile]:
    for root, prefix in zip(roots, _prefixes(roots)):
        try:
            root_stat = os.stat(root)
        except OSError as error:
            skipped.append(Skipped(_display(str(root)), f"cannot open: {error.strerror or error}"))
            continue
        if stat.S_ISREG(root_stat.st_mode):
            yield CorpusFile(safe_id(prefix + root.name), root, root_stat.st_size, root_stat.st_mtime_ns)
            continue
        yield from _walk_folder(root, root, prefix, roots, skipped)


def _walk_folder(folder: Path, root: Path, prefix: str, roots, skipped: list[Skipped]) -> Iterator[CorpusFile]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as error:
        skipped.append(Skipped(_display(str(folder)), f"cannot list folder: {error.strerror or error}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                if entry.is_dir(follow_symlinks=True):
                    skipped.append(Skipped(_display(entry.path), "link to a folder: not followed"))
                    continue
                if not _within(path, roots):
                    skipped.append(Skipped(_display(entry.path), "link points outside the corpus"))
                    continue
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_folder(path, root, prefix, roots, skipped)
                continue
            if not is_candidate(path):
                continue
            info = entry.stat(follow_symlinks=True)
        except OSError as error:
            skipped.append(Skipped(_display(entry.path), f"cannot read: {error.strerror or error}"))
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        relative = os.path.relpath(entry.path, root).replace(os.sep, "/")
        yield CorpusFile(safe_id(prefix + relative), path, info.st_size, info.st_mtime_ns)
