"""The real corpora: where each one lives, how to get it when it is missing, which files count.

A corpus is a folder of documents nobody on the project wrote. Each has a *root*
(document ids are paths relative to it, as readingroom makes them) and a fixed
*selection* of files below the root that is indexed for the ranking figures, kept
small enough to index in a few minutes on two cores. Getting one is printed
before it is done: ``apt-get install`` for Debian's documentation packages,
``git clone --depth 1`` for public repositories, and, for Debian's plain text,
gathering the READMEs, copyright files and changelogs of ``/usr/share/doc`` (gzip
files decompressed) into a folder of the work directory.

Existing copies are looked for first, by folder name, in every ``--root`` given,
in ``$READINGROOM_REALDOCS`` (a colon-separated list), in ``/tmp/corpora`` and in
the work folder's ``sources/``; a clone or a gathering goes into ``sources/``.
"""

from __future__ import annotations

import fnmatch
import gzip
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

ENV_ROOTS = "READINGROOM_REALDOCS"
DEFAULT_ROOTS = (Path("/tmp/corpora"),)
DEBIAN_DOC = Path("/usr/share/doc")
GATHER_LIMIT = 4 * 1024 * 1024  # a plain-text file larger than this is left out of the gathering


@dataclass(frozen=True)
class Corpus:
    """One real corpus.

    ``folder`` is the name an existing copy is found under (a clone's
    "owner+repo", or the gathered folder's name) and ``inside`` the path of the
    root within it; ``fixed`` is where a Debian package puts it (then ``apt``
    names the packages that do). ``include`` and ``exclude`` are glob patterns
    on the ids (``fnmatch``: ``*`` crosses ``/``) choosing what is indexed.
    """

    name: str
    kind: str  # what a reader calls its format, for the tables
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    folder: str = ""
    inside: str = ""
    fixed: str = ""
    apt: tuple[str, ...] = ()
    git: str = ""
    gather: bool = False

    def wanted(self, doc_id: str) -> bool:
        """Whether the file with this id is part of the indexed selection."""
        return any(fnmatch.fnmatchcase(doc_id, p) for p in self.include) and not any(
            fnmatch.fnmatchcase(doc_id, p) for p in self.exclude
        )


CORPORA: tuple[Corpus, ...] = (
    Corpus(
        name="python-docs",
        kind="HTML (Sphinx)",
        fixed="/usr/share/doc/python3.11/html",
        apt=("python3.11-doc",),
        # The library reference, tutorial, language reference, HOWTOs and FAQ: the
        # pages a reader searches. The generated indexes, C API and "what's new" are not.
        include=("library/*.html", "tutorial/*.html", "reference/*.html", "howto/*.html", "faq/*.html", "glossary.html"),
    ),
    Corpus(
        name="debian-reference",
        kind="HTML (DocBook)",
        fixed="/usr/share/debian-reference",
        apt=("debian-reference-en",),
        include=("*.en.html",),
    ),
    Corpus(
        name="rust-book",
        kind="Markdown (mdBook)",
        folder="rust-lang+book",
        inside="src",
        git="https://github.com/rust-lang/book",
        include=("*.md",),
    ),
    Corpus(
        name="tldr",
        kind="Markdown (tldr pages)",
        folder="tldr-pages+tldr",
        inside="pages",
        git="https://github.com/tldr-pages/tldr",
        include=("common/*.md", "linux/*.md"),
    ),
    Corpus(
        name="debian-text",
        kind="plain text (Debian)",
        folder="debian-text",
        gather=True,
        include=("*",),
    ),
    Corpus(
        name="git-doc",
        kind="asciidoc .txt and HTML",
        fixed="/usr/share/doc/git-doc",
        apt=("git-doc",),
        include=("*.txt", "*.html", "howto/*.txt", "howto/*.html"),
        exclude=("*/*/*",),
    ),
)


def by_name(name: str) -> Corpus:
    for corpus in CORPORA:
        if corpus.name == name:
            return corpus
    raise KeyError(f"no corpus named {name!r}; known: {', '.join(c.name for c in CORPORA)}")


def search_roots(given: Sequence[Path], work: Path) -> list[Path]:
    """The folders existing copies are looked for in, in order."""
    roots = [Path(p) for p in given]
    roots += [Path(p) for p in os.environ.get(ENV_ROOTS, "").split(os.pathsep) if p]
    roots += list(DEFAULT_ROOTS)
    roots.append(work / "sources")
    return roots


