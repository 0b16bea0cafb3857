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

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..model import Skipped
from ..parse import is_candidate_name, sidecar_for, sidecar_names

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class CorpusFile:
    """One document file as the walk found it.

    ``location`` is the path as text, and ``sidecar`` the signature of its metadata
    sidecar ("name:size:mtime", empty without one), both taken from the folder
    listing: a sync of 10,000 unchanged files is mostly this walk, and building a
    ``Path`` and asking the file system about sidecars per file cost half of it.
    """

    doc_id: str
    location: str
    size: int
    mtime_ns: int
    sidecar: str = ""

    @property
    def path(self) -> Path:
        return Path(self.location)


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
            yield CorpusFile(
                safe_id(prefix + root.name), str(root), root_stat.st_size, root_stat.st_mtime_ns, sidecar_signature(root)
            )
            continue
        base = str(root)
        cut = len(base) if base.endswith(os.sep) else len(base) + len(os.sep)
        yield from _walk_folder(base, cut, prefix, roots, skipped)


def sidecar_signature(path: Path) -> str:
    """What a sync compares to notice an edited sidecar: its name, size and mtime."""
    side = sidecar_for(path)
    if side is None:
        return ""
    try:
        return _signature(side.name, side.stat())
    except OSError:
        return ""


def _signature(name: str, info: os.stat_result) -> str:
    return f"{name}:{info.st_size}:{info.st_mtime_ns}"


def _listed_sidecar(name: str, listing: dict[str, os.DirEntry]) -> str:
    """:func:`sidecar_signature` from the folder's listing: no lookups for the common file without one."""
    for candidate in sidecar_names(name):
        entry = listing.get(candidate)
        if entry is None:
            continue
        try:
            info = entry.stat(follow_symlinks=True)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            return _signature(candidate, info)
    return ""


def _walk_folder(folder: str, cut: int, prefix: str, roots, skipped: list[Skipped]) -> Iterator[CorpusFile]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as error:
        skipped.append(Skipped(_display(folder), f"cannot list folder: {error.strerror or error}"))
        return
    listing = {entry.name: entry for entry in entries}
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_symlink():
                if entry.is_dir(follow_symlinks=True):
                    skipped.append(Skipped(_display(entry.path), "link to a folder: not followed"))
                    continue
                if not _within(Path(entry.path), roots):
                    skipped.append(Skipped(_display(entry.path), "link points outside the corpus"))
                    continue
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_folder(entry.path, cut, prefix, roots, skipped)
                continue
            if not is_candidate_name(name):
                continue
            info = entry.stat(follow_symlinks=True)
        except OSError as error:
            skipped.append(Skipped(_display(entry.path), f"cannot read: {error.strerror or error}"))
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        relative = entry.path[cut:]
        if os.sep != "/":
            relative = relative.replace(os.sep, "/")
        yield CorpusFile(
            safe_id(prefix + relative), entry.path, info.st_size, info.st_mtime_ns, _listed_sidecar(name, listing)
        )
