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


MAX_DEPTH = 256  # folders below a root: deeper ones are reported, not walked
PATH_MAX = 4096  # bytes in a path (Linux's PATH_MAX): a longer one cannot be opened by name


def _too_deep(path: str, depth: int) -> str:
    """Why a folder is not walked, or "" when it is: too deep, or a path too long to open."""
    if depth > MAX_DEPTH:
        return f"folder nested more than {MAX_DEPTH} levels deep: not indexed"
    if len(os.fsencode(path)) >= PATH_MAX:
        return f"path longer than {PATH_MAX:,} bytes: not indexed"
    return ""


def _shortened(path: str) -> str:
    """A path fit to print on one line: a very long one keeps its start and its end."""
    shown = _display(path)
    return shown if len(shown) <= 240 else f"{shown[:120]}…{shown[-100:]}"


def _listing(folder: str, skipped: list[Skipped]) -> list[os.DirEntry] | None:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as error:
        skipped.append(Skipped(_display(folder), f"cannot list folder: {error.strerror or error}"))
        return None


def _walk_folder(folder: str, cut: int, prefix: str, roots, skipped: list[Skipped]) -> Iterator[CorpusFile]:
    """The files under ``folder``, depth first in name order, without recursion.

    A stack of open listings, not nested generators: a folder nested a thousand
    levels deep once raised RecursionError and failed the whole corpus. A folder
    deeper than ``MAX_DEPTH``, or whose path reaches ``PATH_MAX`` bytes (which no
    call can open by name), is reported once and not entered: it costs only itself.
    """
    entries = _listing(folder, skipped)
    if entries is None:
        return
    stack = [(iter(entries), {entry.name: entry for entry in entries}, 1)]
    while stack:
        iterator, listing, depth = stack[-1]
        entry = next(iterator, None)
        if entry is None:
            stack.pop()
            continue
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
                reason = _too_deep(entry.path, depth + 1)
                if reason:
                    skipped.append(Skipped(_shortened(entry.path), reason))
                    continue
                below = _listing(entry.path, skipped)
                if below is not None:
                    stack.append((iter(below), {e.name: e for e in below}, depth + 1))
                continue
            if not is_candidate_name(name):
                continue
            if len(os.fsencode(entry.path)) >= PATH_MAX:
                skipped.append(Skipped(_shortened(entry.path), f"path longer than {PATH_MAX:,} bytes: not indexed"))
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