def locate(corpus: Corpus, roots: Sequence[Path]) -> Path | None:
    """The root of an existing copy of ``corpus``, or None."""
    if corpus.fixed:
        fixed = Path(corpus.fixed)
        return fixed if fixed.is_dir() and any(fixed.iterdir()) else None
    for base in roots:
        # a folder holding copies (".../corpora/rust-lang+book"), or a --root that is the copy itself
        for copy in (base / corpus.folder, base if base.name == corpus.folder else None):
            candidate = copy / corpus.inside if copy is not None else None
            if candidate is not None and candidate.is_dir() and any(candidate.iterdir()):
                return candidate
    return None


def given_root(corpus: Corpus, folder: Path) -> Path:
    """The root of ``corpus`` in a folder named on the command line for it alone.

    The folder may hold the copy by name (".../corpora" holding "rust-lang+book"),
    be the copy (".../rust-lang+book", whose ``inside`` is the root), or be the
    root itself (any folder of documents, for a fixed corpus too).
    """
    if not corpus.fixed:
        found = locate(corpus, [folder])
        if found is not None:
            return found
    return folder


def obtain(corpus: Corpus, roots: Sequence[Path], work: Path, say: Callable[[str], None] = print) -> Path | None:
    """The root of ``corpus``: an existing copy, else one installed, cloned or gathered now.

    Returns None (after saying why) when it cannot be had: no network, not root.
    """
    found = locate(corpus, roots)
    if found is not None:
        say(f"{corpus.name}: using {found}")
        return found
    sources = work / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    if corpus.apt:
        command = ["apt-get", "install", "-y", *corpus.apt]
        if os.geteuid() != 0 and shutil.which("sudo"):
            command.insert(0, "sudo")
        say(f"{corpus.name}: installing: {' '.join(command)}")
        if not _run(command, say):
            return None
    elif corpus.git:
        target = sources / corpus.folder
        command = ["git", "clone", "--depth", "1", corpus.git, str(target)]
        say(f"{corpus.name}: cloning: {' '.join(command)}")
        if not _run(command, say):
            return None
    elif corpus.gather:
        target = sources / corpus.folder
        say(f"{corpus.name}: gathering READMEs, copyright files and changelogs of {DEBIAN_DOC} into {target}")
        count = gather_debian_text(DEBIAN_DOC, target)
        say(f"{corpus.name}: {count} files gathered")
    return locate(corpus, [sources, *roots])


def _run(command: list[str], say: Callable[[str], None]) -> bool:
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        say(f"  failed: {error}")
        return False
    if done.returncode != 0:
        say(f"  failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:] or ''}")
        return False
    return True


_GATHERED = ("readme", "copyright", "changelog", "news", "todo", "authors", "thanks")


def gather_debian_text(source: Path, target: Path) -> int:
    """Copy each package's plain-text notes from ``source`` into ``target/<package>/``.

    Which: files directly in a package's folder whose name starts with README,
    copyright, changelog, NEWS, TODO, AUTHORS or THANKS (any case), decompressed
    when gzipped, and at most ``GATHER_LIMIT`` bytes. HTML and Markdown notes are
    left to the other corpora.
    """
    count = 0
    for package in sorted(p for p in source.iterdir() if p.is_dir() and not p.is_symlink()):
        for path in sorted(package.iterdir()):
            name = path.name
            if not path.is_file() or not name.lower().startswith(_GATHERED):
                continue
            plain = name[:-3] if name.endswith(".gz") else name
            if plain.lower().endswith((".html", ".htm", ".md", ".pdf")):
                continue
            try:
                data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
            except (OSError, EOFError, gzip.BadGzipFile):
                continue
            if len(data) > GATHER_LIMIT or b"\0" in data[:4096]:
                continue
            out = target / package.name / plain
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            count += 1
    return count


def selection(corpus: Corpus, root: Path) -> list[str]:
    """The ids of the files of ``root`` that are indexed, sorted."""
    ids = []
    for path in _files(root):
        doc_id = path.relative_to(root).as_posix()
        if corpus.wanted(doc_id):
            ids.append(doc_id)
    return sorted(ids)


def _files(root: Path) -> Iterable[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith("."):
                yield Path(folder) / name


def materialize(root: Path, ids: Sequence[str], target: Path) -> Path:
    """A folder holding exactly the selected files (copies: readingroom does not follow links out).

    Files already there with the same size and time are kept, others written,
    and anything else in the folder removed, so the index sees just the selection.
    """
    target.mkdir(parents=True, exist_ok=True)
    wanted = set(ids)
    for doc_id in ids:
        source = root / doc_id
        copy = target / doc_id
        info = source.stat()
        try:
            have = copy.stat()
            if have.st_size == info.st_size and int(have.st_mtime) == int(info.st_mtime):
                continue
        except FileNotFoundError:
            pass
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
    for path in list(_files(target)):
        if path.relative_to(target).as_posix() not in wanted:
            path.unlink()
    return target
